"""`manage.py seed_demo`: fills the database with realistic, deterministic demo data."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from helpdesk.models import Ticket

MAX_TICKETS = 100_000


class Command(BaseCommand):
    help = (
        "Creates demo data: teams, staff of every role (see demo_logins), organizations, customers, "
        "tickets with conversations full of personal data, custom fields, tags, canned replies and "
        "example retention policies. "
        "The same --seed on an empty database gives the same data. With --if-empty it does nothing "
        "when tickets exist."
    )

    def add_arguments(self, parser):
        # Parsed in handle() so a bad value ends in one clear line rather than argparse's usage dump.
        parser.add_argument("--tickets", default="200", help=f"How many tickets (1-{MAX_TICKETS}, default 200).")
        parser.add_argument("--seed", default="42", help="Random seed: the same seed gives the same data.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any ticket exists.")

    def handle(self, *args, **options):
        tickets = _whole_number(options["tickets"], "--tickets", low=1, high=MAX_TICKETS)
        seed = _whole_number(options["seed"], "--seed", low=0, high=2**63)
        if options["if_empty"] and Ticket.objects.exists():
            self.stdout.write(_("Tickets exist already: no demo data added (--if-empty)."))
            return
        from helpdesk.demo.seeder import seed_demo

        started = time.monotonic()
        counts = seed_demo(tickets=tickets, seed=seed)
        made = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        elapsed = time.monotonic() - started
        self.stdout.write(_("Demo data (seed %(seed)s) in %(seconds).1fs: %(made)s.") % {
            "seed": seed, "seconds": elapsed, "made": made,
        })


def _whole_number(raw, option: str, *, low: int, high: int) -> int:
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise CommandError(f"{option} must be a whole number, got {raw!r}") from None
    if not low <= value <= high:
        raise CommandError(f"{option} must be between {low} and {high}, got {value}")
    return value
