import pytest

from audit.models import AccessEvent
from helpdesk.models import Customer
from helpdesk.services import customer_create

pytestmark = pytest.mark.django_db


def _url(customer, action=""):
    return f"/customers/{customer.pk}/{action + '/' if action else ''}"


def _edit_data(**overrides):
    data = {"name": "Erika M.", "email": "erika@example.de", "phone": "+49 30 1234567", "external_id": "", "notes": ""}
    return {**data, **overrides}


def test_it_shows_the_profile_with_ticket_history(login, alice, customer, ticket):
    response = login(alice).get(_url(customer))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Erika Mustermann" in page and "e•••@example.de" in page
    assert "erika@example.de" not in page
    assert ticket.get_absolute_url() in page


def test_it_shows_senior_agents_the_whole_email(login, senior, customer, ticket):
    assert "erika@example.de" in login(senior).get(_url(customer)).content.decode()


def test_it_records_one_view_event(login, alice, customer, ticket):
    login(alice).get(_url(customer))
    assert AccessEvent.objects.filter(action="customer.view", target_id=str(customer.pk)).count() == 1


@pytest.mark.parametrize("user", ["charlie", "compliance"])
def test_it_answers_404_to_outsiders_and_compliance(request, login, customer, ticket, user):
    assert login(request.getfixturevalue(user)).get(_url(customer)).status_code == 404


def test_it_shows_light_agents_the_profile_without_the_edit_form(login, light, customer, ticket):
    page = login(light).get(_url(customer)).content.decode()
    assert "Erika M." in page and "Mustermann" not in page
    assert _url(customer, "edit") not in page


def test_it_saves_an_edit(login, alice, customer, ticket):
    response = login(alice).post(_url(customer, "edit"), _edit_data(notes="Prefers phone"))
    assert response.status_code == 302
    customer = Customer.objects.get(pk=customer.pk)
    assert customer.name == "Erika M."
    assert customer.notes == "Prefers phone"


@pytest.mark.parametrize(
    "data", [_edit_data(name=""), _edit_data(email="not-an-email"), _edit_data(phone="1" * 65)]
)
def test_it_refuses_bad_input_and_keeps_it_in_the_form(login, senior, customer, ticket, data):
    response = login(senior).post(_url(customer, "edit"), data)
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert Customer.objects.get(pk=customer.pk).name == "Erika Mustermann"


def test_it_refuses_an_email_of_another_customer(login, senior, customer, ticket):
    customer_create(name="Max", email="max@example.de")
    response = login(senior).post(_url(customer, "edit"), _edit_data(email="max@example.de"))
    assert response.status_code == 400
    assert "already exists" in response.content.decode()


def test_it_leaves_fields_the_agent_sees_masked_out_of_the_edit_form(login, alice, customer, ticket):
    client = login(alice)
    page = client.get(_url(customer)).content.decode()
    assert 'name="email"' not in page and 'name="phone"' not in page

    client.post(_url(customer, "edit"), _edit_data(email="hijack@example.com", phone="+1 555 0100"))
    customer = Customer.objects.get(pk=customer.pk)
    assert customer.email == "erika@example.de" and customer.phone == "+49 30 1234567"


def test_it_forbids_light_agents_to_edit(login, light, customer, ticket):
    assert login(light).post(_url(customer, "edit"), _edit_data()).status_code == 403


def test_it_answers_404_to_outsiders_editing(login, charlie, customer, ticket):
    assert login(charlie).post(_url(customer, "edit"), _edit_data()).status_code == 404


def test_it_lists_customers(login, alice, customer, ticket):
    page = login(alice).get("/customers/").content.decode()
    assert "Erika Mustermann" in page


def test_it_hides_customers_of_other_teams_from_the_list(login, charlie, customer, ticket):
    assert "Erika Mustermann" not in login(charlie).get("/customers/").content.decode()


def test_it_answers_404_to_compliance_on_the_list(login, compliance):
    assert login(compliance).get("/customers/").status_code == 404


def test_it_lists_customers_in_constant_queries(login, admin_user, django_assert_max_num_queries):
    client = login(admin_user)
    for i in range(5):
        customer_create(name=f"C{i}", email=f"c{i}@example.de")
    with django_assert_max_num_queries(14) as small:
        client.get("/customers/")
    for i in range(5, 30):
        customer_create(name=f"C{i}", email=f"c{i}@example.de")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/customers/")
