"""The export ZIP: data.json (every registered row of the person), their files, and summary.txt."""

import json
import zipfile
from collections import Counter

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy import registry
from privacy.retention.declarations import subject_data_for
from privacy.subjects.records import children_first


def _exported_fields(model) -> list:
    """Every stored value except derived search indexes; encrypted values come out decrypted."""
    from privacy.crypto.blind_index import BlindIndexField
    from privacy.crypto.fields import EncryptedFieldMixin
    from privacy.crypto.token_index import TokenIndexField

    return [
        f
        for f in model._meta.concrete_fields
        if not isinstance(f, BlindIndexField | TokenIndexField)
        and (f.get_internal_type() != "BinaryField" or isinstance(f, EncryptedFieldMixin))
    ]


def _row(row, fields) -> dict:
    return {field.attname: _plain(getattr(row, field.attname)) for field in fields}


def _plain(value):
    return str(value) if isinstance(value, str) else value


def export_write(*, subject, target) -> Counter:
    """Write the ZIP for `subject` into `target` (a path or a binary file object); returns row counts."""
    counts = Counter()
    records, summary = {}, []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for declaration in reversed(children_first()):
            rows, lines = _export_model(declaration, subject.pk, archive)
            records[declaration.label] = rows
            counts[declaration.label] = len(rows)
            summary += [f"## {declaration.model._meta.verbose_name_plural} ({len(rows)})", *lines, ""]
        document = {"subject": str(subject.pk), "exported_at": timezone.now(), "records": records}
        archive.writestr("data.json", json.dumps(document, cls=DjangoJSONEncoder, indent=1, ensure_ascii=False))
        archive.writestr("summary.txt", "\n".join([_("Your data held by us"), "", *summary]))
    return counts


def _export_model(declaration: registry.PersonalDataModel, subject_pk, archive) -> tuple[list, list]:
    fields = _exported_fields(declaration.model)
    files = subject_data_for(declaration.model).export_file
    rows, lines = [], []
    for row in declaration.rows_of_subject(subject_pk).order_by("pk").iterator(chunk_size=1000):
        data = _row(row, fields)
        if files is not None:
            data["file"] = _add_file(archive, row, files)
        rows.append(data)
        lines.append(_summary_line(row, declaration))
    return rows, lines


def _add_file(archive, row, files) -> str:
    """The file's path in the ZIP, or "" when it cannot be read (key revoked, file lost): the
    export still completes and says so, rather than failing the whole request."""
    from privacy.crypto import CryptoError

    try:
        name, content = files(row)
    except (OSError, CryptoError):
        return ""
    path = f"files/{row.pk}/{_safe_name(name)}"
    archive.writestr(path, content)
    return path


def _summary_line(row, declaration) -> str:
    created = getattr(row, "created_at", None)
    parts = [f"{name}: {_plain(getattr(row, name))}" for name in declaration.fields]
    when = f"{created:%Y-%m-%d %H:%M} " if created else ""
    return f"- {when}" + " | ".join(parts)


def _safe_name(name: str) -> str:
    return "".join("_" if ch in "/\\" else ch for ch in name) or "file"
