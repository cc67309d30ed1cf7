"""Writes under a revoked key answer 503 with a clear message in the UI and the API, never a 500."""

import pytest

from accounts.roles import Role
from helpdesk.models import Comment
from privacy.crypto.keyring import forget_keys
from privacy.keys import key_revoke


@pytest.fixture
def revoked(ticket, admin_user):
    from privacy.crypto.models import DataKey

    kek = DataKey.objects.get(subject=str(ticket.requester_id)).kek
    key_revoke(actor=admin_user, key_id=str(kek.id))
    forget_keys()
    return kek


def test_it_answers_503_to_a_reply_under_a_revoked_key(login, alice, ticket, revoked):
    before = Comment.objects.count()

    response = login(alice).post(f"/tickets/{ticket.code}/reply/", {"body": "Hello", "visibility": "public"})

    assert response.status_code == 503
    assert "cannot be changed right now" in response.content.decode()
    assert Comment.objects.count() == before


def test_it_answers_503_json_to_an_api_write_under_a_revoked_key(api_client_for, team_a, ticket, revoked):
    response = api_client_for(Role.AGENT, [team_a]).post(
        f"/api/v1/tickets/{ticket.code}/comments/", {"body": "Hello", "is_public": True}, format="json"
    )

    assert response.status_code == 503
    assert response.json()["error"] == "data_unavailable"


def test_it_still_shows_the_ticket_page_with_the_data_unavailable(login, alice, ticket, revoked):
    response = login(alice).get(ticket.get_absolute_url())

    assert response.status_code == 200
    assert "data unavailable" in response.content.decode()
