import pytest
from django.http import Http404

from helpdesk.selectors.customers import customer_get_for_agent, customers_visible_to
from helpdesk.selectors.tickets import ticket_get_for_agent, tickets_visible_to


def test_it_shows_team_tickets_to_the_team_and_admins(ticket, alice, bob, admin_user):
    for user in (alice, bob, admin_user):
        assert ticket_get_for_agent(user=user, code=ticket.code) == ticket


def test_it_answers_404_to_outsiders_and_compliance(ticket, charlie, compliance):
    for user in (charlie, compliance):
        with pytest.raises(Http404):
            ticket_get_for_agent(user=user, code=ticket.code)
        assert not tickets_visible_to(user).exists()


def test_it_shows_a_ticket_to_its_assignee_outside_the_team(ticket, charlie, admin_user):
    from helpdesk.services import ticket_update

    ticket_update(ticket=ticket, actor=admin_user, assignee=charlie)

    assert ticket_get_for_agent(user=charlie, code=ticket.code) == ticket


def test_it_scopes_customers_to_visible_tickets(ticket, customer, alice, charlie):
    assert customer_get_for_agent(user=alice, customer_id=customer.pk) == customer
    with pytest.raises(Http404):
        customer_get_for_agent(user=charlie, customer_id=customer.pk)
    assert customer not in customers_visible_to(charlie)
