import logging

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import OperationalError
from kombu import Connection

from config import health
from config.celery import app as celery_app

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # port 1: nothing listens, the connection is refused at once


@pytest.fixture
def broker_down(monkeypatch):
    monkeypatch.setattr(
        celery_app, "connection_for_write", lambda: Connection(UNREACHABLE_REDIS, connect_timeout=1)
    )


@pytest.fixture
def cache_down(monkeypatch):
    """Only the health check's cache is unreachable, so nothing else in the test trips over it."""
    monkeypatch.setattr(health, "cache", RedisCache(UNREACHABLE_REDIS, {}))


@pytest.mark.django_db
def test_it_answers_ok_when_everything_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "broker": "ok", "kms": "ok"}}


@pytest.mark.django_db
def test_it_needs_no_login_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_names_the_broker_when_it_is_down(client, broker_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = {"database": "ok", "cache": "ok", "broker": "down", "kms": "ok"}
    assert response.json() == {"status": "down", "checks": checks}


@pytest.mark.django_db
def test_it_names_the_cache_when_it_is_down(client, cache_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "down", "broker": "ok", "kms": "ok"}


@pytest.mark.django_db
def test_it_names_the_database_when_it_is_down(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"


@pytest.mark.django_db
def test_it_logs_which_check_failed_without_details(client, broker_down, caplog):
    with caplog.at_level(logging.WARNING, logger="config.health"):
        client.get("/healthz")
    failures = [record for record in caplog.records if record.name == "config.health"]
    assert [record.check for record in failures] == ["broker"]
    assert UNREACHABLE_REDIS not in caplog.text


@pytest.mark.django_db
def test_it_shows_no_personal_data(client, customer, ticket):
    body = client.get("/healthz").content.decode()
    for value in (customer.name, customer.email, customer.phone, ticket.subject):
        assert value not in body
    assert set(client.get("/healthz").json()) == {"status", "checks"}


@pytest.mark.django_db
def test_it_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


def test_it_reports_an_unusable_key_backend(client, settings):
    settings.SEALDESK_KMS_BACKEND = "vault"
    settings.SEALDESK_VAULT_ADDR = "http://127.0.0.1:1"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["kms"] == "down"
