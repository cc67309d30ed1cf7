"""Every route of the URL conf, walked with a signed-in session that has not passed its second factor:
none may answer with staff data. Routes added later are walked automatically."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helpdesk.models import CannedReply
from helpdesk.services import attachment_add
from tests.accounts.helpers import password_client, totp_device
from tests.urlwalk import route_names

# Reachable before the second factor: signing in and out, proving the factor, public pages.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_verify",
    "accounts:sso_start",
    "accounts:sso_callback",
    "healthz",
    "helpdesk:web_form",
    "helpdesk:web_form_thanks",
}
SECRET_BITS = ["Refund for order 4711", "erika@example.de", "Erika Mustermann", "4711"]


@pytest.fixture
def world(ticket, customer, alice, admin_user):
    attachment = attachment_add(ticket=ticket, upload=SimpleUploadedFile("invoice.txt", b"invoice"), actor=alice)
    reply = CannedReply.objects.create(title="Thanks", body="Thank you", created_by=alice)
    return {
        "code": ticket.code,
        "customer_id": customer.pk,
        "attachment_id": attachment.pk,
        "reply_id": reply.pk,
        "actor_id": alice.pk,
        "user_id": alice.pk,
        "label": "helpdesk.Customer",
        "pk": customer.pk,
        "field": "email",
    }


def _kwargs(pattern, world: dict) -> dict:
    """Seeded objects where we have them; otherwise any value of the converter's type."""
    kwargs = {}
    for name, converter in pattern.pattern.converters.items():
        if name in world:
            kwargs[name] = world[name]
        elif converter.regex == "[0-9]+":
            kwargs[name] = 1
        elif "a-f" in converter.regex:
            kwargs[name] = uuid.uuid4()
        else:
            kwargs[name] = "x"
    return kwargs


def _urls(world: dict) -> list[tuple[str, str]]:
    return [(name, reverse(name, kwargs=_kwargs(pattern, world))) for name, pattern in route_names()]


def _assert_no_staff_data(name: str, response) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    for bit in SECRET_BITS:
        assert bit.encode() not in body, f"{name} shows {bit!r} before the second factor"


def _assert_blocked(name: str, url: str, response) -> None:
    if url.startswith("/api/"):
        assert response.status_code == 403, f"{name}: {response.status_code}"
        assert response.json()["error"] == "second_factor_required"
    else:
        assert response.status_code == 302, f"{name}: {response.status_code}"
        assert response["Location"].startswith(("/accounts/2fa/verify/", "/accounts/2fa/setup/")), name


@pytest.mark.parametrize("has_device", [True, False], ids=["device-not-verified", "no-device-yet"])
def test_it_serves_no_staff_data_before_the_second_factor(world, alice, admin_user, has_device):
    users = [alice, admin_user]
    if has_device:
        for user in users:
            totp_device(user)
    walked = 0
    for user in users:
        client = password_client(user)
        for name, url in _urls(world):
            if name in ("accounts:logout",):
                continue
            for response in (client.get(url), client.post(url, {})):
                _assert_no_staff_data(name, response)
                setup_allowed = name == "accounts:two_factor_setup" and not has_device
                if name not in OPEN_BEFORE_SECOND_FACTOR and not setup_allowed:
                    _assert_blocked(name, url, response)
                walked += 1
    assert walked > 200


def test_it_walks_the_routes_of_every_app(world):
    names = {name for name, _ in _urls(world)}
    assert {"helpdesk:ticket_detail", "accounts:api_tokens", "accounts:security"} <= names
    assert any(name.startswith("api") or "/api/" in url for name, url in _urls(world))


def test_it_keeps_the_setup_page_closed_to_a_session_whose_user_already_has_a_device(alice):
    totp_device(alice)
    client = password_client(alice)

    response = client.get("/accounts/2fa/setup/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/verify/")


def test_it_refuses_session_api_calls_even_past_the_middleware(alice, ticket):
    """The DRF authentication class ignores unverified sessions on its own."""
    from rest_framework.test import APIRequestFactory

    from accounts.authentication import VerifiedSessionAuthentication

    client = password_client(alice)
    request = APIRequestFactory().get("/api/v1/tickets/")
    request.session = client.session
    request.user = alice
    request._dont_enforce_csrf_checks = True

    from rest_framework.request import Request

    assert VerifiedSessionAuthentication().authenticate(Request(request)) is None


@pytest.mark.parametrize("url", ["/admin/", "/admin/accounts/user/", "/admin/accounts/apitoken/"])
def test_it_keeps_the_django_admin_behind_the_second_factor(admin_user, url):
    totp_device(admin_user)
    client = password_client(admin_user)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/verify/")


def test_it_sends_the_admin_log_in_page_to_our_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
