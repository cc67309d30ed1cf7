import pytest

from accounts.models import ApiToken
from accounts.roles import Role
from audit.models import AccessEvent
from helpdesk.models import Comment, Ticket
from helpdesk.services import comment_create

TEXT = "Call me on +49 30 901820 or mail jo@example.org"


@pytest.fixture
def comment(ticket, customer):
    return comment_create(ticket=ticket, body=TEXT, is_public=True, author_customer=customer)


def _url(comment, what="redactions"):
    return f"/api/v1/comments/{comment.pk}/{what}/"


def _phone(comment):
    start = comment.body.index("+49")
    return {"start": start, "end": start + len("+49 30 901820"), "type": "phone"}


def test_it_suggests_spans_without_values(agent_api, comment):
    response = agent_api.get(_url(comment, "redaction-suggestions"))
    assert response.status_code == 200
    assert [s["type"] for s in response.json()["spans"]] == ["phone", "email"]
    assert "901820" not in response.content.decode() and "jo@example.org" not in response.content.decode()
    assert AccessEvent.objects.filter(action="redaction.suggestions", target_id=str(comment.pk)).count() == 1


def test_it_redacts_confirmed_spans(agent_api, comment):
    response = agent_api.post(_url(comment), {"spans": [_phone(comment)], "confirm": True}, format="json")
    assert response.status_code == 201
    assert Comment.objects.get(pk=comment.pk).body == "Call me on ▇▇▇ [phone] or mail jo@example.org"


@pytest.mark.parametrize(
    "payload",
    [
        {"spans": [{"start": 0, "end": 4, "type": "other"}]},
        {"spans": [{"start": 0, "end": 4, "type": "other"}], "confirm": False},
        {"spans": [{"start": 0, "end": 999, "type": "other"}], "confirm": True},
        {"spans": [{"start": 0, "end": 6, "type": "other"}, {"start": 4, "end": 9, "type": "other"}], "confirm": True},
        {"spans": [{"start": 0, "end": 4, "type": "nonsense"}], "confirm": True},
        {"spans": [], "confirm": True},
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(agent_api, comment, payload):
    response = agent_api.post(_url(comment), payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert Comment.objects.get(pk=comment.pk).body == TEXT


def test_it_refuses_an_already_redacted_span(agent_api, comment):
    agent_api.post(_url(comment), {"spans": [_phone(comment)], "confirm": True}, format="json")
    redacted = Comment.objects.get(pk=comment.pk).body
    start = redacted.index("▇")
    response = agent_api.post(_url(comment), {"spans": [{"start": start, "end": start + 3}], "confirm": True},
                              format="json")
    assert response.status_code == 400
    assert "already redacted" in str(response.json()["fields"])
    assert Comment.objects.get(pk=comment.pk).body == redacted


def test_it_hides_other_teams_comments(outsider_api, comment):
    assert outsider_api.get(_url(comment, "redaction-suggestions")).status_code == 404
    response = outsider_api.post(_url(comment), {"spans": [_phone(comment)], "confirm": True}, format="json")
    assert response.status_code == 404
    assert Comment.objects.get(pk=comment.pk).body == TEXT


def test_it_refuses_light_agents(light_api, comment):
    response = light_api.post(_url(comment), {"spans": [_phone(comment)], "confirm": True}, format="json")
    assert response.status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == TEXT


def test_it_needs_the_redact_scope(api_client_for, team_a, comment):
    api = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.TICKETS_READ, ApiToken.Scope.TICKETS_WRITE])
    response = api.post(_url(comment), {"spans": [_phone(comment)], "confirm": True}, format="json")
    assert response.status_code == 403
    assert response.json()["missing_scope"] == "pii:redact"


def test_it_redacts_a_ticket_subject(agent_api, ticket):
    start = ticket.subject.index("4711")
    response = agent_api.post(f"/api/v1/tickets/{ticket.pk}/redactions/",
                              {"spans": [{"start": start, "end": start + 4}], "confirm": True}, format="json")
    assert response.status_code == 201
    assert Ticket.objects.get(pk=ticket.pk).subject == "Refund for order ▇▇▇ [other]"
    suggestions = agent_api.get(f"/api/v1/tickets/{ticket.pk}/redaction-suggestions/")
    assert suggestions.status_code == 200 and suggestions.json()["field"] == "subject"
