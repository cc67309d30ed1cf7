"""`manage.py subject export|erase EMAIL`: answer a data-subject request from the command line."""

import os
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from privacy.models import RequestKind
from privacy.subjects import services


class Command(BaseCommand):
    help = (
        "Data-subject requests. export EMAIL --out FILE: write the person's data (JSON, files and a "
        "readable summary) as a ZIP. erase EMAIL --confirm: delete or anonymize everything of theirs "
        "that no legal hold keeps, then destroy their data key. Both are recorded as requests."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the person's data as a ZIP")
        export.add_argument("email")
        export.add_argument("--out", required=True, metavar="FILE", help="where to write the ZIP")
        erase = sub.add_parser("erase", help="erase the person's data and destroy their key")
        erase.add_argument("email")
        erase.add_argument("--confirm", action="store_true", help="really erase")
        erase.add_argument("--keep-structure", action="store_true", help="keep organization tickets, anonymized")

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except OSError as error:
            raise CommandError(f"cannot write the export: {error.strerror}") from None

    def _export(self, *, email: str, out: str, **options) -> None:
        """Write to a private temporary file beside FILE and link it into place last, so a failed
        export leaves nothing behind and an existing FILE is never overwritten."""
        destination = Path(out)
        if destination.exists():
            raise CommandError(f"cannot write the export: {out} already exists")
        if not destination.parent.is_dir():
            raise CommandError(f"cannot write the export: there is no folder {destination.parent}")
        with transaction.atomic(), tempfile.NamedTemporaryFile(
            dir=destination.parent, prefix=".subject-export-", suffix=".zip"
        ) as target:
            request = services.subject_request_open(actor=None, kind=RequestKind.EXPORT, email=email)
            request = services.subject_request_export(request=request, actor=None, target=target)
            target.flush()
            os.link(target.name, destination)
        rows = sum(request.outcome["exported"].values())
        self.stdout.write(f"Exported {rows} record(s) to {out} (request {request.pk}).")

    def _erase(self, *, email: str, confirm: bool, keep_structure: bool, **options) -> None:
        if not confirm:
            raise CommandError("erasure cannot be undone: add --confirm")
        request = services.subject_request_open(
            actor=None, kind=RequestKind.ERASURE, email=email, keep_structure=keep_structure or None
        )
        request = services.subject_request_erase(request=request, actor=None)
        outcome = request.outcome
        self.stdout.write(f"Erasure {request.state} (request {request.pk}).")
        for label, count in sorted(outcome["deleted"].items()):
            self.stdout.write(f"  deleted {label}: {count}")
        for label, count in sorted(outcome["anonymized"].items()):
            if count:
                self.stdout.write(f"  anonymized {label}: {count}")
        for item in outcome["kept"]:
            self.stdout.write(f"  NOT erased {item['type']}: {item['count']} ({item['reason']})")
        self.stdout.write("  data key destroyed" if outcome["key_destroyed"] else "  data key kept")
