import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.forms import AssignForm, QueueFilterForm, TeamForm

pytestmark = pytest.mark.django_db


def test_it_offers_the_assignable_agents_and_every_team(alice, bob, charlie, team_a, team_b):
    assign = AssignForm(user=alice).fields["assignee"]
    assert [label for _, label in assign.choices] == ["Unassigned", str(alice), str(bob)]
    teams = TeamForm().fields["team"]
    assert [label for _, label in teams.choices] == ["No team", team_a.name, team_b.name]
    assert [label for _, label in QueueFilterForm(user=alice).fields["team"].choices] == ["Any", team_a.name]


def test_it_reads_the_current_choices_each_time(alice, team_a, team_b):
    field = TeamForm().fields["team"]
    assert len(list(field.choices)) == 3
    team_b.delete()
    assert [label for _, label in field.choices] == ["No team", team_a.name]


@pytest.mark.parametrize("url", ["ticket", "/tickets/open/"])
def test_it_renders_the_pages_without_server_side_cursors(login, alice, bob, ticket, url):
    client = login(alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(ticket.get_absolute_url() if url == "ticket" else url).content.decode()
    assert not [query["sql"] for query in queries if "DECLARE" in query["sql"]]
    assert f'<option value="{ticket.team_id}"' in page
