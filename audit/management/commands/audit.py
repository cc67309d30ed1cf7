"""`manage.py audit verify|checkpoint|detect|purge`: the access log's maintenance commands."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit import context
from audit.checkpoints import checkpoint_create
from audit.detectors.base import EVENT_FIELDS
from audit.detectors.runner import detect, detect_new_events
from audit.models import AccessEvent
from audit.services import segments_purge
from audit.verify import verify_log


class Command(BaseCommand):
    help = (
        "verify: prove the access log intact (every hash, gap and signed checkpoint); exits 1 and names "
        "the first broken event on any break. checkpoint: seal the events since the last checkpoint. "
        "detect: run the detectors over new events (--rescan: over all events; alerts are never duplicated). "
        "purge --older-than-days N: remove whole sealed segments older than N days."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify")
        verify.add_argument("--max-unsealed-minutes", type=int, default=0, help="also fail on older unsealed events")
        sub.add_parser("checkpoint")
        detect_parser = sub.add_parser("detect")
        detect_parser.add_argument("--rescan", action="store_true")
        purge = sub.add_parser("purge")
        purge.add_argument("--older-than-days", type=int, required=True)

    def handle(self, *args, subcommand: str, **options):
        token = context.bind(context.RequestContext(channel="command"))
        try:
            getattr(self, f"_{subcommand}")(**options)
        finally:
            context.reset(token)

    def _verify(self, *, max_unsealed_minutes: int, **options) -> None:
        max_age = timedelta(minutes=max_unsealed_minutes) if max_unsealed_minutes > 0 else None
        report = verify_log(max_unsealed_age=max_age)
        scope = f"{report.events} events ({report.first_event}-{report.last_event}), {report.checkpoints} checkpoints"
        if not report.ok:
            raise CommandError(f"BROKEN at {report.problems[0]}; checked {scope}", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {scope}."))

    def _checkpoint(self, **options) -> None:
        checkpoint = checkpoint_create()
        self.stdout.write(f"Sealed checkpoint {checkpoint.number}: events {checkpoint.from_seq}-{checkpoint.to_seq}.")

    def _detect(self, *, rescan: bool, **options) -> None:
        if rescan:
            opened = 0
            rows = AccessEvent.objects.order_by("id").values(*EVENT_FIELDS)
            batch = []
            for row in rows.iterator(chunk_size=5000):
                batch.append(row)
                if len(batch) == 5000:
                    opened, batch = opened + detect(batch), []
            opened += detect(batch) if batch else 0
        else:
            opened = detect_new_events()
        self.stdout.write(f"Detectors opened {opened} new alert(s).")

    def _purge(self, *, older_than_days: int, **options) -> None:
        if older_than_days < 1:
            raise CommandError("--older-than-days must be at least 1")
        removed = segments_purge(before=timezone.now() - timedelta(days=older_than_days))
        self.stdout.write(f"Removed {removed} event(s) in whole sealed segments.")
