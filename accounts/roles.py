"""The five staff roles and what each may do. Every permission check reads from here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SENIOR_AGENT = "senior_agent", _("Senior agent")
    LIGHT_AGENT = "light_agent", _("Light agent")
    ADMIN = "admin", _("Admin")
    COMPLIANCE = "compliance", _("Compliance officer")


TICKET_ROLES = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.LIGHT_AGENT, Role.ADMIN})
REPLY_ROLES = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.ADMIN})
ALL_TEAMS_ROLES = frozenset({Role.ADMIN})
CUSTOMER_EDIT_ROLES = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.ADMIN})
CANNED_REPLY_MANAGE_ROLES = frozenset({Role.SENIOR_AGENT, Role.ADMIN})


def works_tickets(role: str) -> bool:
    """May see tickets and customers at all (compliance officers review logs, not conversations)."""
    return role in TICKET_ROLES


def may_reply_publicly(role: str) -> bool:
    return role in REPLY_ROLES


def may_edit_tickets(role: str) -> bool:
    """Change status, assignee, team, priority, tags and custom fields."""
    return role in REPLY_ROLES


def sees_all_teams(role: str) -> bool:
    return role in ALL_TEAMS_ROLES


def may_edit_customers(role: str) -> bool:
    return role in CUSTOMER_EDIT_ROLES


def may_manage_canned_replies(role: str) -> bool:
    return role in CANNED_REPLY_MANAGE_ROLES


ACCOUNT_ADMIN_ROLES = frozenset({Role.ADMIN})


def may_manage_accounts(role: str) -> bool:
    """See and end other users' sessions, unlock, reset 2FA, deactivate; create and revoke API tokens."""
    return role in ACCOUNT_ADMIN_ROLES


REDACT_ROLES = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.ADMIN})


def may_redact(role: str) -> bool:
    """Destroy personal data in conversations for good (light agents and compliance officers may not)."""
    return role in REDACT_ROLES


PRIVACY_ROLES = frozenset({Role.ADMIN, Role.COMPLIANCE})


def may_manage_privacy(role: str) -> bool:
    """Sees the access log, retention, legal holds and data-subject requests."""
    return role in PRIVACY_ROLES


def may_edit_privacy_policies(role: str) -> bool:
    """Changes retention policies, their schedule and the masking policy."""
    return role == Role.ADMIN
