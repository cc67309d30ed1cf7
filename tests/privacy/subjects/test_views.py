"""The subject-request screens: compliance officers and admins only; outsiders get 404."""

import io
import zipfile

import pytest
from django.urls import reverse

from helpdesk.models import Customer
from privacy.models import SubjectRequest
from tests.privacy.subjects.conftest import SECRETS


def _open(client, kind="export", **lookup):
    return client.post(reverse("privacy:subject_open"), {"kind": kind, **lookup})


def test_it_opens_an_export_and_downloads_the_zip(login, compliance, person):
    client = login(compliance)

    response = _open(client, email=SECRETS["email"])
    request = SubjectRequest.objects.get()
    download = client.post(reverse("privacy:subject_export", args=[request.pk]))

    assert response.status_code == 302 and download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert {"data.json", "summary.txt"} <= set(archive.namelist())
    request.refresh_from_db()
    assert request.state == "done" and round((request.due_at - request.opened_at).total_seconds() / 86400) == 30


def test_it_says_clearly_when_nobody_matches(login, admin_user):
    response = _open(login(admin_user), email="nobody@nowhere.example")

    assert response.status_code == 400 and b"No customer matches" in response.content


def test_it_erases_only_with_confirmation(login, compliance, person):
    client = login(compliance)
    _open(client, kind="erasure", phone=SECRETS["phone"])
    request = SubjectRequest.objects.get()

    refused = client.post(reverse("privacy:subject_erase", args=[request.pk]))
    assert refused.status_code == 400 and Customer.objects.filter(pk=person.pk).exists()

    client.post(reverse("privacy:subject_erase", args=[request.pk]), {"confirm": "on"})
    page = client.get(reverse("privacy:subject_detail", args=[request.pk]))
    assert not Customer.objects.filter(pk=person.pk).exists()
    assert b"data key was destroyed" in page.content and SECRETS["name"].encode() not in page.content


@pytest.mark.parametrize("who", ["alice", "charlie", "senior"])
def test_it_hides_requests_from_agents(login, request, who, compliance, person):
    _open(login(compliance), email=SECRETS["email"])
    subject_request = SubjectRequest.objects.get()
    client = login(request.getfixturevalue(who))

    assert client.get(reverse("privacy:subjects")).status_code == 404
    assert client.get(reverse("privacy:subject_detail", args=[subject_request.pk])).status_code == 404
    assert client.post(reverse("privacy:subject_export", args=[subject_request.pk])).status_code == 404


def test_it_rejects_with_a_reason_and_keeps_the_history(login, admin_user, person):
    client = login(admin_user)
    _open(client, email=SECRETS["email"])
    request = SubjectRequest.objects.get()

    client.post(reverse("privacy:subject_reject", args=[request.pk]), {"reason": "Identity not verified"})

    request.refresh_from_db()
    assert request.state == "rejected"
    assert [e.action for e in request.entries.all()] == ["open", "reject"]


def test_it_reports_an_erasure_on_the_request_page(login, compliance, person):
    client = login(compliance)
    _open(client, kind="erasure", phone=SECRETS["phone"])
    request = SubjectRequest.objects.get()
    url = reverse("privacy:subject_erase", args=[request.pk])

    done = client.post(url, {"confirm": "on"}, follow=True)
    again = client.post(url, {"confirm": "on"}, follow=True)

    detail = reverse("privacy:subject_detail", args=[request.pk])
    assert done.redirect_chain == again.redirect_chain == [(detail, 302)]
    assert b"Erasure finished; see what could not be erased below." in done.content
    assert b"This request is closed." in again.content and b"Erasure finished" not in again.content


def test_it_refuses_an_erasure_of_an_export_request(login, compliance, person):
    client = login(compliance)
    _open(client, email=SECRETS["email"])
    request = SubjectRequest.objects.get()

    response = client.post(reverse("privacy:subject_erase", args=[request.pk]), {"confirm": "on"}, follow=True)

    assert response.redirect_chain == [(reverse("privacy:subject_detail", args=[request.pk]), 302)]
    assert b"This request is not of that kind." in response.content
    assert Customer.objects.filter(pk=person.pk).exists()


def test_it_rejects_only_with_a_reason_and_only_once(login, admin_user, person):
    client = login(admin_user)
    _open(client, email=SECRETS["email"])
    request = SubjectRequest.objects.get()
    url = reverse("privacy:subject_reject", args=[request.pk])

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400 and SubjectRequest.objects.get().state == "open"

    done = client.post(url, {"reason": "Identity not verified"}, follow=True)
    again = client.post(url, {"reason": "Still not verified"}, follow=True)

    detail = reverse("privacy:subject_detail", args=[request.pk])
    assert done.redirect_chain == again.redirect_chain == [(detail, 302)]
    assert b"This request is closed." not in done.content and b"This request is closed." in again.content
    request.refresh_from_db()
    assert request.outcome == {"reason": "Identity not verified"}


def test_it_lists_requests_in_constant_queries(login, compliance, person, django_assert_max_num_queries):
    client = login(compliance)
    for _ in range(10):
        _open(client, email=SECRETS["email"])

    with django_assert_max_num_queries(12):
        assert client.get(reverse("privacy:subjects")).status_code == 200


def test_it_asks_to_confirm_identity_before_export_or_erasure(login, compliance, person):
    from accounts.sudo import SUDO_SESSION_KEY

    client = login(compliance)
    _open(client, kind="erasure", email=SECRETS["email"])
    request = SubjectRequest.objects.get()
    session = client.session
    del session[SUDO_SESSION_KEY]
    session.save()

    erase = client.post(reverse("privacy:subject_erase", args=[request.pk]), {"confirm": "on"})
    export = client.post(reverse("privacy:subject_export", args=[request.pk]))

    assert erase.status_code == export.status_code == 302 and "/accounts/sudo/" in erase["Location"]
    assert Customer.objects.filter(pk=person.pk).exists()
