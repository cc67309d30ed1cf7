"""`manage.py retention preview|run`: what retention would remove today, and removing it now."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from privacy.models import RetentionRun, RunState
from privacy.retention import jobs, services


class Command(BaseCommand):
    help = (
        "Apply retention policies. preview: per enabled policy, how many records would go today and "
        "a masked sample. run: run every enabled policy (or --policy NAME) now, batch by batch; "
        "--dry-run counts without changing anything. A run that was interrupted is resumed, not repeated."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("preview", help="per policy: records that would go today, with a masked sample")
        run = sub.add_parser("run", help="run the policies now")
        run.add_argument("--policy", metavar="NAME", help="only the policy with this name")
        run.add_argument("--dry-run", action="store_true", help="count what would go, change nothing")

    def handle(self, *args, action: str, **options) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _preview(self, **options) -> None:
        previews = services.preview()
        if not previews:
            self.stdout.write("No enabled retention policy.")
        for item in previews:
            policy = item.policy
            head = f"{policy.name} [{policy.data_type}, {policy.action} after {policy.keep_for}]"
            if item.unavailable:
                self.stdout.write(f"{head}: not available: {item.unavailable}")
                continue
            self.stdout.write(f"{head}: {item.count} record(s) would go today")
            for line in item.sample:
                self.stdout.write(f"    {line}")

    def _run(self, *, policy=None, dry_run=False, **options) -> None:
        runs = services.runs_start(policy_name=policy, dry_run=dry_run, trigger="command")
        if not runs:
            self.stdout.write("No enabled retention policy.")
        failed = 0
        for run in runs:
            while not jobs.run_advance(run_id=run.pk, seconds=60):
                pass
            run = RetentionRun.objects.get(pk=run.pk)
            failed += run.state == RunState.FAILED
            self.stdout.write(self._report(run))
        if failed:
            raise CommandError(f"{failed} run(s) failed; see the retention reports")

    @staticmethod
    def _report(run: RetentionRun) -> str:
        counts = ", ".join(f"{key} {value}" for key, value in sorted(run.counts.items())) or "nothing to do"
        seconds = run.duration.total_seconds() if run.duration else 0.0
        dry = " (dry run)" if run.dry_run else ""
        errors = f", {len(run.errors)} error(s)" if run.errors else ""
        return f"{run.policy_name}{dry}: {run.state}: {counts} in {seconds:.1f}s{errors}"
