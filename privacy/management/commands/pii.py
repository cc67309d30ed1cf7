"""`manage.py pii scan`: run the personal-data detectors over JSON lines, for measuring them on real data."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from privacy.detect import available_types, countries_for, detect


class Command(BaseCommand):
    help = (
        'Find personal data in text. scan: reads JSON lines {"id": ..., "text": ...} on stdin and writes '
        'one line {"id": ..., "spans": [{"type", "start", "end"}]} per input line, in order, with offsets '
        "as Python string indices. A malformed line gets an error on stderr naming its line number and no "
        "output line; the scan carries on and exits non-zero at the end."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="detect personal data in JSON lines from stdin")
        scan.add_argument("--types", help=f"comma-separated types to report (default: all of {available_types()})")
        scan.add_argument("--locales", help="comma-separated locales or countries, e.g. de_DE,en_GB (default: all)")

    def handle(self, *args, action: str, types: str | None = None, locales: str | None = None, **options) -> None:
        wanted = _split(types)
        countries = _split(locales)
        try:
            if wanted is not None:
                detect("", types=wanted)
            if countries is not None:
                countries_for(countries)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        lines, spans, errors = self._scan(sys.stdin.buffer, wanted, countries)
        self.stderr.write(f"pii scan: {lines} line(s), {spans} span(s), {errors} malformed line(s)")
        if errors:
            raise CommandError(f"{errors} malformed input line(s)")

    def _scan(self, stream, wanted, countries) -> tuple[int, int, int]:
        lines = spans = errors = 0
        for lineno, raw in enumerate(stream, start=1):
            lines += 1
            try:
                record_id, text = _parse(raw)
            except ValueError as exc:
                errors += 1
                self.stderr.write(f"line {lineno}: {exc}")
                continue
            found = detect(text, types=wanted, locales=countries)
            spans += len(found)
            out = {"id": record_id, "spans": [span.as_dict() for span in found]}
            self.stdout.write(json.dumps(out))
        return lines, spans, errors


def _split(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def _parse(raw: bytes) -> tuple[object, str]:
    """(id, text) from one input line; ValueError with a short reason otherwise."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not valid UTF-8") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    if "id" not in record:
        raise ValueError('missing "id"')
    if not isinstance(record.get("text"), str):
        raise ValueError('"text" must be a string')
    return record["id"], record["text"]
