from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import ApiToken, Team
from accounts.roles import Role
from accounts.services import api_token_create

MAX_NAME_LENGTH = ApiToken._meta.get_field("name").max_length
MAX_DAYS = 3650
READ_SCOPES = [ApiToken.Scope.TICKETS_READ, ApiToken.Scope.CUSTOMERS_READ, ApiToken.Scope.ATTACHMENTS_READ]
REVIEW_SCOPES = [ApiToken.Scope.ACCESS_LOG_READ]  # a compliance officer's token reads the access log only


class Command(BaseCommand):
    help = (
        "Create an API token bound to a role (and teams) and print it once; only its hash is stored. "
        "Without --scope the token may only read (a compliance token: the access log)."
    )

    def add_arguments(self, parser):
        # Checked in handle(), not by argparse, so every mistake is one line and a non-zero exit.
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'Shop integration'.")
        parser.add_argument("--role", default="", help=f"One of: {', '.join(Role.values)}.")
        parser.add_argument("--team", action="append", default=[], metavar="NAME", help="Repeat for several teams.")
        parser.add_argument(
            "--scope", action="append", default=[], help=f"Repeat for several: {', '.join(ApiToken.Scope.values)}."
        )
        parser.add_argument("--expires-in-days", default=None, metavar="D", help="Default: never expires.")

    def handle(self, *args, name, role, team, scope, expires_in_days, **options):
        name = name.strip()
        if not name or len(name) > MAX_NAME_LENGTH:
            raise CommandError(f"--name is required, at most {MAX_NAME_LENGTH} characters.")
        if role not in Role.values:
            raise CommandError(f"--role must be one of: {', '.join(Role.values)}.")
        unknown = sorted(set(scope) - set(ApiToken.Scope.values))
        if unknown:
            raise CommandError(f"Unknown scope(s): {', '.join(unknown)}. Known: {', '.join(ApiToken.Scope.values)}.")
        expires_in_days = _days(expires_in_days)
        teams = _teams(team)
        token, raw_key = api_token_create(
            name=name,
            role=role,
            scopes=scope or (REVIEW_SCOPES if role == Role.COMPLIANCE else READ_SCOPES),
            teams=teams,
            actor=None,
            expires_at=timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None,
        )
        self.stdout.write(f"Created token {token.pk} ({token.key_hint}…) for role {role}")
        self.stdout.write(f"Scopes: {', '.join(token.scopes)}")
        self.stdout.write(f"Teams: {', '.join(t.name for t in teams) or '-'}")
        self.stdout.write(f"Expires: {token.expires_at.isoformat() if token.expires_at else 'never'}")
        self.stdout.write("Token (shown only now, store it safely):")
        self.stdout.write(raw_key)


def _days(raw: str | None) -> int | None:
    if raw is None:
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_DAYS:
        raise CommandError(f"--expires-in-days must be a whole number from 1 to {MAX_DAYS}.")
    return int(raw)


def _teams(names: list[str]) -> list[Team]:
    teams = list(Team.objects.filter(name__in=names))
    missing = sorted(set(names) - {t.name for t in teams})
    if missing:
        raise CommandError(f"Unknown team(s): {', '.join(missing)}")
    return teams
