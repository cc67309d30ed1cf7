import pytest
from django.db import connection

from audit.models import AccessEvent
from helpdesk.services import customer_create, ticket_create, ticket_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["1", "refund", "erika@example.de", "Mustermann", '"refund"'])
def test_it_finds_the_ticket(login, alice, ticket, query):
    response = login(alice).get("/search/", {"q": query})
    assert response.status_code == 200
    assert ticket.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("reference", ["#{}", "# {}", "  #{} "])
def test_it_opens_the_ticket_a_hash_number_names(login, alice, ticket, reference):
    response = login(alice).get("/search/", {"q": reference.format(ticket.number)})
    assert response.status_code == 302
    assert response["Location"] == ticket.get_absolute_url()
    event = AccessEvent.objects.get(action="search")
    assert event.result_count == 1


def test_it_opens_no_ticket_of_another_team_by_its_number(login, charlie, ticket):
    response = login(charlie).get("/search/", {"q": f"#{ticket.number}"})
    assert response.status_code == 200
    assert ticket.get_absolute_url() not in response.content.decode()
    assert AccessEvent.objects.get(action="search").result_count == 0


def test_it_answers_an_unknown_hash_number_with_no_results(login, alice, ticket):
    response = login(alice).get("/search/", {"q": f"#{ticket.number + 1000}"})
    assert response.status_code == 200
    assert "No tickets found." in response.content.decode()


def test_it_answers_an_email_address_with_that_customer_and_their_tickets_only(login, alice, bob, ticket, team_a):
    jonas = customer_create(name="Jonas Weber", email="jonas.weber@example.com")
    mention = ticket_create(requester=jonas, subject="Forwarded", body="Please also write to erika@example.de",
                            channel="web", team=team_a)
    client = login(alice)

    page = client.get("/search/", {"q": "Erika@Example.DE"}).content.decode()
    assert ticket.get_absolute_url() in page and ticket.requester.get_absolute_url() in page
    assert mention.get_absolute_url() not in page and jonas.get_absolute_url() not in page

    quoted = client.get("/search/", {"q": '"erika@example.de"'}).content.decode()
    assert mention.get_absolute_url() in quoted and ticket.get_absolute_url() in quoted


def test_it_looks_an_email_address_up_in_a_fixed_number_of_queries(login, alice, ticket, django_assert_max_num_queries):
    client = login(alice)
    client.get("/search/", {"q": "erika@example.de"})
    with django_assert_max_num_queries(12):
        page = client.get("/search/", {"q": "erika@example.de"}).content.decode()
    assert ticket.get_absolute_url() in page


def test_an_email_search_costs_the_same_queries_for_many_tickets(login, alice, bob, customer, ticket, team_a,
                                                                 django_assert_max_num_queries):
    client = login(alice)
    client.get("/search/", {"q": "erika@example.de"})
    with django_assert_max_num_queries(16) as one:
        client.get("/search/", {"q": "erika@example.de"})
    for i in range(6):
        more = ticket_create(requester=customer, subject=f"Order {i}", body="Hi", channel="web", team=team_a)
        ticket_update(ticket=more, actor=alice, assignee=(alice, bob)[i % 2])

    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/search/", {"q": "erika@example.de"}).content.decode()

    assert page.count('class="ticket-link"') == 7 + 1  # seven tickets and the customer
    assert str(bob) in page and str(alice) in page  # the assignee column, read with the tickets


def test_it_finds_no_customer_of_another_team_by_email(login, charlie, ticket):
    page = login(charlie).get("/search/", {"q": "erika@example.de"}).content.decode()
    assert ticket.get_absolute_url() not in page
    assert ticket.requester.get_absolute_url() not in page
    assert AccessEvent.objects.get(action="search").result_count == 0


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


def test_it_searches_words_in_a_fixed_number_of_queries(login, alice, ticket, django_assert_max_num_queries):
    client = login(alice)
    client.get("/search/", {"q": "Mustermann"})
    # The access-log append is one statement on PostgreSQL, three on SQLite (read, move the head, insert).
    with django_assert_max_num_queries(14 if connection.vendor == "postgresql" else 16):
        page = client.get("/search/", {"q": "Mustermann"}).content.decode()
    assert ticket.get_absolute_url() in page and ticket.requester.get_absolute_url() in page
