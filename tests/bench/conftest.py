import pytest

from bench import dataset

TINY = dataset.Size(tickets=100, comments=500, customers=200, agents=20, teams=2)


@pytest.fixture
def tiny_dataset(db, monkeypatch, settings):
    """A tiny data set in the test database, built in this process (forked workers would not
    see the test's open transaction), with the bench app installed as in bench.harness_settings."""
    monkeypatch.setattr(dataset, "WORKERS", 1)
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "bench"]  # the twin's relations to Tag, Team, User
    settings.ROOT_URLCONF = "bench.harness_urls"
    return dataset.build(TINY)


@pytest.fixture
def bench_fixtures(tiny_dataset):
    from bench.harness_fixtures import fixtures

    return fixtures()
