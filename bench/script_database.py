"""The guard each bench script that drops, rebuilds or empties its database runs before anything else."""

import sys

from django.db import connection


def require_own_database(kind: str, what_it_does: str) -> None:
    """Exit with a one-line error unless the database's name ends in ``{kind}_bench``.

    A DATABASE_URL exported for `make run` or left pointing at a real database must never reach a
    script that would drop or empty it.
    """
    suffix = f"{kind}_bench"
    if not connection.settings_dict["NAME"].endswith(suffix):
        sys.exit(f"Run against its own database (a name ending in {suffix}), which it {what_it_does}: "
                 f"DATABASE_URL=postgres://.../sealdesk_{suffix}")
