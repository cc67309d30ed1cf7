"""The masking policy a fresh installation starts with. Admins override single cells."""

from accounts.roles import Role
from privacy.classifications import Classification as C
from privacy.masking.levels import Level

F, P, H = Level.FULL, Level.PARTIAL, Level.HIDDEN

# Rows: classification; columns: agent, senior agent, light agent, admin, compliance officer.
_MATRIX = {
    C.NAME: (F, F, P, F, P),
    C.EMAIL: (P, F, P, F, H),
    C.PHONE: (P, F, P, F, H),
    C.ADDRESS: (P, F, H, F, H),
    C.PAYMENT_CARD: (P, P, H, P, H),
    C.BANK_ACCOUNT: (P, P, H, P, H),
    C.NATIONAL_ID: (H, P, H, P, H),
    C.DATE_OF_BIRTH: (H, P, H, P, H),
    C.EXTERNAL_ID: (F, F, P, F, H),
    C.IP_ADDRESS: (P, F, H, F, H),
    C.CREDENTIAL: (H, H, H, H, H),
    C.FREE_TEXT: (F, F, F, F, H),
    C.FILE: (F, F, F, F, H),
}
_ROLES = (Role.AGENT, Role.SENIOR_AGENT, Role.LIGHT_AGENT, Role.ADMIN, Role.COMPLIANCE)

# Reveal-with-reason is offered to these roles for masked values, never for cards or secrets.
_REVEAL_ROLES = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.ADMIN})
_NEVER_REVEALED = frozenset({C.PAYMENT_CARD, C.CREDENTIAL})

DEFAULT_REVEAL_MINUTES = 10


def default_level(classification: str, role: str) -> Level:
    levels = _MATRIX.get(classification)
    if levels is None or role not in _ROLES:
        return Level.HIDDEN
    return levels[_ROLES.index(role)]


def default_reveal_allowed(classification: str, role: str) -> bool:
    return role in _REVEAL_ROLES and classification not in _NEVER_REVEALED
