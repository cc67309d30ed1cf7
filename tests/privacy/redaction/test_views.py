from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AccessEvent
from helpdesk.models import Attachment, Comment, Ticket
from helpdesk.services import attachment_add, comment_create, ticket_create
from privacy.redaction.jobs import redaction_job_run
from privacy.redaction.models import RedactionFlag, RedactionJob, RedactionPolicy

PHONE = "+49 30 901820"


@pytest.fixture
def phone_comment(ticket, customer):
    return comment_create(ticket=ticket, body=f"Ring me at {PHONE} please", is_public=True, author_customer=customer)


def test_it_shows_sources_with_suggestions_and_the_warning(login, alice, ticket, phone_comment):
    page = login(alice).get(f"/tickets/{ticket.pk}/redact/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Redaction cannot be undone." in html
    assert 'class="redact-suggestion"' in html and "redaction/select.js" in html
    assert AccessEvent.objects.filter(action="ticket.redaction_view", target_id=str(ticket.pk)).count() == 1


def test_it_offers_redaction_on_the_ticket_page(login, alice, ticket):
    html = login(alice).get(ticket.get_absolute_url()).content.decode()
    assert f"/tickets/{ticket.pk}/redact/" in html


@pytest.mark.parametrize("who", ["light", "compliance", "charlie"])
def test_it_answers_404_to_roles_and_outsiders_who_may_not(request, login, ticket, phone_comment, who):
    client = login(request.getfixturevalue(who))
    assert client.get(f"/tickets/{ticket.pk}/redact/").status_code == 404
    start = phone_comment.body.index(PHONE)
    response = client.post(f"/tickets/{ticket.pk}/redact/apply/", {
        "source": f"comment:{phone_comment.pk}", "span": f"{start}:{start + len(PHONE)}:phone", "confirm": "yes"})
    assert response.status_code == 404
    assert Comment.objects.get(pk=phone_comment.pk).body == phone_comment.body


def test_it_redacts_a_picked_suggestion(login, alice, ticket, phone_comment):
    start = phone_comment.body.index(PHONE)
    login(alice).post(f"/tickets/{ticket.pk}/redact/apply/", {
        "source": f"comment:{phone_comment.pk}", "span": f"{start}:{start + len(PHONE)}:phone", "confirm": "yes"})
    assert Comment.objects.get(pk=phone_comment.pk).body == "Ring me at ▇▇▇ [phone] please"


def test_it_shows_a_clear_error_for_bad_spans(login, alice, ticket, phone_comment):
    response = login(alice).post(f"/tickets/{ticket.pk}/redact/apply/", {
        "source": f"comment:{phone_comment.pk}", "span": "0:9999:phone", "confirm": "yes"}, follow=True)
    assert "outside the text" in response.content.decode()
    assert Comment.objects.get(pk=phone_comment.pk).body == phone_comment.body


def test_it_deletes_an_attachment_and_its_file(settings, login, alice, ticket):
    attachment = attachment_add(ticket=ticket, upload=SimpleUploadedFile("scan.pdf", b"PASSPORT"))
    login(alice).post(f"/attachments/{attachment.pk}/redact/", {"confirm": "yes"})
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not (Path(settings.ATTACHMENT_ROOT) / attachment.blob_name).exists()
    assert AccessEvent.objects.filter(action="redaction.file_delete").count() == 1


def test_it_resolves_a_flag_by_redacting(login, alice, ticket, customer):
    comment = comment_create(ticket=ticket, body="My SSN is 536-90-4399.", is_public=True, author_customer=customer)
    flag = RedactionFlag.objects.get(target_id=str(comment.pk))
    client = login(alice)
    assert "1 item flagged for review" in client.get(ticket.get_absolute_url()).content.decode()
    client.post(f"/tickets/{ticket.pk}/flags/{flag.pk}/", {"decision": "redact", "confirm": "yes"})
    assert Comment.objects.get(pk=comment.pk).body == "My SSN is ▇▇▇ [national_id]."
    assert RedactionFlag.objects.get(pk=flag.pk).resolution == "redacted"


def test_it_keeps_flagged_data_when_told(login, alice, ticket, customer):
    comment_create(ticket=ticket, body="My SSN is 536-90-4399.", is_public=True, author_customer=customer)
    flag = RedactionFlag.objects.get()
    login(alice).post(f"/tickets/{ticket.pk}/flags/{flag.pk}/", {"decision": "keep"})
    assert RedactionFlag.objects.get(pk=flag.pk).resolution == "kept"


def test_it_hides_flags_of_other_teams(login, charlie, ticket, customer):
    comment_create(ticket=ticket, body="My SSN is 536-90-4399.", is_public=True, author_customer=customer)
    flag = RedactionFlag.objects.get()
    assert login(charlie).post(f"/tickets/{ticket.pk}/flags/{flag.pk}/", {"decision": "keep"}).status_code == 404
    assert RedactionFlag.objects.get(pk=flag.pk).is_open


@pytest.mark.parametrize("scope", ["ticket", "customer", "search"])
def test_it_redacts_a_type_across_tickets_as_a_job(django_capture_on_commit_callbacks, login, alice, team_a,
                                                   customer, ticket, phone_comment, scope):
    other = ticket_create(requester=customer, subject="Second", body=f"Phone {PHONE}", channel="web", team=team_a)
    data = {"type": "phone", "scope": scope, "code": ticket.pk, "customer": customer.pk, "q": "Erika",
            "confirm": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        response = login(alice).post("/redaction/jobs/", data)
    job = RedactionJob.objects.get()
    assert response.url == f"/redaction/jobs/{job.pk}/"
    assert job.status == "done" and job.spans_redacted >= 1
    assert "▇▇▇ [phone]" in Comment.objects.get(pk=phone_comment.pk).body
    second_body = Comment.objects.get(ticket=other).body
    assert (PHONE in second_body) == (scope == "ticket")
    assert "100" in login(alice).get(response.url).content.decode()


def test_it_resumes_a_job_from_its_checkpoint_and_repeats_harmlessly(alice, ticket, phone_comment):
    from privacy.redaction.jobs import redaction_job_start

    targets = [("helpdesk.Comment", phone_comment.pk)] * 3
    job = redaction_job_start(actor=alice, type_="phone", scope="ticket", targets=targets)
    job.position = 1
    job.save()
    job = redaction_job_run(job_id=job.pk)
    assert (job.position, job.status, job.spans_redacted) == (3, "done", 1)
    assert redaction_job_run(job_id=job.pk).spans_redacted == 1


def test_it_lets_admins_change_the_policy(login, admin_user, alice):
    assert login(alice).get("/redaction/policy/").status_code == 404
    client = login(admin_user)
    assert client.get("/redaction/policy/").status_code == 200
    client.post("/redaction/policy/", {"type": "phone", "action": "redact"})
    assert RedactionPolicy.objects.get(type="phone").action == "redact"
    assert AccessEvent.objects.filter(action="redaction.policy_change").count() == 1
    assert Ticket.objects.count() == 0
