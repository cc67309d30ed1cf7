"""Email channel settings, each with a safe default so the channel works before anyone tunes it."""

from email.utils import parseaddr

from django.conf import settings

MB = 1024 * 1024


def _get(name: str, default):
    return getattr(settings, f"SEALDESK_EMAIL_{name}", default)


def max_message_bytes() -> int:
    return int(_get("MAX_MESSAGE_BYTES", 25 * MB))


def archive_max_expanded_bytes() -> int:
    return int(_get("ARCHIVE_MAX_EXPANDED_BYTES", 100 * MB))


def archive_max_ratio() -> int:
    return int(_get("ARCHIVE_MAX_RATIO", 100))


def archive_max_depth() -> int:
    return int(_get("ARCHIVE_MAX_DEPTH", 2))


def archive_max_members() -> int:
    return int(_get("ARCHIVE_MAX_MEMBERS", 5000))


def change_requests_need_approval() -> bool:
    return bool(_get("CHANGE_APPROVAL", True))


def authserv_id() -> str:
    """Our receiving server's authserv-id; empty trusts only the topmost Authentication-Results."""
    return str(_get("AUTHSERV_ID", "")).strip().lower()


def support_address() -> str:
    """The address customers write to, e.g. support@example.com (from DEFAULT_FROM_EMAIL unless set)."""
    return str(_get("ADDRESS", "") or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]).lower()


def support_domain() -> str:
    return support_address().rpartition("@")[2]


def protected_domains() -> set[str]:
    """Our own domains: senders whose domain merely resembles one of these get a warning."""
    extra = {str(domain).lower().strip() for domain in _get("PROTECTED_DOMAINS", ())}
    return {domain for domain in {support_domain(), *extra} if domain}


def delivery_max_attempts() -> int:
    return int(_get("DELIVERY_MAX_ATTEMPTS", 8))


def reply_key() -> bytes:
    """The HMAC key of reply tokens: a dedicated secret, or one derived from SECRET_KEY."""
    return str(_get("REPLY_KEY", "") or settings.SECRET_KEY).encode()
