"""Migration accounts 0004: reviewer tokens made before the `access_log:read` scope keep reading the log."""

import importlib

import pytest
from django.apps import apps

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.services import api_token_create

migration = importlib.import_module("accounts.migrations.0004_access_log_scope")


@pytest.mark.django_db
def test_reviewer_tokens_get_the_scope_and_others_do_not(admin_user):
    made = {
        role: api_token_create(name=role, role=role, scopes=["tickets:read"], actor=admin_user)[0]
        for role in (Role.COMPLIANCE, Role.ADMIN, Role.AGENT)
    }

    migration.grant(apps, None)

    scopes = {role: ApiToken.objects.get(pk=token.pk).scopes for role, token in made.items()}
    assert scopes[Role.COMPLIANCE] == scopes[Role.ADMIN] == ["access_log:read", "tickets:read"]
    assert scopes[Role.AGENT] == ["tickets:read"]

    migration.revoke(apps, None)

    assert all(ApiToken.objects.get(pk=token.pk).scopes == ["tickets:read"] for token in made.values())
