"""Prints the log-ins that `seed_demo` created, so `make run` can show them."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role

DEMO_DOMAIN = "demo.sealdesk.test"
# Shared by every demo account; demo data only, never used outside a demo database.
DEMO_PASSWORD = "sealdesk-demo-pw"
ROLE_ORDER = [Role.ADMIN, Role.SENIOR_AGENT, Role.AGENT, Role.LIGHT_AGENT, Role.COMPLIANCE]
ROLE_ACCOUNTS = {"admin", "senior", "agent", "light", "compliance"}


class Command(BaseCommand):
    help = (
        "Lists the demo staff log-ins (email, password, role, teams): one account per role, "
        "or every demo account with --all. Lists nothing until seed_demo has run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Also list the generated demo agents.")

    def handle(self, *args, **options):
        users = _demo_users()
        if not users:
            self.stdout.write(_("No demo log-ins yet: run `python manage.py seed_demo` first."))
            return
        shown = users if options["all"] else [user for user in users if user.email.split("@")[0] in ROLE_ACCOUNTS]
        self.stdout.write(_("Demo log-ins (password for all: %(password)s)") % {"password": DEMO_PASSWORD})
        for user in shown:
            self.stdout.write(f"  {user.email:<40} {user.get_role_display():<20} {_teams(user)}")
        hidden = len(users) - len(shown)
        if hidden:
            self.stdout.write(_("  … and %(count)d more demo agents (--all lists them).") % {"count": hidden})


def _demo_users() -> list[User]:
    users = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_service=False).prefetch_related("teams")
    return sorted(users, key=lambda user: (ROLE_ORDER.index(user.role), user.email))


def _teams(user: User) -> str:
    names = ", ".join(team.name for team in user.teams.all())
    if names:
        return names
    return _("all teams") if user.role == Role.ADMIN else _("no team")
