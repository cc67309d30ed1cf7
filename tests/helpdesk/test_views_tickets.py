import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AccessEvent
from helpdesk.models import Comment, CustomFieldDefinition, Ticket
from helpdesk.services import comment_create, ticket_update
from helpdesk.services.attachments import attachment_add

pytestmark = pytest.mark.django_db


def _url(ticket, action=""):
    return f"/tickets/{ticket.code}/{action + '/' if action else ''}"


def test_it_shows_the_ticket_to_an_agent_of_its_team(login, alice, ticket):
    response = login(alice).get(_url(ticket))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Refund for order 4711" in page
    assert "please refund order 4711" in page
    assert "Erika Mustermann" in page


def test_it_records_one_view_event(login, alice, ticket):
    login(alice).get(_url(ticket))
    events = AccessEvent.objects.filter(action="ticket.view", target_id=str(ticket.pk))
    assert events.count() == 1
    assert events.get().actor_id == alice.pk


@pytest.mark.parametrize("user", ["charlie", "compliance"])
def test_it_answers_404_to_outsiders_and_compliance(request, login, ticket, user):
    response = login(request.getfixturevalue(user)).get(_url(ticket))
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(action="ticket.view").exists()


def test_it_answers_404_for_an_unknown_ticket(login, alice):
    assert login(alice).get("/tickets/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_it_marks_internal_notes_apart_from_public_replies(login, alice, ticket):
    comment_create(ticket=ticket, body="Customer is a VIP", is_public=False, author_agent=alice)
    page = login(alice).get(_url(ticket)).content.decode()
    assert "comment--note" in page
    assert "Internal note" in page
    assert "comment--customer" in page


def test_it_shows_light_agents_no_property_forms_and_no_public_reply(login, light, ticket):
    page = login(light).get(_url(ticket)).content.decode()
    assert 'value="public"' not in page
    assert 'value="internal"' in page
    assert _url(ticket, "status") not in page


def test_it_posts_a_public_reply(login, alice, ticket, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(alice).post(_url(ticket, "reply"), {"body": "We refunded it.", "visibility": "public"})
    assert response.status_code == 302
    comment = Comment.objects.filter(ticket=ticket).last()
    assert comment.body == "We refunded it."
    assert comment.is_public and comment.author_agent == alice
    assert len(mailoutbox) == 1


def test_it_posts_an_internal_note(login, alice, ticket, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(alice).post(_url(ticket, "reply"), {"body": "Checked with finance.", "visibility": "internal"})
    assert not Comment.objects.filter(ticket=ticket).last().is_public
    assert mailoutbox == []


def test_it_lets_light_agents_write_internal_notes(login, light, ticket):
    response = login(light).post(_url(ticket, "reply"), {"body": "FYI", "visibility": "internal"})
    assert response.status_code == 302
    assert Comment.objects.filter(ticket=ticket, is_public=False).count() == 1


def test_it_refuses_public_replies_from_light_agents(login, light, ticket):
    response = login(light).post(_url(ticket, "reply"), {"body": "Hello customer", "visibility": "public"})
    assert response.status_code == 400
    assert "Hello customer" in response.content.decode()
    assert Comment.objects.filter(ticket=ticket).count() == 1


def test_it_keeps_the_typed_reply_on_a_validation_error(login, alice, ticket):
    response = login(alice).post(_url(ticket, "reply"), {"body": "Half-written answer", "visibility": "shout"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Half-written answer" in page
    assert 'class="field-error"' in page


def test_it_refuses_an_empty_reply(login, alice, ticket):
    response = login(alice).post(_url(ticket, "reply"), {"body": "   ", "visibility": "public"})
    assert response.status_code == 400
    assert "Write a message first." in response.content.decode()


def test_it_answers_htmx_replies_with_the_conversation_and_sidebar(login, alice, ticket):
    response = login(alice).post(
        _url(ticket, "reply"), {"body": "Done!", "visibility": "public"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="ticket-main"' in page and "Done!" in page
    assert 'hx-swap-oob="true"' in page


def test_it_answers_htmx_reply_errors_with_the_form_and_the_text(login, alice, ticket):
    response = login(alice).post(
        _url(ticket, "reply"), {"body": "x" * 100_001, "visibility": "public"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()


@pytest.mark.parametrize("user", ["charlie", "compliance"])
def test_it_answers_404_to_outsiders_posting_replies(request, login, ticket, user):
    response = login(request.getfixturevalue(user)).post(_url(ticket, "reply"), {"body": "x", "visibility": "internal"})
    assert response.status_code == 404
    assert Comment.objects.filter(ticket=ticket).count() == 1


def test_it_refuses_get_on_action_urls(login, alice, ticket):
    assert login(alice).get(_url(ticket, "status")).status_code == 405


@pytest.mark.parametrize(
    ("action", "data", "field", "expected"),
    [
        ("status", {"status": "pending"}, "status", "pending"),
        ("priority", {"priority": "urgent"}, "priority", "urgent"),
    ],
)
def test_it_changes_a_property(login, alice, ticket, action, data, field, expected):
    response = login(alice).post(_url(ticket, action), data)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert getattr(ticket, field) == expected


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("status", {"status": "bogus"}),
        ("priority", {"priority": ""}),
        ("assign", {"assignee": "not-a-uuid"}),
        ("team", {"team": "00000000-0000-0000-0000-000000000000"}),
        ("tags", {"tags": "ok, not/ok"}),
    ],
)
def test_it_refuses_bad_property_values(login, alice, ticket, action, data):
    response = login(alice).post(_url(ticket, action), data)
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    refreshed = Ticket.objects.get(pk=ticket.pk)
    assert (refreshed.status, refreshed.priority, refreshed.assignee, refreshed.team) == (
        "new", "normal", None, ticket.team
    )


@pytest.mark.parametrize("action", ["status", "priority", "assign", "team", "tags", "fields", "attachments"])
def test_it_forbids_light_agents_to_change_tickets(login, light, ticket, action):
    assert login(light).post(_url(ticket, action), {}).status_code == 403


@pytest.mark.parametrize("action", ["status", "priority", "assign", "team", "tags", "fields", "attachments"])
def test_it_answers_404_to_outsiders_changing_tickets(login, charlie, ticket, action):
    assert login(charlie).post(_url(ticket, action), {"status": "closed"}).status_code == 404


def test_it_assigns_to_a_colleague_and_back_to_nobody(login, alice, bob, ticket):
    client = login(alice)
    client.post(_url(ticket, "assign"), {"assignee": bob.pk})
    ticket.refresh_from_db()
    assert ticket.assignee == bob
    client.post(_url(ticket, "assign"), {"assignee": ""})
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_it_refuses_to_assign_to_an_agent_of_another_team(login, alice, charlie, ticket):
    response = login(alice).post(_url(ticket, "assign"), {"assignee": charlie.pk})
    assert response.status_code == 400


def test_it_moves_the_ticket_to_another_team_and_leaves_it(login, alice, team_b, ticket):
    response = login(alice).post(_url(ticket, "team"), {"team": team_b.pk})
    assert response.status_code == 302
    assert response["Location"] == "/"
    ticket.refresh_from_db()
    assert ticket.team == team_b


def test_it_saves_tags(login, alice, ticket):
    login(alice).post(_url(ticket, "tags"), {"tags": "Refund, vip  urgent-case"})
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["refund", "urgent-case", "vip"]


def test_it_answers_htmx_changes_with_the_sidebar(login, alice, ticket):
    response = login(alice).post(_url(ticket, "status"), {"status": "pending"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<aside id="ticket-sidebar"')


def test_it_answers_htmx_errors_with_the_sidebar_and_the_error(login, alice, ticket):
    response = login(alice).post(_url(ticket, "tags"), {"tags": "bad/tag"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()


@pytest.fixture
def definitions(db):
    return [
        CustomFieldDefinition.objects.create(key="order", label="Order number", kind="text", position=1),
        CustomFieldDefinition.objects.create(key="amount", label="Amount", kind="number", position=2),
        CustomFieldDefinition.objects.create(key="due", label="Due", kind="date", position=3),
        CustomFieldDefinition.objects.create(
            key="plan", label="Plan", kind="choice", choices=["free", "pro"], position=4
        ),
    ]


def test_it_saves_custom_fields(login, alice, ticket, definitions):
    data = {"cf-order": "A-1", "cf-amount": "12.50", "cf-due": "2026-01-31", "cf-plan": "pro"}
    response = login(alice).post(_url(ticket, "fields"), data)
    assert response.status_code == 302
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.custom_fields == {"order": "A-1", "amount": 12.5, "due": "2026-01-31", "plan": "pro"}


def test_it_shows_custom_fields_on_the_ticket(login, alice, ticket, definitions):
    ticket_update(ticket=ticket, actor=alice, custom_fields={"order": "A-77"})
    page = login(alice).get(_url(ticket)).content.decode()
    assert "Order number" in page and "A-77" in page


@pytest.mark.parametrize(
    "data", [{"cf-amount": "lots"}, {"cf-due": "31.01.2026"}, {"cf-plan": "gold"}, {"cf-order": "x" * 2001}]
)
def test_it_refuses_bad_custom_field_values(login, alice, ticket, definitions, data):
    response = login(alice).post(_url(ticket, "fields"), data)
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).custom_fields == {}


def test_it_enforces_required_custom_fields(login, alice, ticket, definitions):
    CustomFieldDefinition.objects.filter(key="order").update(required=True)
    response = login(alice).post(_url(ticket, "fields"), {"cf-amount": "3"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_it_offers_canned_replies_in_the_reply_box(login, alice, senior, ticket):
    from helpdesk.services import canned_reply_create

    canned_reply_create(title="Refund done", body="Your refund is on its way.", actor=senior)
    page = login(alice).get(_url(ticket)).content.decode()
    assert 'data-insert-into="reply-body"' in page
    assert 'data-body="Your refund is on its way."' in page


def test_it_shows_the_ticket_in_the_same_queries_whatever_its_conversation(login, alice, ticket,
                                                                           django_assert_max_num_queries):
    client = login(alice)
    client.get(_url(ticket))
    with django_assert_max_num_queries(20) as short:
        client.get(_url(ticket))
    for i in range(6):
        comment = comment_create(ticket=ticket, body=f"Reply {i}", is_public=bool(i % 2), author_agent=alice)
        attachment_add(ticket=ticket, upload=SimpleUploadedFile(f"file{i}.txt", b"data"), comment=comment, actor=alice)
    attachment_add(ticket=ticket, upload=SimpleUploadedFile("sidebar.txt", b"data"), actor=alice)

    with django_assert_max_num_queries(len(short.captured_queries)):
        page = client.get(_url(ticket)).content.decode()

    assert page.count('class="file"') == 6 + 7  # each comment's file in the conversation, every file in the sidebar
