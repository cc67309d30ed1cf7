import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from accounts.passwords import LIST_PATH, is_breached
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    "password", ["password", "Summer2024!!!!", "P@ssw0rd12345", "Letmein!!2024!!", "iloveyou123456", "Welcome1234567"]
)
def test_it_rejects_breached_passwords_and_their_disguises(password):
    assert is_breached(password)


@pytest.mark.parametrize("password", [PASSWORD, "tundra-kettle-mosaic-41", "Vq9#Lr2!xT7$mZ"])
def test_it_accepts_passwords_not_found_in_breaches(password):
    assert not is_breached(password)


def test_django_validation_runs_the_breach_check_with_a_clear_message(alice):
    with pytest.raises(ValidationError) as error:
        validate_password("Christmas2025!!", user=alice)

    assert "known data breaches" in str(error.value)


def test_the_list_ships_with_the_project_as_digests():
    import gzip

    with gzip.open(LIST_PATH, "rt") as handle:
        lines = handle.read().split()
    assert len(lines) > 19000
    assert "password" not in lines and all(len(line) == 16 for line in lines[:100])


def test_password_change_needs_the_old_password_and_checks_the_new_one(login, alice):
    client = login(alice)
    page = client.get("/accounts/security/password/").content.decode()
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page

    weak = client.post(
        "/accounts/security/password/",
        {"old_password": PASSWORD, "new_password1": "Summer2024!!!!", "new_password2": "Summer2024!!!!"},
    )
    assert "known data breaches" in weak.content.decode()

    new = "tundra-kettle-mosaic-41"
    done = client.post(
        "/accounts/security/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(new)
    assert client.get("/accounts/security/").status_code == 200


def test_the_sign_in_form_tells_password_managers_what_each_field_is(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert 'autocomplete="username"' in page and 'autocomplete="current-password"' in page
