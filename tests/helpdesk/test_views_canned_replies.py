import pytest

from helpdesk.models import CannedReply
from helpdesk.services import canned_reply_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def canned(senior):
    return canned_reply_create(title="Refund done", body="Your refund is on its way.", actor=senior)


@pytest.mark.parametrize("user", ["alice", "light", "senior", "admin_user"])
def test_it_lists_canned_replies_for_every_ticket_role(request, login, canned, user):
    page = login(request.getfixturevalue(user)).get("/canned-replies/").content.decode()
    assert "Refund done" in page


def test_it_answers_404_to_compliance(login, compliance, canned):
    assert login(compliance).get("/canned-replies/").status_code == 404


def test_it_hides_team_replies_from_other_teams(login, senior, charlie, team_a):
    canned_reply_create(title="Team A only", body="Text", actor=senior, team=team_a)
    assert "Team A only" not in login(charlie).get("/canned-replies/").content.decode()


def test_it_lets_senior_agents_create(login, senior, team_a):
    response = login(senior).post("/canned-replies/new/", {"title": "Hello", "body": "Hi there", "team": team_a.pk})
    assert response.status_code == 302
    assert CannedReply.objects.get().team == team_a


@pytest.mark.parametrize(
    "data", [{"title": "", "body": "x"}, {"title": "T", "body": "   "}, {"title": "x" * 121, "body": "x"}]
)
def test_it_refuses_bad_input(login, senior, data):
    response = login(senior).post("/canned-replies/new/", data)
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert not CannedReply.objects.exists()


def test_it_refuses_a_team_the_author_is_not_on(login, senior, team_b):
    response = login(senior).post("/canned-replies/new/", {"title": "T", "body": "x", "team": team_b.pk})
    assert response.status_code == 400


@pytest.mark.parametrize("user", ["alice", "light"])
def test_it_forbids_agents_to_create_or_delete(request, login, canned, user):
    client = login(request.getfixturevalue(user))
    assert client.post("/canned-replies/new/", {"title": "T", "body": "x"}).status_code == 403
    assert client.post(f"/canned-replies/{canned.pk}/delete/").status_code == 403
    assert CannedReply.objects.count() == 1


def test_it_lets_admins_delete(login, admin_user, canned):
    assert login(admin_user).post(f"/canned-replies/{canned.pk}/delete/").status_code == 302
    assert not CannedReply.objects.exists()


def test_it_answers_404_for_a_reply_of_another_team(login, senior, charlie, team_b):
    from accounts.roles import Role
    from accounts.services import user_create

    senior_b = user_create(email="sb@sealdesk.test", full_name="SB", role=Role.SENIOR_AGENT, teams=[team_b])
    reply = canned_reply_create(title="B", body="x", actor=senior_b, team=team_b)
    assert login(senior).post(f"/canned-replies/{reply.pk}/delete/").status_code == 404
