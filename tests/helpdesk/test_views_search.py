import pytest

from audit.models import AccessEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["#1", "1", "refund", "erika@example.de", "Mustermann"])
def test_it_finds_the_ticket(login, alice, ticket, query):
    response = login(alice).get("/search/", {"q": query})
    assert response.status_code == 200
    assert ticket.get_absolute_url() in response.content.decode()


def test_it_finds_the_customer_by_email(login, alice, customer, ticket):
    page = login(alice).get("/search/", {"q": "erika@example.de"}).content.decode()
    assert customer.get_absolute_url() in page


def test_it_records_the_result_count_but_never_the_query(login, alice, ticket):
    login(alice).get("/search/", {"q": "erika@example.de"})
    event = AccessEvent.objects.get(action="search")
    assert event.result_count == 2
    assert "erika" not in str(event.metadata) + str(event.fields_shown)


def test_it_finds_nothing_for_the_outsider(login, charlie, ticket):
    page = login(charlie).get("/search/", {"q": "refund"}).content.decode()
    assert ticket.get_absolute_url() not in page
    assert AccessEvent.objects.get(action="search").result_count == 0


def test_it_answers_404_to_compliance(login, compliance, ticket):
    assert login(compliance).get("/search/", {"q": "refund"}).status_code == 404


def test_it_shows_the_form_without_a_query_and_records_nothing(login, alice):
    assert login(alice).get("/search/").status_code == 200
    assert not AccessEvent.objects.filter(action="search").exists()


def test_it_refuses_an_overlong_query(login, alice, ticket):
    response = login(alice).get("/search/", {"q": "x" * 201})
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert not AccessEvent.objects.filter(action="search").exists()
