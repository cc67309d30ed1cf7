"""`manage.py keys ...`: see, rotate, revoke, restore and destroy encryption keys."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from privacy import keys
from privacy.crypto import lifecycle
from privacy.crypto.exceptions import CryptoError
from privacy.crypto.status import keyring_status


def _days(text: str) -> timedelta:
    try:
        days = int(text)
    except ValueError:
        raise CommandError(f"--destroy-after takes a whole number of days, got {text!r}") from None
    if days < 1:
        raise CommandError("--destroy-after must be at least 1 day")
    return timedelta(days=days)


class Command(BaseCommand):
    help = (
        "Manage encryption keys. status: keys, states and values each protects. rotate-kek: new KEK "
        "version, data keys re-wrapped, nothing re-encrypted. rotate-dek: new data keys, values "
        "re-encrypted in the background. revoke: everything under a key becomes unreadable at once "
        "(needs --confirm); its material is destroyed only after a waiting period, during which "
        "restore undoes it. destroy-due: destroy keys whose waiting period is over."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status", help="KEKs, data keys, values they protect, job progress")
        status.add_argument("--subject", help="list this data subject's keys")
        sub.add_parser("rotate-kek", help="new KEK version; re-wrap every data key")
        rotate = sub.add_parser("rotate-dek", help="new data keys; re-encrypt in the background")
        rotate.add_argument("--subject", help="only this data subject (a customer id)")
        revoke = sub.add_parser("revoke", help="make everything under a KEK or data key unreadable")
        revoke.add_argument("key_id")
        revoke.add_argument("--confirm", action="store_true", help="really revoke")
        revoke.add_argument("--destroy-after", type=_days, metavar="DAYS", help="waiting period (default 30)")
        restore = sub.add_parser("restore", help="undo a revocation within the waiting period")
        restore.add_argument("key_id")
        sub.add_parser("destroy-due", help="destroy revoked keys whose waiting period is over")

    def handle(self, *args, action: str, **options) -> None:
        handler = getattr(self, "_" + action.replace("-", "_"))
        try:
            handler(**options)
        except CryptoError as exc:
            raise CommandError(str(exc)) from None

    def _status(self, *, subject=None, **options) -> None:
        status = keyring_status(subject=subject)
        backend = status["backend"]
        facts = ", ".join(f"{k}={v}" for k, v in backend.items() if k not in ("ok", "detail"))
        self.stdout.write(f"Backend: {facts} [{'ok' if backend['ok'] else 'DOWN'}: {backend['detail']}]")
        self.stdout.write("KEKs:")
        for row in status["keks"]:
            kek = row["kek"]
            due = f", destroy after {kek.destroy_after:%Y-%m-%d %H:%M}" if kek.destroy_after else ""
            self.stdout.write(
                f"  {kek.id}  {kek.backend}:{kek.key_ref}  {kek.state}{due}  "
                f"{row['data_keys']} data keys, {row['values']} values"
            )
        self.stdout.write("Data keys by state:")
        for state, (count, values) in status["dek_states"].items():
            self.stdout.write(f"  {state}: {count} keys, {values} values")
        for row in status["deks"]:
            dek = row["dek"]
            self.stdout.write(f"  {dek.id}  subject={dek.subject}  {dek.state}  {row['values']} values")
        self.stdout.write(f"Values still under retired data keys: {status['remaining']}")
        for job in status["jobs"]:
            self.stdout.write(
                f"Job {job.id} ({job.scope}): {job.state}, {job.values_done} values re-encrypted, "
                f"{job.values_skipped} unreadable, {job.batches_done} batches, heartbeat {job.heartbeat or '-'}"
            )

    def _rotate_kek(self, **options) -> None:
        kek = keys.kek_rotate()
        self.stdout.write(f"New KEK {kek.id} ({kek.backend}:{kek.key_ref}); data keys re-wrapped.")

    def _rotate_dek(self, *, subject=None, **options) -> None:
        count, job = keys.dek_rotate(subject=subject)
        self.stdout.write(f"Retired {count} data keys; re-encryption job {job.id} started.")

    def _revoke(self, *, key_id, confirm=False, destroy_after=None, **options) -> None:
        impact = lifecycle.revocation_impact(lifecycle.find_key(key_id))
        self.stdout.write(
            f"Revoking {impact.key} makes {impact.values} values of {impact.subjects} data subjects "
            f"({impact.data_keys} data keys) unreadable."
        )
        if not confirm:
            raise CommandError("nothing revoked: re-run with --confirm")
        impact = keys.key_revoke(key_id=key_id, destroy_after=destroy_after)
        self.stdout.write(
            f"Revoked. Material is destroyed after {impact.key.destroy_after:%Y-%m-%d %H:%M} UTC; "
            f"until then `keys restore {impact.key.id}` undoes this."
        )

    def _restore(self, *, key_id, **options) -> None:
        key = keys.key_restore(key_id=key_id)
        self.stdout.write(f"Restored {key}.")

    def _destroy_due(self, **options) -> None:
        destroyed = keys.keys_destroy_due()
        for key in destroyed:
            self.stdout.write(f"Destroyed {key}.")
        self.stdout.write(f"{len(destroyed)} keys destroyed.")
