"""Append-only access log: chain any rows written before the chain existed, then refuse
UPDATE and DELETE on events and checkpoints in PostgreSQL (DELETE of events only for a
sealed-segment purge, which sets `sealdesk.audit_purge` for its own transaction)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_accessevent'
       AND current_setting('sealdesk.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGERS = """
CREATE TRIGGER audit_accessevent_append_only BEFORE UPDATE OR DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
DROP = """
DROP TRIGGER IF EXISTS audit_accessevent_append_only ON audit_accessevent;
DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON audit_checkpoint;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def chain_existing_rows(apps, schema_editor):
    from audit import chain, conf

    AccessEvent = apps.get_model("audit", "AccessEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    prev_hash, seq = "", 0
    for event in AccessEvent.objects.order_by("id").iterator():
        values = [getattr(event, name) for name in chain.CHAINED_FIELDS]
        prev_hash, seq = chain.event_hash(conf.chain_key(), prev_hash, values), event.id
        AccessEvent.objects.filter(pk=event.pk).update(hash=prev_hash)
    ChainHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev_hash})


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION, params=None)
        schema_editor.execute(TRIGGERS, params=None)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_alerts_insights")]

    operations = [
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
