"""Demo teams and staff: one memorable log-in per role plus a few generated agents per team."""

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from accounts.management.commands.demo_logins import DEMO_DOMAIN, DEMO_PASSWORD
from accounts.models import Team, User
from accounts.roles import Role
from accounts.services import team_create, user_create
from helpdesk.demo.identities import Identities, _ascii
from helpdesk.demo.texts import TEAM_NAMES

# (local part, role, how many of the first teams the account belongs to)
ROLE_ACCOUNTS = (
    ("agent", Role.AGENT, 1),
    ("senior", Role.SENIOR_AGENT, 2),
    ("light", Role.LIGHT_AGENT, 1),
    ("admin", Role.ADMIN, 0),
    ("compliance", Role.COMPLIANCE, 0),
)
GENERATED_ROLES = (Role.AGENT, Role.AGENT, Role.AGENT, Role.SENIOR_AGENT, Role.LIGHT_AGENT)


@dataclass
class Staff:
    teams: list[Team]
    members: dict = field(default_factory=dict)  # team id -> [User]
    by_role: dict = field(default_factory=dict)  # role -> its memorable demo account
    created: int = 0

    def repliers(self, team: Team) -> list[User]:
        """Team members who may answer customers and change tickets."""
        return [user for user in self.members[team.pk] if user.role in (Role.AGENT, Role.SENIOR_AGENT)]

    def note_writers(self, team: Team) -> list[User]:
        return self.members[team.pk]


def seed_staff(*, rng: random.Random, identities: Identities) -> Staff:
    """Teams and demo users, reusing those an earlier run created (matched by name and email)."""
    names = [TEAM_NAMES[0], *rng.sample(TEAM_NAMES[1:], rng.randint(3, 7))]
    existing = {team.name: team for team in Team.objects.filter(name__in=names)}
    teams = [existing.get(name) or team_create(name=name) for name in names]
    staff = Staff(teams=teams, members={team.pk: [] for team in teams})
    password_hash = make_password(DEMO_PASSWORD)
    for local, role, team_count in ROLE_ACCOUNTS:
        person = identities.person()
        email = f"{local}@{DEMO_DOMAIN}"
        staff.by_role[role] = _add_user(staff, password_hash, email, person.name, role, teams[:team_count])
    for team in teams:
        for role in rng.sample(GENERATED_ROLES, rng.randint(2, 3)):
            person = identities.person()
            email = f"{_ascii(person.first_name)}.{_ascii(person.last_name)}@{DEMO_DOMAIN}"
            _add_user(staff, password_hash, email, person.name, role, [team])
    return staff


def _add_user(staff: Staff, password_hash: str, email: str, full_name: str, role: str, teams: list[Team]) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, full_name=full_name, role=role, teams=teams)
        user.password = password_hash  # one Argon2 hash for all demo users keeps seeding fast
        user.save(update_fields=["password"])
        staff.created += 1
    else:
        user.teams.add(*teams)
    for team in teams:
        if user.role in (Role.AGENT, Role.SENIOR_AGENT, Role.LIGHT_AGENT) and user not in staff.members[team.pk]:
            staff.members[team.pk].append(user)
    return user
