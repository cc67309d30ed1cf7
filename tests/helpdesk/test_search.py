import pytest

from helpdesk.selectors.search import (
    EMAIL,
    REFERENCE,
    WORDS,
    query_kind,
    search_by_email,
    search_customers,
    search_tickets,
    ticket_by_reference,
)
from helpdesk.services import comment_create, customer_create, ticket_create


@pytest.fixture
def other_ticket(team_a):
    jonas = customer_create(name="Jonas Weber", email="jonas.weber@example.com", phone="+49 89 7654321")
    return ticket_create(
        requester=jonas, subject="Lieferung verspätet", body="Wo bleibt mein Paket?", channel="web", team=team_a
    )


def test_it_finds_a_ticket_by_number(ticket, other_ticket, alice):
    assert search_tickets(user=alice, query=f"#{ticket.number}") == [ticket]
    assert search_tickets(user=alice, query=str(other_ticket.number)) == [other_ticket]


def test_it_finds_tickets_by_customer_email_in_any_case(ticket, other_ticket, alice):
    assert search_tickets(user=alice, query="  ERIKA@Example.DE ") == [ticket]


def test_it_finds_customers_by_phone_in_another_format(settings, customer, alice, ticket):
    settings.SEALDESK_PHONE_REGION = "DE"

    assert search_customers(user=alice, query="030 1234567") == [customer]
    assert search_customers(user=alice, query="+49301234567") == [customer]
    assert search_customers(user=alice, query="+49301234568") == []


def test_it_finds_tickets_by_words_of_subject_comments_and_names(ticket, other_ticket, alice):
    comment_create(
        ticket=other_ticket, body="The parcel was returned to the depot", is_public=False, author_agent=alice
    )

    assert search_tickets(user=alice, query="refund order") == [ticket]
    assert search_tickets(user=alice, query="verspätet") == [other_ticket]
    assert search_tickets(user=alice, query="returned depot") == [other_ticket]
    assert search_tickets(user=alice, query="Mustermann") == [ticket]


def test_it_requires_every_word_to_match(ticket, alice):
    assert search_tickets(user=alice, query="refund teapot") == []


def test_it_does_not_find_by_prefix(ticket, alice):
    assert search_tickets(user=alice, query="erika@exam") == []
    assert search_customers(user=alice, query="Muster") == []
    assert search_customers(user=alice, query="+4930123") == []


def test_it_shows_outsiders_and_compliance_nothing(ticket, charlie, compliance):
    for user in (charlie, compliance):
        assert search_tickets(user=user, query="refund") == []
        assert search_tickets(user=user, query=f"#{ticket.number}") == []
        assert search_customers(user=user, query="erika@example.de") == []


@pytest.mark.parametrize("query", ["", "   ", "#", "%", "' OR 1=1 --", "\x00", "a" * 5000])
def test_it_answers_odd_queries_with_nothing(ticket, alice, query):
    assert search_tickets(user=alice, query=query) == []


@pytest.mark.parametrize(("query", "kind", "wanted"), [
    ("#123", REFERENCE, "#123"),
    (" # 42 ", REFERENCE, "# 42"),
    ("123", WORDS, "123"),
    ("erika@example.de", EMAIL, "erika@example.de"),
    ("ERIKA@Example.DE ", EMAIL, "ERIKA@Example.DE"),
    ("erika@exam", WORDS, "erika@exam"),
    ("erika @example.de", WORDS, "erika @example.de"),
    ("write to erika@example.de", WORDS, "write to erika@example.de"),
    ('"erika@example.de"', WORDS, "erika@example.de"),
    ('"#123"', WORDS, "#123"),
    ('"', WORDS, '"'),
])
def test_it_reads_the_query_by_its_shape(query, kind, wanted):
    assert query_kind(query) == (kind, wanted)


def test_it_finds_a_visible_ticket_by_its_reference_only(ticket, alice, charlie):
    assert ticket_by_reference(user=alice, query=f"#{ticket.number}") == ticket
    assert ticket_by_reference(user=alice, query=str(ticket.number)) is None
    assert ticket_by_reference(user=alice, query=f"#{ticket.number + 1000}") is None
    assert ticket_by_reference(user=charlie, query=f"#{ticket.number}") is None


def test_it_finds_the_customer_and_their_tickets_by_exact_email(ticket, other_ticket, customer, alice, charlie):
    assert search_by_email(user=alice, email="ERIKA@example.de") == ([ticket], [customer])
    assert search_by_email(user=alice, email="erika@example.com") == ([], [])
    assert search_by_email(user=charlie, email="erika@example.de") == ([], [])
