import threading

import pytest
from django.db import connection
from django.test import Client
from freezegun import freeze_time

from accounts.lockout import login_lock_clear
from accounts.models import LoginThrottle
from audit.models import AccessEvent
from tests.conftest import PASSWORD

WRONG = "not the password at all"


def attempt(client: Client, email: str, password: str, ip: str = "203.0.113.7"):
    return client.post("/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_it_locks_the_account_after_five_failures_with_a_clear_message(client, alice):
    for _ in range(5):
        assert "Please enter a correct" in attempt(client, alice.email, WRONG).content.decode()

    response = attempt(client, alice.email, PASSWORD)

    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessEvent.objects.filter(action="auth.locked", target_id=str(alice.pk)).count() == 1
    assert AccessEvent.objects.filter(action="auth.login_failed", target_id=str(alice.pk)).count() == 6


def test_it_never_records_the_password_or_the_email_typed(client, alice):
    attempt(client, "nobody@nowhere.test", WRONG)
    attempt(client, alice.email, WRONG)

    for event in AccessEvent.objects.filter(action="auth.login_failed"):
        flat = str(event.__dict__)
        assert WRONG not in flat and "nobody@nowhere.test" not in flat


def test_it_locks_unknown_emails_alike(client, db):
    for _ in range(6):
        response = attempt(client, "ghost@sealdesk.test", WRONG)

    assert "Too many failed sign-ins" in response.content.decode()
    assert not LoginThrottle.objects.filter(key__contains="ghost").exists()


def test_it_limits_attempts_per_ip_across_accounts(client, settings, alice, bob):
    settings.SEALDESK_LOGIN_IP_LIMIT = 3
    attempt(client, alice.email, WRONG)
    attempt(client, bob.email, WRONG)
    attempt(client, "someone@x.test", WRONG)

    assert "Too many failed" in attempt(client, bob.email, PASSWORD).content.decode()
    assert attempt(client, bob.email, PASSWORD, ip="198.51.100.1").status_code == 302


def test_it_resets_the_account_counter_after_a_good_password(client, alice):
    for _ in range(4):
        attempt(client, alice.email, WRONG)
    assert attempt(client, alice.email, PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    for _ in range(4):
        attempt(client, alice.email, WRONG)
    assert attempt(client, alice.email, PASSWORD).status_code == 302


def test_it_unlocks_after_the_lockout_period(client, alice):
    with freeze_time() as frozen:
        for _ in range(5):
            attempt(client, alice.email, WRONG)
        frozen.tick(31 * 60)
        assert attempt(client, alice.email, PASSWORD).status_code == 302


def test_an_admin_unlocks_an_account(client, login, alice, admin_user):
    for _ in range(5):
        attempt(client, alice.email, WRONG)

    admin = login(admin_user)
    page = admin.get(f"/accounts/users/{alice.pk}/")
    assert "Locked after too many failed sign-ins" in page.content.decode()
    assert admin.post(f"/accounts/users/{alice.pk}/unlock/").status_code == 302

    assert attempt(Client(), alice.email, PASSWORD).status_code == 302
    assert AccessEvent.objects.filter(action="auth.unlocked", actor_id=admin_user.pk).count() == 1


def test_an_agent_cannot_unlock_anyone(login, alice, bob):
    assert login(bob).post(f"/accounts/users/{alice.pk}/unlock/").status_code == 404


def test_the_service_clears_only_that_account(alice, bob, client):
    for user in (alice, bob):
        for _ in range(5):
            attempt(client, user.email, WRONG, ip="192.0.2.1" if user == alice else "192.0.2.2")

    login_lock_clear(user=alice, actor=None)

    assert attempt(Client(), alice.email, PASSWORD, ip="192.0.2.9").status_code == 302
    assert attempt(Client(), bob.email, PASSWORD, ip="192.0.2.9").status_code == 200


@pytest.mark.postgresql("200 concurrent writers: SQLite serializes them, and under load some outwait its lock timeout")
@pytest.mark.django_db(transaction=True)
def test_it_holds_the_limit_under_200_concurrent_attempts(alice):
    """200 threads post wrong passwords at once; exactly five reach the password check."""
    start = threading.Barrier(200)
    # PostgreSQL here allows 100 connections for everyone: at most 40 threads hold one at a time.
    connections_free = threading.BoundedSemaphore(40)
    outcomes = []

    def worker(number: int) -> None:
        start.wait()
        with connections_free:
            try:
                response = attempt(Client(), alice.email, WRONG, ip=f"2001:db8::{number:x}")
                outcomes.append("locked" if "Too many failed" in response.content.decode() else "checked")
            finally:
                connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(200)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 200
    assert outcomes.count("checked") == 5
    assert AccessEvent.objects.filter(action="auth.locked", target_id=str(alice.pk)).count() == 1
    assert LoginThrottle.objects.get(kind="account").attempts == 5
    assert "Too many failed" in attempt(Client(), alice.email, PASSWORD).content.decode()


def test_the_unlock_command_clears_a_lock(client, alice):
    from io import StringIO

    from django.core.management import call_command

    for _ in range(5):
        attempt(client, alice.email, WRONG)
    out = StringIO()
    call_command("unlock_account", alice.email.upper(), stdout=out)

    assert out.getvalue().strip() == f"Unlocked {alice.email}"
    assert attempt(Client(), alice.email, PASSWORD).status_code == 302


def test_the_unlock_command_names_an_unknown_account_in_one_line(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No staff account"):
        call_command("unlock_account", "nobody@x.test")
