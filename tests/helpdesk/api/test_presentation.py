"""A field whose key is revoked is `null` and named in `unavailable_fields`, never an error."""

from helpdesk.api.serializers import CustomerSerializer, TicketSerializer
from helpdesk.selectors.tickets import ticket_get_for_agent
from privacy.crypto.marker import UNAVAILABLE


def test_it_nulls_and_names_unavailable_fields(customer):
    customer.email = UNAVAILABLE
    customer.notes = UNAVAILABLE

    data = CustomerSerializer(customer).data

    assert data["email"] is None
    assert data["notes"] is None
    assert data["name"] == "Erika Mustermann"
    assert data["unavailable_fields"] == ["email", "notes"]


def test_it_marks_unavailable_fields_per_nested_object(ticket, alice):
    ticket = ticket_get_for_agent(user=alice, code=ticket.code)
    ticket.subject = UNAVAILABLE
    ticket.custom_fields = UNAVAILABLE
    ticket.requester.name = UNAVAILABLE

    data = TicketSerializer(ticket).data

    assert (data["subject"], data["custom_fields"]) == (None, None)
    assert data["unavailable_fields"] == ["subject", "custom_fields"]
    assert data["requester"]["name"] is None
    assert data["requester"]["unavailable_fields"] == ["name"]


def test_it_serves_unavailable_data_through_the_api(agent_api, ticket, monkeypatch):
    from helpdesk.api import tickets

    def revoked(**kwargs):
        found = ticket_get_for_agent(**kwargs)
        found.subject = UNAVAILABLE
        return found

    monkeypatch.setattr(tickets, "ticket_get_for_agent", revoked)

    response = agent_api.get(f"/api/v1/tickets/{ticket.code}/")

    assert response.status_code == 200
    assert response.json()["subject"] is None
    assert response.json()["unavailable_fields"] == ["subject"]
