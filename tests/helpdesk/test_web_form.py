import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from helpdesk.models import Attachment, Customer, Ticket

pytestmark = pytest.mark.django_db

URL = "/support/new/"


def _data(**overrides):
    data = {"name": "Jana Beispiel", "email": "jana@example.org", "subject": "Login broken"}
    data["message"] = "I can't log in."
    return {**data, **overrides}


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_it_shows_the_form_without_login(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="website"' in response.content.decode()


def test_it_opens_a_web_ticket_and_shows_only_its_number(client):
    response = client.post(URL, _data(), follow=True)
    ticket = Ticket.objects.get()
    page = response.content.decode()
    assert ticket.channel == "web"
    assert ticket.subject == "Login broken"
    assert ticket.requester.email == "jana@example.org"
    assert f"#{ticket.number}" in page
    assert "Login broken" not in page and "jana@example.org" not in page


def test_it_shows_the_number_only_once(client):
    client.post(URL, _data(), follow=True)
    number = Ticket.objects.get().number
    assert f"#{number}" not in client.get("/support/thanks/").content.decode()


def test_it_reuses_the_customer_of_a_known_email(client, customer):
    client.post(URL, _data(email="erika@example.de"))
    assert Customer.objects.count() == 1
    assert Ticket.objects.get().requester == customer


def test_it_stores_the_attachment_on_the_first_message(client):
    upload = SimpleUploadedFile("screen shot.png", b"\x89PNG data", content_type="image/png")
    client.post(URL, {**_data(), "attachment": upload})
    attachment = Attachment.objects.get()
    assert attachment.filename == "screen shot.png"
    assert attachment.comment == Ticket.objects.get().comments.get()


def test_it_refuses_an_attachment_over_the_limit(client, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    upload = SimpleUploadedFile("big.bin", b"x" * 11)
    response = client.post(URL, {**_data(), "attachment": upload})
    assert response.status_code == 400
    assert "larger than" in response.content.decode()
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        _data(name=""),
        _data(email="not-an-email"),
        _data(subject=""),
        _data(subject="x" * 251),
        _data(message="   "),
    ],
)
def test_it_refuses_bad_input_and_keeps_what_was_typed(client, data):
    response = client.post(URL, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="field-error"' in page
    assert "I can&#x27;t log in." in page or data["message"].strip() == ""
    assert not Ticket.objects.exists()


def test_it_silently_drops_what_bots_put_in_the_honeypot(client):
    response = client.post(URL, _data(website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert not Ticket.objects.exists()
    assert not Customer.objects.exists()


def test_it_limits_submissions_per_client_ip(client, settings):
    settings.WEB_FORM_RATE_PER_HOUR = 2
    assert client.post(URL, _data()).status_code == 302
    assert client.post(URL, _data()).status_code == 302
    response = client.post(URL, _data())
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert Ticket.objects.count() == 2


def test_it_counts_each_client_ip_apart(client, settings):
    settings.WEB_FORM_RATE_PER_HOUR = 1
    assert client.post(URL, _data(), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(URL, _data(), REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.post(URL, _data(), REMOTE_ADDR="192.0.2.2").status_code == 302


def test_it_keeps_ip_addresses_out_of_cache_keys(client):
    from django.core.cache import cache

    client.post(URL, _data(), REMOTE_ADDR="192.0.2.77")
    assert not any("192.0.2.77" in str(key) for key in cache._cache)
