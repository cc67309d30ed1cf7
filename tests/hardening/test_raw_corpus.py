"""Hand-made hostile bodies the fuzzer does not generate, sent as raw bytes to the live server (the
API, and the public web form that anyone can post to): each is answered with a 4xx, and the memory
the server allocates for any one of them stays bounded; a body refused for its declared size is
never read at all."""

import re
import tracemalloc

import pytest
import requests

from accounts.roles import Role
from helpdesk.models import Ticket

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MB = 1024 * 1024
MEMORY_BOUND = 48 * MB
UNREAD_BOUND = 1 * MB
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _multipart(parts: int, *, files: bool, first: bytes = b"") -> tuple[bytes, str]:
    boundary = "sealdeskboundary"
    disposition = 'form-data; name="file"; filename="f{n}.txt"' if files else 'form-data; name="field{n}"'
    body = first + b"".join(
        f"--{boundary}\r\nContent-Disposition: {disposition.format(n=n)}\r\n\r\nx\r\n".encode() for n in range(parts)
    )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(autouse=True)
def _drained_in_pieces(monkeypatch):
    """Django's test server reads an unanswered body whole after the response, to keep the connection
    clean; gunicorn reads it away in small pieces. Do the same here, so a peak is the application's."""
    from django.core.servers.basehttp import ServerHandler

    def close(self):
        while self.get_stdin().read(64 * 1024):
            pass
        super(ServerHandler, self).close()

    monkeypatch.setattr(ServerHandler, "close", close)


def _send_all(session, url: str, corpus, headers: dict) -> tuple[dict, dict]:
    """POST each (name, path, content type, body); per name the status and the memory the server
    allocated at its peak while answering (the bodies are built before, so they are not counted)."""
    answers, peaks = {}, {}
    tracemalloc.start()
    try:
        for name, path, content_type, body in corpus:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            sent = {**headers, **({"Content-Type": content_type} if content_type else {})}
            response = session.post(f"{url}{path}", data=body, headers=sent, timeout=60, allow_redirects=False)
            answers[name] = response.status_code
            peaks[name] = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return answers, peaks


