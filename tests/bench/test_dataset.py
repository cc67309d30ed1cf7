from django.db import connection

from bench import dataset
from bench.harness_twin import PlainComment, PlainCustomer, PlainTicket
from helpdesk.models import Comment, Customer, Ticket
from tests.bench.conftest import TINY


def test_it_builds_the_requested_number_of_rows(tiny_dataset):
    assert Customer.objects.count() == TINY.customers
    assert Ticket.objects.count() == TINY.tickets
    assert Comment.objects.count() == TINY.comments
    assert tiny_dataset["rows"] == {"customers": TINY.customers, "tickets": TINY.tickets, "comments": TINY.comments}


def test_it_stores_personal_data_encrypted_and_readable(tiny_dataset):
    twin = PlainCustomer.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM helpdesk_customer WHERE id = %s", [twin.pk])
        stored = bytes(cursor.fetchone()[0])
    assert twin.email.encode() not in stored
    assert Customer.objects.get(pk=twin.pk).email == twin.email


def test_it_finds_customers_through_the_blind_index(tiny_dataset):
    from helpdesk.selectors.customers import customer_find_by_email

    twin = PlainCustomer.objects.order_by("id").last()
    assert customer_find_by_email(twin.email.upper()).pk == twin.pk


def test_it_mirrors_every_row_in_the_plain_twin(tiny_dataset):
    assert PlainTicket.objects.count() == TINY.tickets
    assert PlainComment.objects.count() == TINY.comments
    ticket = Ticket.objects.order_by("number").first()
    assert PlainTicket.objects.get(pk=ticket.pk).subject == ticket.subject


def test_it_restores_the_indexes_it_dropped_for_the_load(tiny_dataset):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'helpdesk_comment'")
        names = {row[0] for row in cursor.fetchall()}
    assert "comment_body_tokens" in names


def test_it_gives_one_ticket_in_ten_exactly_ten_comments(tiny_dataset):
    from django.db.models import Count

    tens = Ticket.objects.annotate(n=Count("comments")).filter(n=10).count()
    assert tens == TINY.tickets // 10


def test_it_reuses_a_data_set_of_the_same_size_only(tiny_dataset):
    assert dataset.stored(TINY)["size"]["tickets"] == TINY.tickets
    assert dataset.stored(dataset.QUICK) is None


def test_it_splits_tickets_over_chunks_without_losing_any():
    size = dataset.Size.for_tickets(10_001)
    chunks = range(0, size.customers, dataset.CHUNK_CUSTOMERS)
    shares = [dataset._share(size, first, min(dataset.CHUNK_CUSTOMERS, size.customers - first)) for first in chunks]
    assert sum(shares) == size.tickets
