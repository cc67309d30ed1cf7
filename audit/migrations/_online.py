"""Index operations that run CONCURRENTLY on PostgreSQL and plainly elsewhere.

Every request appends to the access log, so a plain CREATE INDEX over millions of events would
hold up recording (and so every request) until it finished. (Not a migration: the loader skips
modules whose name starts with an underscore.)"""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db.migrations.operations import AddIndex, RemoveIndex


def _online(concurrent, plain):
    """CONCURRENTLY on PostgreSQL, the plain operation on other databases (make run's SQLite)."""

    class Operation(concurrent):
        def database_forwards(self, app_label, schema_editor, from_state, to_state):
            base = concurrent if schema_editor.connection.vendor == "postgresql" else plain
            base.database_forwards(self, app_label, schema_editor, from_state, to_state)

        def database_backwards(self, app_label, schema_editor, from_state, to_state):
            base = concurrent if schema_editor.connection.vendor == "postgresql" else plain
            base.database_backwards(self, app_label, schema_editor, from_state, to_state)

    return Operation


AddIndexOnline = _online(AddIndexConcurrently, AddIndex)
RemoveIndexOnline = _online(RemoveIndexConcurrently, RemoveIndex)
