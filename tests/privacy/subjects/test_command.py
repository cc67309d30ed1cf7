"""`manage.py subject export EMAIL --out FILE` and `subject erase EMAIL --confirm`."""

import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from helpdesk.models import Customer
from privacy.models import SubjectRequest
from tests.privacy.subjects.conftest import SECRETS


def _call(*args) -> str:
    out = StringIO()
    call_command("subject", *args, stdout=out)
    return out.getvalue()


def test_it_exports_to_a_zip_file(person, tmp_path):
    target = tmp_path / "export.zip"

    output = _call("export", SECRETS["email"], "--out", str(target))

    assert output.startswith("Exported ") and str(target) in output
    with zipfile.ZipFile(target) as archive:
        assert SECRETS["file"].encode() in b"".join(archive.read(n) for n in archive.namelist())
    assert SubjectRequest.objects.get().state == "done"


def test_it_refuses_to_overwrite_a_file(person, tmp_path):
    target = tmp_path / "export.zip"
    target.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="cannot write the export"):
        _call("export", SECRETS["email"], "--out", str(target))
    assert target.read_bytes() == b"keep me" and not SubjectRequest.objects.exists()


def test_the_export_file_is_readable_by_its_owner_only(person, tmp_path):
    target = tmp_path / "export.zip"

    _call("export", SECRETS["email"], "--out", str(target))

    assert target.stat().st_mode & 0o777 == 0o600


def test_a_missing_folder_is_a_one_line_error(person, tmp_path):
    with pytest.raises(CommandError, match="there is no folder"):
        _call("export", SECRETS["email"], "--out", str(tmp_path / "missing" / "export.zip"))
    assert not SubjectRequest.objects.exists()


@pytest.mark.django_db
def test_it_fails_in_one_line_for_an_unknown_email(tmp_path):
    with pytest.raises(CommandError, match="No customer matches"):
        _call("export", "nobody@nowhere.example", "--out", str(tmp_path / "x.zip"))
    assert list(tmp_path.iterdir()) == [], "a failed export leaves no file behind"
    with pytest.raises(CommandError, match="No customer matches"):
        _call("erase", "nobody@nowhere.example", "--confirm")


def test_it_needs_confirm_to_erase(person):
    with pytest.raises(CommandError, match="add --confirm"):
        _call("erase", SECRETS["email"])
    assert Customer.objects.filter(pk=person.pk).exists()


def test_it_erases_and_says_what_it_did(person):
    output = _call("erase", SECRETS["email"], "--confirm")

    assert "Erasure done" in output and "deleted helpdesk.Ticket: 1" in output and "data key destroyed" in output
    assert not Customer.objects.filter(pk=person.pk).exists()
