"""After a manual redaction the original is gone from every table, Redis, search and pending mail."""

import pytest
import redis
from django.apps import apps
from django.core.cache import cache
from django.db import connection

from audit.models import AccessEvent
from helpdesk.models import Comment, EmailDelivery
from helpdesk.selectors.search import search_tickets
from helpdesk.services import comment_create
from privacy.crypto.fields import EncryptedFieldMixin

SECRET = "Zorblatt9931"
REDIS_DB = 12


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:6379/{REDIS_DB}"}}
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    client.flushdb()
    yield client
    client.flushdb()
    cache.close()


def _plain_dump() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                chunks += [bytes(v).decode("latin-1") if isinstance(v, memoryview | bytes) else str(v) for v in row]
    return "\n".join(chunks)


def _decrypted_dump() -> str:
    """Every encrypted value of every model, decrypted: the ciphertext of the original must be gone too."""
    chunks = []
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedFieldMixin)]
        for row in model._default_manager.all():
            chunks += [str(getattr(row, name)) for name in fields]
    return "\n".join(chunks)


def _redis_dump(client) -> str:
    chunks = []
    for key in client.scan_iter("*"):
        chunks.append(key.decode("latin-1"))
        if client.type(key) == b"string":
            chunks.append((client.get(key) or b"").decode("latin-1"))
    return "\n".join(chunks)


@pytest.fixture
def secret_comment(ticket, customer, alice):
    comment = comment_create(ticket=ticket, body=f"My locker code is {SECRET} today.",
                             body_html=f"<p>My locker code is <b>{SECRET}</b> today.</p>", is_public=True,
                             author_customer=customer)
    reply = comment_create(ticket=ticket, body=f"Noted {SECRET}.", is_public=True, author_agent=alice, notify=False)
    EmailDelivery.objects.create(kind=EmailDelivery.Kind.CUSTOMER_REPLY, comment=reply, ticket=ticket)
    return comment, reply


def _redact(client, ticket, comment):
    start = comment.body.index(SECRET)
    return client.post(f"/tickets/{ticket.pk}/redact/apply/", {
        "source": f"comment:{comment.pk}", "selection": f"{start}:{start + len(SECRET)}",
        "selection_type": "other", "confirm": "yes"})


def test_it_destroys_the_text_everywhere_and_keeps_the_conversation(redis_cache, login, alice, ticket,
                                                                    secret_comment):
    comment, reply = secret_comment
    client = login(alice)
    assert client.get(ticket.get_absolute_url()).status_code == 200
    assert search_tickets(user=alice, query=SECRET) == [ticket]
    assert _redact(client, ticket, comment).status_code == 302
    assert _redact(client, ticket, reply).status_code == 302

    assert SECRET not in _plain_dump()
    assert SECRET not in _decrypted_dump()
    assert SECRET not in _redis_dump(redis_cache)
    assert search_tickets(user=alice, query=SECRET) == []
    page = client.get(ticket.get_absolute_url())
    assert page.status_code == 200
    assert "My locker code is <b>▇▇▇ [other]</b> today." in page.content.decode()
    assert SECRET not in page.content.decode()


def test_it_records_who_where_and_type_but_never_the_text(login, alice, ticket, secret_comment):
    comment, _ = secret_comment
    _redact(login(alice), ticket, comment)
    event = AccessEvent.objects.get(action="redaction.apply")
    assert (event.target_type, event.target_id) == ("helpdesk.Comment", str(comment.pk))
    assert event.metadata["types"] == {"other": 1} and event.metadata["field"] == "body"
    assert SECRET not in str(event.metadata)


def test_it_sends_pending_mail_without_the_text(login, alice, ticket, secret_comment):
    from helpdesk.outbound.compose import compose

    _, reply = secret_comment
    _redact(login(alice), ticket, reply)
    message = compose(EmailDelivery.objects.get(comment=reply))
    assert SECRET not in message.body and all(SECRET not in body for body, _ in message.alternatives)


def test_it_requires_the_confirmation(login, alice, ticket, secret_comment):
    comment, _ = secret_comment
    client = login(alice)
    start = comment.body.index(SECRET)
    client.post(f"/tickets/{ticket.pk}/redact/apply/", {
        "source": f"comment:{comment.pk}", "selection": f"{start}:{start + len(SECRET)}"})
    assert SECRET in Comment.objects.get(pk=comment.pk).body
