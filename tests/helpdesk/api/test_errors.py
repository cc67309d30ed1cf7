"""Garbage sent to every endpoint gets a JSON error with a clear message: never a 500, never HTML."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.services import api_token_revoke
from helpdesk.services import attachment_add

JSON_WRITES = [
    ("post", "/api/v1/tickets/"),
    ("patch", "/api/v1/tickets/{ticket}/"),
    ("post", "/api/v1/tickets/{ticket}/comments/"),
    ("post", "/api/v1/customers/"),
    ("patch", "/api/v1/customers/{customer}/"),
]
READS = [
    "/api/v1/tickets/",
    "/api/v1/tickets/{ticket}/",
    "/api/v1/tickets/{ticket}/comments/",
    "/api/v1/customers/",
    "/api/v1/customers/{customer}/",
    "/api/v1/attachments/{attachment}/",
    "/api/v1/attachments/{attachment}/download/",
]
ALL = [*(("get", url) for url in READS), *JSON_WRITES, ("post", "/api/v1/tickets/{ticket}/attachments/")]


@pytest.fixture
def urls(ticket, customer):
    attachment = attachment_add(ticket=ticket, upload=SimpleUploadedFile("a.txt", b"hello"))
    ids = {"ticket": ticket.code, "customer": customer.pk, "attachment": attachment.pk}
    return lambda template: template.format(**ids)


def _assert_json_error(response, status: int, error: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"]
    if error:
        assert body["error"] == error
    return body


@pytest.mark.parametrize(("method", "url"), JSON_WRITES)
@pytest.mark.parametrize(
    "raw",
    [
        b"{",
        b"{'single': 'quotes'}",
        b"\xff\xfe",
        b"NaN",
        b'{"name": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"name": "a\\u0000b", "subject": "a\\u0000b", "body": "x", "status": "open"}',
        b'{"name": "\\ud800", "subject": "\\ud800", "body": "x", "status": "open"}',
    ],
    ids=["truncated", "single-quotes", "not-utf8", "nan", "nan-value", "deep", "nul", "surrogate"],
)
def test_it_answers_400_to_malformed_json(agent_api, urls, method, url, raw):
    response = getattr(agent_api, method)(urls(url), raw, content_type="application/json")

    _assert_json_error(response, 400, "parse_error")


@pytest.mark.parametrize(("method", "url"), JSON_WRITES)
@pytest.mark.parametrize("raw", [b"[1, 2]", b'"text"', b"42", b"null", b"true", b""])
def test_it_answers_400_to_json_that_is_not_an_object(agent_api, urls, method, url, raw):
    response = getattr(agent_api, method)(urls(url), raw, content_type="application/json")

    body = _assert_json_error(response, 400, "invalid")
    assert body["fields"]


@pytest.mark.parametrize(("method", "url"), JSON_WRITES)
def test_it_answers_413_to_an_oversized_body(agent_api, urls, method, url):
    raw = b'{"body": "' + b"x" * (3 * 1024 * 1024) + b'"}'

    response = getattr(agent_api, method)(urls(url), raw, content_type="application/json")

    _assert_json_error(response, 413, "too_large")


@pytest.mark.parametrize(("method", "url"), JSON_WRITES)
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_it_answers_415_to_other_content_types(agent_api, urls, method, url, content_type):
    response = getattr(agent_api, method)(urls(url), b"name=x", content_type=content_type)

    _assert_json_error(response, 415, "unsupported_media_type")


@pytest.mark.parametrize(("method", "url"), JSON_WRITES)
def test_it_answers_400_to_wrong_types_everywhere(agent_api, urls, method, url):
    payload = {"subject": 1, "body": True, "name": [], "status": {}, "is_public": "x", "email": 5, "requester_id": 3}

    response = getattr(agent_api, method)(urls(url), payload, format="json")

    body = _assert_json_error(response, 400, "invalid")
    assert body["fields"]


@pytest.mark.parametrize("url", READS + ["/api/v1/tickets/{ticket}/attachments/"])
@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_answers_405_to_unsupported_methods(agent_api, urls, url, method):
    response = getattr(agent_api, method)(urls(url))

    _assert_json_error(response, 405, "method_not_allowed")


@pytest.mark.parametrize(("method", "url"), ALL)
def test_it_answers_401_without_a_token(urls, method, url):
    response = getattr(APIClient(), method)(urls(url))

    _assert_json_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize(
    "header",
    ["Bearer sdk_wrong", "Bearer", "Bearer a b", "bearer \u00e9t\u00e9", "Token sdk_x", "Basic Zm9vOmJhcg=="],
)
def test_it_answers_401_to_bad_credentials(urls, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    response = client.get(urls("/api/v1/tickets/"))

    _assert_json_error(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_it_answers_401_to_a_revoked_token(api_client_for, admin_user, team_a):
    client = api_client_for(Role.AGENT, [team_a])
    api_token_revoke(token=ApiToken.objects.get(user__role=Role.AGENT), actor=admin_user)

    _assert_json_error(client.get("/api/v1/tickets/"), 401, "authentication_failed")


def test_it_answers_401_to_an_expired_token(api_client_for, team_a):
    from django.utils import timezone

    client = api_client_for(Role.AGENT, [team_a])
    ApiToken.objects.update(expires_at=timezone.now())

    _assert_json_error(client.get("/api/v1/tickets/"), 401, "authentication_failed")


@pytest.mark.parametrize(("method", "url"), ALL)
def test_it_answers_403_to_compliance_tokens_everywhere(api_client_for, urls, method, url):
    client = api_client_for(Role.COMPLIANCE)

    body = _assert_json_error(getattr(client, method)(urls(url), {}, format="json"), 403, "permission_denied")
    assert "role" in body["detail"]


@pytest.mark.parametrize(
    "url",
    ["/api/v1/nothing/", "/api/v1/tickets/not-a-uuid/", "/api/v1/attachments/1/download/", "/api/v1/customers/x/"],
)
def test_it_answers_json_404_to_unknown_urls(agent_api, url):
    _assert_json_error(agent_api.get(url), 404)


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "*/*", "nonsense"])
def test_it_answers_json_whatever_the_accept_header(agent_api, ticket, accept):
    response = agent_api.get("/api/v1/tickets/", HTTP_ACCEPT=accept)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_it_answers_400_to_a_malformed_multipart_body(agent_api, urls):
    response = agent_api.post(
        urls("/api/v1/tickets/{ticket}/attachments/"), b"--x\r\ngarbage", content_type="multipart/form-data"
    )

    _assert_json_error(response, 400)
