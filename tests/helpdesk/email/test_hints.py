"""Social-engineering hints on arrival, the warnings partial and the four-eyes approval flow."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from helpdesk.inbound import hints, lookalike
from helpdesk.inbound.auth_results import failed_checks
from helpdesk.inbound.store import store_message
from helpdesk.models import ChangeApproval, EmailMessageRecord, Organization

pytestmark = pytest.mark.django_db


def _codes(result) -> list[str]:
    return [hint["code"] for hint in EmailMessageRecord.objects.get(comment=result.comment).hints]


@pytest.mark.parametrize(
    ("sender", "known"),
    [("paypa1.com", "paypal.com"), ("xn--pypal-4ve.com", "paypal.com"), ("sealdesk.co", "sealdesk.com"),
     ("examp1e-corp.de", "example-corp.de"), ("rnicrosoft.com", "microsoft.com"), ("paypal-support.com", "paypal.com")],
)
def test_it_spots_lookalike_domains(sender, known):
    assert lookalike.imitates(sender, known)


@pytest.mark.parametrize(
    ("sender", "known"),
    [("paypal.com", "paypal.com"), ("mail.paypal.com", "paypal.com"), ("example.org", "paypal.com"),
     ("gmx.de", "gmail.com")],
)
def test_it_leaves_real_and_unrelated_domains_alone(sender, known):
    assert not lookalike.imitates(sender, known)


def test_it_trusts_only_our_own_authentication_results():
    ours = "mx.sealdesk.test; spf=pass; dkim=pass; dmarc=pass"
    forged_below = "evil; spf=fail; dkim=fail; dmarc=fail"

    assert failed_checks([ours, forged_below]) == []
    assert failed_checks([forged_below, ours]) == ["dkim", "dmarc", "spf"]


def test_it_uses_the_configured_authserv_id(settings):
    settings.SEALDESK_EMAIL_AUTHSERV_ID = "mx.sealdesk.test"

    assert failed_checks(["attacker; dmarc=pass", "mx.sealdesk.test; dmarc=fail"]) == ["dmarc"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [("Please change my email address to x@y.z", ["email"]),
     ("I have a new phone number", ["phone"]),
     ("Please update my bank details for the payout", ["payout"]),
     ("Bitte ändern Sie meine E-Mail-Adresse", ["email"]),
     ("Meine Handynummer hat sich geändert", ["phone"]),
     ("Neue Bankverbindung: bitte die Erstattung auf mein Konto überweisen", ["payout"]),
     ("My kettle is broken", [])],
)
def test_it_recognises_requests_to_change_contact_or_payout_details(text, kinds):
    assert hints.change_request_kinds(text) == kinds


def test_it_flags_a_hostile_message(eml, settings):
    settings.SEALDESK_EMAIL_PROTECTED_DOMAINS = ["paypal.com"]

    result = store_message(eml("hostile_html.eml"))

    codes = _codes(result)
    assert {"lookalike_domain", "link_mismatch", "change_request"} <= set(codes)
    links = next(h for h in EmailMessageRecord.objects.get().hints if h["code"] == "link_mismatch")["links"]
    assert {"shown": "paypal.com", "target": "evil.example"} in links
    assert {"shown": "Click here", "target": "javascript:"} in links


def test_it_flags_a_lookalike_of_a_customer_organisation(build_message):
    Organization.objects.create(name="Contoso", domain="contoso.com")

    assert "lookalike_domain" in _codes(store_message(build_message(sender="ceo@c0ntoso.com")))


def test_it_flags_a_lookalike_of_the_requester_domain_on_a_claimed_reply(ticket, build_message):
    from helpdesk.inbound.tokens import reply_address

    result = store_message(build_message(sender="erika@examp1e.de", to=reply_address(ticket)))

    assert result.ticket != ticket
    assert {"lookalike_domain", "not_participant"} <= set(_codes(result))


def test_it_raises_nothing_for_an_ordinary_message(build_message):
    assert _codes(store_message(build_message(body="My kettle is broken."))) == []


def test_it_opens_an_approval_for_a_german_change_request(eml):
    result = store_message(eml("german_change_request.eml"))

    approval = ChangeApproval.objects.get(comment=result.comment)
    assert approval.kinds == ["payout", "phone"] and approval.status == "pending"
    assert "auth_failed" in _codes(result)


def test_it_opens_no_approval_when_switched_off(eml, settings):
    settings.SEALDESK_EMAIL_CHANGE_APPROVAL = False

    store_message(eml("german_change_request.eml"))

    assert not ChangeApproval.objects.exists()


def test_it_reads_warnings_for_a_whole_conversation_in_constant_queries(eml, build_message,
                                                                        django_assert_num_queries):
    first = store_message(eml("german_change_request.eml"))
    comments = list(first.ticket.comments.all())

    with django_assert_num_queries(2):
        found = hints.warnings_for_comments(comments)

    assert [w.code for w in found[first.comment.pk]] == ["auth_failed", "change_request"]
    assert found[first.comment.pk][1].approval.status == "pending"
    assert hints.warnings_for_comment(first.comment)[0].text.startswith("The sender failed")


def test_it_reads_no_approvals_when_no_message_asks_for_a_change(build_message, django_assert_num_queries):
    warned = store_message(build_message(headers={"Authentication-Results": "mx; dkim=fail; spf=fail"}))
    comments = list(warned.ticket.comments.all())

    with django_assert_num_queries(1):
        found = hints.warnings_for_comments(comments)

    assert [w.code for w in found[warned.comment.pk]] == ["auth_failed"]
    assert found[warned.comment.pk][0].approval is None


def test_the_partial_shows_warnings_and_the_next_approval_step(eml, alice, rf):
    comment = store_message(eml("german_change_request.eml")).comment
    hints.attach_warnings([comment])
    request = rf.get("/")
    request.user = alice

    html = render_to_string("helpdesk/partials/email_warnings.html", {"comment": comment}, request=request)

    assert "bank or payout details" in html and "I verified it" in html
    assert "<script" not in html


def test_the_partial_renders_nothing_for_an_agent_comment(ticket):
    comment = ticket.comments.get()
    hints.attach_warnings([comment])

    assert render_to_string("helpdesk/partials/email_warnings.html", {"comment": comment}).strip() == ""


@pytest.fixture
def approval(eml, team_a):
    result = store_message(eml("german_change_request.eml"))
    result.ticket.team = team_a
    result.ticket.save()
    return ChangeApproval.objects.get(comment=result.comment)


def _decide(client, approval, decision):
    url = reverse("email:change_request_decide",
                  kwargs={"code": approval.ticket_id, "approval_id": approval.pk, "decision": decision})
    return client.post(url)


def test_it_needs_two_different_agents_to_approve(approval, alice, bob, login, client):
    assert _decide(login(alice), approval, "confirm").status_code == 302
    _decide(client, approval, "approve")  # alice again: refused
    approval.refresh_from_db()
    assert (approval.status, approval.confirmed_by) == ("confirmed", alice)

    client.logout()
    _decide(login(bob), approval, "approve")

    approval.refresh_from_db()
    assert (approval.status, approval.decided_by) == ("approved", bob)


def test_it_lets_an_agent_reject(approval, alice, login):
    _decide(login(alice), approval, "reject")

    approval.refresh_from_db()
    assert approval.status == "rejected"


def test_it_answers_404_to_an_outsider(approval, charlie, login):
    assert _decide(login(charlie), approval, "confirm").status_code == 404
    approval.refresh_from_db()
    assert approval.status == "pending"


def test_it_lets_a_light_agent_not_decide(approval, light, login):
    _decide(login(light), approval, "confirm")

    approval.refresh_from_db()
    assert approval.status == "pending"


def test_it_answers_404_to_an_unknown_decision(approval, alice, login):
    assert _decide(login(alice), approval, "delete").status_code == 404
