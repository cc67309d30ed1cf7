import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.roles import Role
from audit.models import AccessEvent


def create(*args) -> tuple[ApiToken, str]:
    from io import StringIO

    out = StringIO()
    call_command("create_api_token", *args, stdout=out)
    raw_key = out.getvalue().strip().splitlines()[-1]
    return ApiToken.objects.get(key_hash=ApiToken.hash_key(raw_key)), raw_key


def client_with(raw_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client


def test_it_creates_a_token_bound_to_role_teams_and_scopes(team_a, ticket):
    token, raw_key = create("--name", "Shop", "--role", "agent", "--team", "Team A", "--scope", "tickets:read")

    assert raw_key.startswith("sdk_")
    assert token.scopes == ["tickets:read"]
    assert token.user.role == Role.AGENT
    assert token.user.is_service
    assert list(token.user.teams.all()) == [team_a]
    assert token.expires_at is None
    response = client_with(raw_key).get("/api/v1/tickets/")
    assert [row["code"] for row in response.json()["results"]] == [str(ticket.code)]
    assert AccessEvent.objects.filter(action="api_token.create", channel="command").count() == 1


def test_it_stores_only_the_hash(db):
    token, raw_key = create("--name", "Shop", "--role", "agent")

    assert raw_key not in (token.key_hash, token.key_hint)
    assert token.key_hash == ApiToken.hash_key(raw_key)


def test_it_defaults_to_read_scopes(db):
    token, _ = create("--name", "Reporting", "--role", "senior_agent")

    assert token.scopes == ["attachments:read", "customers:read", "tickets:read"]


def test_a_compliance_token_defaults_to_reading_the_access_log(db):
    token, raw_key = create("--name", "SIEM", "--role", "compliance")

    assert token.scopes == ["access_log:read"]
    assert client_with(raw_key).get("/api/v1/access-events/").status_code == 200


def test_it_sets_an_expiry(db):
    from datetime import timedelta

    from django.utils import timezone

    token, _ = create("--name", "Temp", "--role", "agent", "--expires-in-days", "7")

    assert timedelta(days=7) - (token.expires_at - timezone.now()) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "agent"], "--name"),
        (["--name", " ", "--role", "agent"], "--name"),
        (["--name", "x" * 101, "--role", "agent"], "--name"),
        (["--name", "N"], "--role"),
        (["--name", "N", "--role", "superuser"], "--role"),
        (["--name", "N", "--role", "agent", "--team", "Nope"], "Unknown team"),
        (["--name", "N", "--role", "agent", "--scope", "tickets:delete"], "Unknown scope"),
        (["--name", "N", "--role", "agent", "--expires-in-days", "0"], "--expires-in-days"),
        (["--name", "N", "--role", "agent", "--expires-in-days", "soon"], "--expires-in-days"),
        (["--name", "N", "--role", "agent", "--expires-in-days", "99999999999"], "--expires-in-days"),
    ],
)
def test_it_fails_in_one_line_on_bad_arguments(db, args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("create_api_token", *args)

    assert "\n" not in str(error.value)
    assert not ApiToken.objects.exists()


def test_it_revokes_by_id(db):
    token, raw_key = create("--name", "Shop", "--role", "agent")

    call_command("revoke_api_token", str(token.pk))

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client_with(raw_key).get("/api/v1/tickets/").status_code == 401


def test_it_revokes_by_hint(db):
    token, raw_key = create("--name", "Shop", "--role", "agent")

    call_command("revoke_api_token", token.key_hint)

    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.parametrize("reference", ["sdk_nothing", "00000000-0000-0000-0000-000000000000", ""])
def test_it_fails_on_an_unknown_token(db, reference):
    with pytest.raises(CommandError, match="No token"):
        call_command("revoke_api_token", reference)


def test_it_refuses_to_revoke_twice(db):
    token, _ = create("--name", "Shop", "--role", "agent")
    call_command("revoke_api_token", str(token.pk))

    with pytest.raises(CommandError, match="already revoked"):
        call_command("revoke_api_token", str(token.pk))


def test_it_refuses_an_ambiguous_hint(db):
    first, _ = create("--name", "One", "--role", "agent")
    second, _ = create("--name", "Two", "--role", "agent")
    ApiToken.objects.filter(pk=second.pk).update(key_hint=first.key_hint)

    with pytest.raises(CommandError, match="by id"):
        call_command("revoke_api_token", first.key_hint)
