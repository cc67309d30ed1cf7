"""Hand-made hostile bodies the fuzzer does not generate, sent as raw bytes to the live server:
each is answered with a 4xx, and the server's memory stays bounded while it answers them."""

import tracemalloc

import pytest
import requests

from accounts.roles import Role

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

MB = 1024 * 1024
MEMORY_BOUND = 48 * MB
JSON = "application/json"


def _multipart(parts: int, *, files: bool) -> tuple[bytes, str]:
    boundary = "sealdeskboundary"
    disposition = 'form-data; name="file"; filename="f{n}.txt"' if files else 'form-data; name="field{n}"'
    body = b"".join(
        f"--{boundary}\r\nContent-Disposition: {disposition.format(n=n)}\r\n\r\nx\r\n".encode() for n in range(parts)
    )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


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
    session = requests.Session()
    answers = {}
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    for name, path, content_type, body in _corpus(str(ticket.pk)):
        headers = {"Authorization": authorization, **({"Content-Type": content_type} if content_type else {})}
        response = session.post(f"{live_server.url}{path}", data=body, headers=headers, timeout=60)
        answers[name] = response.status_code
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()

    assert {name: status for name, status in answers.items() if not 400 <= status < 500} == {}
    assert answers["20 MB body"] == 413
    assert peak < MEMORY_BOUND + 20 * MB  # the client's own 20 MB body is traced too


def test_it_refuses_hostile_query_strings_and_web_forms(client, login, alice, ticket):
    agent = login(alice)
    assert agent.get("/search/?q=%00").status_code < 500
    assert agent.get("/tickets/team/?page=%FF%FE").status_code < 500
    assert agent.get("/tickets/team/?page=99999999999999999999").status_code < 500
    assert agent.get(f"/tickets/{ticket.pk}/?x=" + "%C0%AF" * 1000).status_code < 500

    form = {"name": "Erika\x00", "email": "erika@example.de", "subject": "Hi\x00", "message": "Help"}
    response = client.post("/support/new/", form)

    assert response.status_code == 400
