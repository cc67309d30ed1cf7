"""The action filter is an exact match paged by id: one (action, id) index instead of Django's two
for `db_index=True` on a CharField (a plain one and a `varchar_pattern_ops` one that no query uses),
so every append updates one index fewer."""

from django.db import migrations, models

from audit.migrations._online import AddIndexOnline

ACTION_BY_ID = models.Index(fields=["action", "id"], name="audit_event_action_idx")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("audit", "0004_customer_covering_index")]

    operations = [
        AddIndexOnline(model_name="accessevent", index=ACTION_BY_ID),
        migrations.AlterField(model_name="accessevent", name="action", field=models.CharField(max_length=64)),
    ]
