import pytest
from django.urls import reverse

from helpdesk.models import Ticket
from helpdesk.services import ticket_create, ticket_update

pytestmark = pytest.mark.django_db


def _tickets(customer, team, count, **kwargs):
    return [
        ticket_create(requester=customer, subject=f"Order {i}", body="Where is it?", channel="web", team=team, **kwargs)
        for i in range(count)
    ]


def test_it_redirects_home_to_my_tickets(login, alice):
    response = login(alice).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:queue_mine")


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/tickets/open/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lists_tickets_assigned_to_me(login, alice, ticket):
    ticket_update(ticket=ticket, actor=alice, assignee=alice)
    response = login(alice).get("/tickets/mine/")
    assert response.status_code == 200
    assert "Refund for order 4711" in response.content.decode()


def test_it_leaves_colleagues_tickets_out_of_mine(login, alice, bob, ticket):
    ticket_update(ticket=ticket, actor=alice, assignee=bob)
    assert "Refund for order 4711" not in login(alice).get("/tickets/mine/").content.decode()


def test_it_lists_unassigned_tickets_of_my_teams(login, alice, ticket):
    assert "Refund for order 4711" in login(alice).get("/tickets/team/").content.decode()


def test_it_hides_other_teams_tickets_from_the_outsider(login, charlie, ticket):
    for url in ("/tickets/mine/", "/tickets/team/", "/tickets/open/"):
        assert "Refund for order 4711" not in login(charlie).get(url).content.decode()


def test_it_shows_compliance_officers_empty_queues(login, compliance, ticket):
    response = login(compliance).get("/tickets/open/")
    assert response.status_code == 200
    assert "Refund for order 4711" not in response.content.decode()


def test_it_shows_light_agents_their_teams_tickets(login, light, ticket):
    assert "Refund for order 4711" in login(light).get("/tickets/open/").content.decode()


def test_it_shows_admins_every_open_ticket(login, admin_user, ticket):
    assert "Refund for order 4711" in login(admin_user).get("/tickets/open/").content.decode()


def test_it_leaves_solved_tickets_out_by_default(login, alice, ticket):
    ticket_update(ticket=ticket, actor=alice, status=Ticket.Status.SOLVED)
    client = login(alice)
    assert "Refund for order 4711" not in client.get("/tickets/open/").content.decode()
    assert "Refund for order 4711" in client.get("/tickets/open/?status=solved").content.decode()


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("priority=urgent", "Urgent one"),
        ("priority=low", None),
        ("channel=email", "Refund for order 4711"),
        ("channel=api", None),
        ("tag=vip", "Urgent one"),
        ("assignee=none", "Refund for order 4711"),
    ],
)
def test_it_filters_the_queue(login, alice, customer, team_a, ticket, query, shown):
    urgent = ticket_create(
        requester=customer, subject="Urgent one", body="Help", channel="web", team=team_a,
        priority=Ticket.Priority.URGENT, tags=["vip"],
    )
    ticket_update(ticket=urgent, actor=alice, assignee=alice)
    page = login(alice).get(f"/tickets/open/?{query}").content.decode()
    for subject in ("Urgent one", "Refund for order 4711"):
        assert (subject in page) == (subject == shown)


def test_it_filters_by_team_and_assignee(login, alice, admin_user, customer, team_a, team_b, ticket):
    other = ticket_create(requester=customer, subject="Team B issue", body="Hi", channel="web", team=team_b)
    ticket_update(ticket=other, actor=admin_user, assignee=admin_user)
    client = login(admin_user)
    assert "Refund for order 4711" not in client.get(f"/tickets/open/?team={team_b.pk}").content.decode()
    assert "Team B issue" in client.get(f"/tickets/open/?team={team_b.pk}").content.decode()
    assert "Team B issue" in client.get(f"/tickets/open/?assignee={admin_user.pk}").content.decode()


def test_it_shows_errors_for_bad_filters_and_ignores_them(login, alice, team_b, ticket):
    response = login(alice).get(f"/tickets/open/?status=bogus&team={team_b.pk}&tag=no%20spaces&sort=evil")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Refund for order 4711" in page
    assert page.count('class="field-error"') == 4


SORTS = ["number", "-number", "created", "-created", "updated", "-updated", "priority", "-priority"]


@pytest.mark.parametrize("sort", SORTS)
def test_it_sorts_the_queue(login, alice, customer, team_a, sort):
    _tickets(customer, team_a, 2)
    ticket_create(
        requester=customer, subject="Urgent one", body="Help", channel="web", team=team_a,
        priority=Ticket.Priority.URGENT,
    )
    page = login(alice).get(f"/tickets/open/?sort={sort}").content.decode()
    positions = {subject: page.index(subject) for subject in ("Order 0", "Order 1", "Urgent one")}
    ordered = sorted(positions, key=positions.get)
    if sort in ("number", "created", "updated"):
        assert ordered == ["Order 0", "Order 1", "Urgent one"]
    elif sort in ("-number", "-created", "-updated"):
        assert ordered == ["Urgent one", "Order 1", "Order 0"]
    elif sort == "-priority":
        assert ordered[0] == "Urgent one"
    else:
        assert ordered[-1] == "Urgent one"


def test_it_paginates_25_per_page(login, alice, customer, team_a):
    _tickets(customer, team_a, 27)
    client = login(alice)
    first = client.get("/tickets/open/?sort=number").content.decode()
    second = client.get("/tickets/open/?sort=number&page=2").content.decode()
    assert first.count('class="ticket-link"') == 25
    assert second.count('class="ticket-link"') == 2
    assert "page=2" in first


def test_it_answers_htmx_filtering_with_the_results_only(login, alice, ticket):
    response = login(alice).get("/tickets/open/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-results")
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="queue-results"')
    assert "Refund for order 4711" in page


@pytest.mark.parametrize("queue", ["mine", "team", "open"])
def test_it_runs_a_constant_number_of_queries(
    login, alice, bob, customer, team_a, queue, django_assert_max_num_queries
):
    client = login(alice)
    assignee = alice if queue == "mine" else None

    def fill(count):
        for created in _tickets(customer, team_a, count, tags=["vip", "refund"]):
            if assignee:
                ticket_update(ticket=created, actor=bob, assignee=assignee)

    fill(5)
    with django_assert_max_num_queries(16) as small:
        assert client.get(f"/tickets/{queue}/").status_code == 200
    fill(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(f"/tickets/{queue}/").status_code == 200



def test_it_switches_the_interface_to_german(login, alice):
    client = login(alice)
    assert 'action="/i18n/setlang/"' in client.get("/tickets/mine/").content.decode()
    client.post("/i18n/setlang/", {"language": "de", "next": "/tickets/mine/"})
    page = client.get("/tickets/mine/").content.decode()
    assert "Meine Tickets" in page
    assert 'lang="de"' in page