def _corpus(code: str) -> list[tuple[str, str, str, bytes]]:
    """(name, path, content type, body)"""
    tickets, attachments = "/api/v1/tickets/", f"/api/v1/tickets/{code}/attachments/"
    many_files, many_files_type = _multipart(5000, files=True)
    many_fields, many_fields_type = _multipart(5000, files=False)
    deep = b"[" * 200_000 + b"]" * 200_000
    requester = b'"requester": {"email": "a@b.de"}'
    return [
        ("invalid UTF-8", tickets, JSON, b'{"subject": "\xff\xfe\xfd", "body": "x"}'),
        ("overlong UTF-8", tickets, JSON, b'{"subject": "\xc0\xaf", "body": "x"}'),
        ("latin-1 declared as UTF-8", tickets, f"{JSON}; charset=utf-8", "{\"subject\": \"Grüße\"}".encode("latin-1")),
        ("NUL byte in a string", tickets, JSON, b'{"subject": "a\\u0000b", "body": "x", ' + requester + b"}"),
        ("raw NUL byte", tickets, JSON, b'{"subject": "a\x00b", "body": "x"}'),
        ("lone surrogate", tickets, JSON, b'{"subject": "\\ud800", "body": "x", ' + requester + b"}"),
        ("deeply nested arrays", tickets, JSON, deep),
        ("deeply nested objects", tickets, JSON, b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        ("huge number", tickets, JSON, b'{"subject": "x", "body": "x", "priority": 1e999999}'),
        ("NaN", tickets, JSON, b'{"subject": NaN, "body": "x"}'),
        ("truncated JSON", tickets, JSON, b'{"subject": "x", "bo'),
        ("JSON that is a bare string", tickets, JSON, b'"just a string"'),
        ("20 MB body", tickets, JSON, b'{"subject": "' + b"x" * (20 * MB) + b'"}'),
        ("3 MB JSON under the request limit", tickets, JSON, b'{"subject": "' + b"x" * (3 * MB) + b'"}'),
        ("thousands of multipart files", attachments, many_files_type, many_files),
        ("thousands of multipart fields", attachments, many_fields_type, many_fields),
        ("multipart without a boundary", attachments, "multipart/form-data", b"--x\r\n\r\n"),
        ("multipart with a broken header", attachments, "multipart/form-data; boundary=b", b"--b\r\nContent-Disp\r\n"),
        ("text/plain to a JSON endpoint", tickets, "text/plain", b"subject=x"),
        ("no content type", tickets, "", b'{"subject": "x"}'),
        ("XML", tickets, "application/xml", b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]><x>&a;</x>"),
    ]


def test_it_refuses_every_hostile_body_with_bounded_memory(live_server, ticket, api_client_for, team_a, settings):
    settings.SEALDESK_API_TOKEN_RATE = "100000/minute"
    authorization = api_client_for(role=Role.AGENT, teams=[team_a])._credentials["HTTP_AUTHORIZATION"]

    answers, peaks = _send_all(requests.Session(), live_server.url, _corpus(str(ticket.pk)),
                               {"Authorization": authorization})

    assert {name: status for name, status in answers.items() if not 400 <= status < 500} == {}
    assert answers["20 MB body"] == 413
    assert peaks["20 MB body"] < UNREAD_BOUND
    assert {name: peak for name, peak in peaks.items() if peak >= MEMORY_BOUND} == {}


def _web_corpus(token: str) -> list[tuple[str, str, str, bytes]]:
    """Bodies for the public web form, each with a valid CSRF token so it reaches the form itself."""
    path, csrf = "/support/new/", f"csrfmiddlewaretoken={token}".encode()

    def form(name: bytes = b"Erika", message: bytes = b"Help", extra: bytes = b"") -> bytes:
        return csrf + b"&name=" + name + b"&email=erika%40example.de&subject=Hi&message=" + message + extra

    token_part = f'--sealdeskboundary\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
    many_files, many_files_type = _multipart(5000, files=True, first=token_part.encode())
    many_fields, many_fields_type = _multipart(5000, files=False, first=token_part.encode())
    return [
        ("NUL byte in a field", path, FORM, form(name=b"Erika%00")),
        ("raw NUL byte in a field", path, FORM, form(name=b"Erika\x00")),
        ("message over its length limit", path, FORM, form(message=b"x" * (MB // 5))),
        ("2.5 MB form under the form limit", path, FORM, form(message=b"x" * (5 * MB // 2))),
        ("10 MB form under the request limit", path, FORM, form(message=b"x" * (10 * MB))),
        ("20 MB body", path, FORM, form(message=b"x" * (20 * MB))),
        ("thousands of form fields", path, FORM, form(extra=b"".join(b"&f%d=x" % n for n in range(5000)))),
        ("thousands of multipart files", path, many_files_type, many_files),
        ("thousands of multipart fields", path, many_fields_type, many_fields),
        ("multipart without a boundary", path, "multipart/form-data", b"--x\r\n\r\n"),
        ("multipart with a broken header", path, "multipart/form-data; boundary=b", b"--b\r\nContent-Disp\r\n"),
    ]


def test_it_refuses_hostile_bodies_to_the_public_web_form_with_bounded_memory(live_server, settings):
    settings.WEB_FORM_RATE_PER_HOUR = 100_000
    session = requests.Session()
    page = session.get(f"{live_server.url}/support/new/", timeout=30)
    referer = {"Referer": f"{live_server.url}/support/new/"}

    answers, peaks = _send_all(session, live_server.url, _web_corpus(CSRF.search(page.text).group(1)), referer)

    assert {name: status for name, status in answers.items() if not 400 <= status < 500} == {}
    assert answers["20 MB body"] == 413
    assert peaks["20 MB body"] < UNREAD_BOUND
    assert peaks["10 MB form under the request limit"] < UNREAD_BOUND  # refused by its length, unread
    assert {name: peak for name, peak in peaks.items() if peak >= MEMORY_BOUND} == {}
    assert Ticket.objects.count() == 0


def test_it_refuses_hostile_query_strings_and_web_forms(client, login, alice, ticket):
    agent = login(alice)
    assert agent.get("/search/?q=%00").status_code < 500
    assert agent.get("/tickets/team/?page=%FF%FE").status_code < 500
    assert agent.get("/tickets/team/?page=99999999999999999999").status_code < 500
    assert agent.get(f"/tickets/{ticket.pk}/?x=" + "%C0%AF" * 1000).status_code < 500

    form = {"name": "Erika\x00", "email": "erika@example.de", "subject": "Hi\x00", "message": "Help"}
    response = client.post("/support/new/", form)

    assert response.status_code == 400


def test_it_keeps_undecodable_web_form_bytes_as_replacement_characters(client, settings):
    """A decision: the public form, like a browser, reads invalid UTF-8 as U+FFFD instead of refusing a
    customer's message (the API refuses it); no undecodable byte reaches the database."""
    settings.WEB_FORM_RATE_PER_HOUR = 100_000
    body = b"name=Erika%FF%FE&email=erika%40example.de&subject=Gr%FC%DFe&message=Hilfe%C0%AF"

    response = client.post("/support/new/", data=body, content_type=FORM)

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert (str(ticket.requester.name), str(ticket.subject)) == ("Erika\ufffd\ufffd", "Gr\ufffd\ufffde")
    assert str(ticket.comments.get().body) == "Hilfe\ufffd\ufffd"
