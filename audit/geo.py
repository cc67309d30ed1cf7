"""Country and city of an IP from an admin-provided MaxMind database (`geoip2`), else blank."""

from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured

from audit import conf


@lru_cache(maxsize=1)
def _reader(path: str):
    """The open database and the exception it raises for unknown addresses."""
    try:
        import geoip2.database
        import geoip2.errors
    except ImportError:
        raise ImproperlyConfigured("SEALDESK_GEOIP_DATABASE is set but the geoip2 package is missing") from None
    return geoip2.database.Reader(path), geoip2.errors.AddressNotFoundError


def locate(ip: str | None) -> tuple[str, str]:
    """(ISO country code, city name), or blanks without a database or for an unknown address."""
    path = conf.geoip_path()
    if path is None or not ip:
        return "", ""
    reader, not_found = _reader(str(path))
    try:
        answer = reader.city(ip)
    except (not_found, ValueError):
        return "", ""
    return (answer.country.iso_code or "")[:2], (answer.city.name or "")[:100]
