"""Replace the (customer_id, id) index by one that also carries occurred_at, actor_id and
actor_role, so per-customer aggregates and time-range filters are index-only scans.

Built CONCURRENTLY on PostgreSQL: every request appends to this table, and a plain CREATE INDEX
over millions of events would hold up recording (and so every request) until it finished."""

from django.db import migrations, models

from audit.migrations._online import AddIndexOnline, RemoveIndexOnline

OLD = models.Index(fields=["customer_id", "id"], name="audit_event_customer_idx")
NEW = models.Index(
    fields=["customer_id", "id"], include=["occurred_at", "actor_id", "actor_role"],
    name="audit_event_customer_cover_idx",
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("audit", "0003_append_only")]

    operations = [
        AddIndexOnline(model_name="accessevent", index=NEW),
        RemoveIndexOnline(model_name="accessevent", name=OLD.name),
    ]
