import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ApiToken
from accounts.roles import Role
from helpdesk.models import Attachment
from helpdesk.services import attachment_add
from tests.helpdesk.api.conftest import events


def upload_url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.code}/attachments/"


def detail(attachment) -> str:
    return f"/api/v1/attachments/{attachment.pk}/"


@pytest.fixture
def attachment(ticket):
    return attachment_add(ticket=ticket, upload=SimpleUploadedFile("invoice.pdf", b"%PDF-1.4 invoice"))


def test_it_uploads_an_attachment(agent_api, ticket):
    upload = SimpleUploadedFile("receipt.txt", b"Order 4711, 19.99 EUR")

    response = agent_api.post(upload_url(ticket), {"file": upload}, format="multipart")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["filename"], body["size"], body["content_type"]) == ("receipt.txt", 21, "text/plain")
    assert body["ticket"] == str(ticket.code)
    assert body["download_url"].endswith(f"/api/v1/attachments/{body['id']}/download/")


def test_it_answers_400_without_a_file(agent_api, ticket):
    response = agent_api.post(upload_url(ticket), {}, format="multipart")
    unknown = agent_api.post(upload_url(ticket), {"other": "x"}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["fields"]
    assert unknown.status_code == 400
    assert "other" in unknown.json()["fields"]


def test_it_answers_400_to_an_empty_file(agent_api, ticket):
    response = agent_api.post(upload_url(ticket), {"file": SimpleUploadedFile("a.txt", b"")}, format="multipart")

    assert response.status_code == 400


def test_it_answers_400_to_a_file_over_the_limit(agent_api, ticket, settings):
    settings.ATTACHMENT_MAX_BYTES = 10

    response = agent_api.post(upload_url(ticket), {"file": SimpleUploadedFile("a.txt", b"x" * 11)}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["fields"]
    assert not Attachment.objects.exists()


def test_it_answers_413_to_a_request_declared_too_large(agent_api, ticket, settings):
    settings.ATTACHMENT_MAX_BYTES = 10

    response = agent_api.post(
        upload_url(ticket), {"file": SimpleUploadedFile("a.txt", b"x" * 200_000)}, format="multipart"
    )

    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_it_answers_415_to_a_json_upload(agent_api, ticket):
    response = agent_api.post(upload_url(ticket), {"file": "aGVsbG8="}, format="json")

    assert response.status_code == 415
    assert response.json()["error"] == "unsupported_media_type"


def test_it_answers_404_to_an_outsider(outsider_api, ticket, attachment):
    upload = SimpleUploadedFile("a.txt", b"x")

    assert outsider_api.post(upload_url(ticket), {"file": upload}, format="multipart").status_code == 404
    assert outsider_api.get(detail(attachment)).status_code == 404
    assert outsider_api.get(f"{detail(attachment)}download/").status_code == 404


def test_it_refuses_uploads_to_light_agents(light_api, ticket):
    response = light_api.post(upload_url(ticket), {"file": SimpleUploadedFile("a.txt", b"x")}, format="multipart")

    assert response.status_code == 403


def test_it_refuses_uploads_without_the_write_scope(api_client_for, team_a, ticket):
    client = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.ATTACHMENTS_READ])

    response = client.post(upload_url(ticket), {"file": SimpleUploadedFile("a.txt", b"x")}, format="multipart")

    assert response.status_code == 403
    assert response.json()["missing_scope"] == "attachments:write"


def test_it_shows_metadata_and_logs_the_read(agent_api, attachment):
    response = agent_api.get(detail(attachment))

    assert response.status_code == 200
    assert response.json()["filename"] == "invoice.pdf"
    [event] = events("attachment.view")
    assert event.target_id == str(attachment.pk)


def test_it_downloads_as_an_attachment_never_inline(agent_api, attachment):
    response = agent_api.get(f"{detail(attachment)}download/")

    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 invoice"
    assert response["Content-Disposition"] == 'attachment; filename="invoice.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Type"] == "application/octet-stream"
    [event] = events("attachment.download")
    assert event.target_id == str(attachment.pk)


def test_it_quotes_hostile_file_names(agent_api, ticket):
    attachment = attachment_add(ticket=ticket, upload=SimpleUploadedFile('a"; x=.html', b"<script>"))

    response = agent_api.get(f"{detail(attachment)}download/")

    assert response["Content-Disposition"] == 'attachment; filename="a\\"; x=.html"'


def test_it_answers_410_when_the_file_cannot_be_opened(agent_api, attachment):
    from helpdesk import attachment_store

    attachment_store.delete_blob(attachment.blob_name)

    response = agent_api.get(f"{detail(attachment)}download/")

    assert response.status_code == 410
    assert response.json()["error"] == "data_unavailable"


def test_it_refuses_downloads_without_the_read_scope(api_client_for, team_a, attachment):
    client = api_client_for(Role.AGENT, [team_a], scopes=[ApiToken.Scope.TICKETS_READ])

    response = client.get(f"{detail(attachment)}download/")

    assert response.status_code == 403
    assert response.json()["missing_scope"] == "attachments:read"
