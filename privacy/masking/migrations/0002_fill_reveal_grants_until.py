"""Users with reveal grants still running when `User.reveal_grants_until` arrived get it filled in,
so the presenter does not skip their grants."""

from django.db import migrations
from django.db.models import Max
from django.utils import timezone


def fill(apps, schema_editor):
    RevealGrant = apps.get_model("masking", "RevealGrant")
    User = apps.get_model("accounts", "User")
    active = RevealGrant.objects.filter(expires_at__gt=timezone.now()).values("user").annotate(until=Max("expires_at"))
    for row in active:
        User.objects.filter(pk=row["user"]).update(reveal_grants_until=row["until"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_reveal_grants_until"),
        ("masking", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
