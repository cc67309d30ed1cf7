"""Request parsers that bound what they read and turn every malformed body into a 400 or 413."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from helpdesk.api_errors import RequestTooLarge

JSON_MAX_BYTES = 2 * 1024 * 1024
MULTIPART_OVERHEAD_BYTES = 64 * 1024


class BoundedJSONParser(parsers.JSONParser):
    """JSON up to 2 MiB; nesting deep enough to exhaust the parser's recursion is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(JSON_MAX_BYTES + 1) if stream is not None else b""
        if len(raw) > JSON_MAX_BYTES:
            raise RequestTooLarge()
        encoding = parsers.get_encoding(parser_context or {})
        try:
            data = json.loads(raw.decode(encoding))
        except (ValueError, RecursionError):
            raise ParseError(_("The body is not valid JSON.")) from None
        try:
            storable = _storable(data)
        except RecursionError:
            storable = False
        if not storable:
            raise ParseError(_("The body contains characters that cannot be stored (NUL or unpaired surrogates)."))
        return data


def _storable(value) -> bool:
    """False if any string holds NUL or a lone surrogate, which PostgreSQL and UTF-8 refuse."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    if isinstance(value, dict):
        return all(_storable(key) and _storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    return True


class BoundedMultiPartParser(parsers.MultiPartParser):
    """Refuse an upload by its declared length before streaming it to disk."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        limit = settings.ATTACHMENT_MAX_BYTES + MULTIPART_OVERHEAD_BYTES
        if declared and declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge()
        return super().parse(stream, media_type, parser_context)
