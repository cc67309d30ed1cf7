"""CPU time of this connection's PostgreSQL backend, read from /proc (the server must be local).

On a shared machine wall time says little; a bench reports its own CPU time and the database's.
"""

import os
from pathlib import Path

from django.db import connection


def server_cpu_seconds() -> float | None:
    """User + system seconds of the backend serving this connection, or None if /proc cannot show it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
