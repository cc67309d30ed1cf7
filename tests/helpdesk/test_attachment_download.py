import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AccessEvent
from helpdesk.services import attachment_add
from helpdesk.views.attachments import content_disposition

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(ticket, alice):
    upload = SimpleUploadedFile("Rechnung März.pdf", b"%PDF-1.4 secret invoice", content_type="application/pdf")
    return attachment_add(ticket=ticket, upload=upload, actor=alice)


def _url(attachment):
    return f"/attachments/{attachment.pk}/download/"


@pytest.mark.parametrize("user", ["alice", "bob", "light", "admin_user"])
def test_it_downloads_for_those_who_see_the_ticket(request, login, attachment, user):
    response = login(request.getfixturevalue(user)).get(_url(attachment))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 secret invoice"


def test_it_sends_safe_headers(login, alice, attachment):
    response = login(alice).get(_url(attachment))
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Rechnung M_rz.pdf\"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Type"] == "application/pdf"


def test_it_records_one_download_event(login, alice, attachment):
    login(alice).get(_url(attachment))
    assert AccessEvent.objects.filter(action="attachment.download", target_id=str(attachment.pk)).count() == 1


@pytest.mark.parametrize("user", ["charlie", "compliance"])
def test_it_answers_404_to_outsiders(request, login, attachment, user):
    assert login(request.getfixturevalue(user)).get(_url(attachment)).status_code == 404
    assert not AccessEvent.objects.filter(action="attachment.download").exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, attachment):
    assert client.get(_url(attachment)).status_code == 302


def test_it_answers_410_when_the_file_is_gone(login, alice, attachment, settings, tmp_path):
    settings.ATTACHMENT_ROOT = tmp_path / "elsewhere"
    assert login(alice).get(_url(attachment)).status_code == 410


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("report.pdf", "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf"),
        ('a"b\\c.txt', "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc.txt"),
        ("line\nbreak.txt", "attachment; filename=\"line_break.txt\"; filename*=UTF-8''line%0Abreak.txt"),
    ],
)
def test_it_encodes_file_names_per_rfc_6266(filename, expected):
    assert content_disposition(filename) == expected


def test_it_uploads_a_file_from_the_ticket_page(login, alice, ticket):
    upload = SimpleUploadedFile("notes.txt", b"hello")
    response = login(alice).post(f"/tickets/{ticket.code}/attachments/", {"file": upload})
    assert response.status_code == 302
    assert ticket.attachments.get().filename == "notes.txt"


def test_it_refuses_an_upload_over_the_limit(login, alice, ticket, settings):
    settings.ATTACHMENT_MAX_BYTES = 3
    response = login(alice).post(f"/tickets/{ticket.code}/attachments/", {"file": SimpleUploadedFile("a.txt", b"abcd")})
    assert response.status_code == 400
    assert not ticket.attachments.exists()


def test_it_refuses_an_upload_without_a_file(login, alice, ticket):
    response = login(alice).post(f"/tickets/{ticket.code}/attachments/", {})
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
