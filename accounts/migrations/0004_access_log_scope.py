"""Tokens that read the access log before the `access_log:read` scope existed keep doing so.

Until now a token bound to the compliance or admin role could read `/api/v1/access-events/`; the
endpoint now also asks for the scope, so those tokens are granted it here and no SIEM pull breaks.
"""

from django.db import migrations

SCOPE = "access_log:read"
REVIEWER_ROLES = ("compliance", "admin")


def grant(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(user__role__in=REVIEWER_ROLES):
        if SCOPE not in token.scopes:
            token.scopes = sorted({*token.scopes, SCOPE})
            token.save(update_fields=["scopes"])


def revoke(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(user__role__in=REVIEWER_ROLES):
        if SCOPE in token.scopes:
            token.scopes = [scope for scope in token.scopes if scope != SCOPE]
            token.save(update_fields=["scopes"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_reveal_grants_until")]

    operations = [migrations.RunPython(grant, revoke)]
