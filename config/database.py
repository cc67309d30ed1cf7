"""How Sealdesk talks to PostgreSQL: the connection options read from DATABASE_PREPARE_THRESHOLD."""

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PREPARE_THRESHOLD = 5


def prepared_statement_options(raw: str) -> dict:
    """psycopg options: server-side binding with statements prepared after `raw` runs (blank: 5,
    0: at once), or none at all for "off", which leaves Django's client-side binding."""
    text = (raw or "").strip().lower()
    if text == "off":
        return {}
    if not text:
        threshold = DEFAULT_PREPARE_THRESHOLD
    elif text.isdigit():
        threshold = int(text)
    else:
        raise ImproperlyConfigured(
            f"DATABASE_PREPARE_THRESHOLD must be a whole number of runs (0 or more) or off, got {raw!r}"
        )
    return {"server_side_binding": True, "prepare_threshold": threshold}
