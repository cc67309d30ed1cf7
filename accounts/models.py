import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class Team(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("Users need an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member or an integration's service account. Signs in with email."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.AGENT)
    teams = models.ManyToManyField(Team, related_name="members", blank=True, verbose_name=_("teams"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("admin site access"), default=False)
    is_service = models.BooleanField(_("integration account"), default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # When the last of this user's reveal-with-reason grants ends (null: none ever made). Loaded with
    # the user on every request, it lets the masking presenter skip the grant query when none is active.
    reveal_grants_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    def team_ids(self) -> list[uuid.UUID]:
        """Team ids, cached for the life of this object (one query per request)."""
        if not hasattr(self, "_team_ids"):
            self._team_ids = list(self.teams.values_list("id", flat=True))
        return self._team_ids

    def audit_team_ids(self) -> list[str]:
        return [str(team_id) for team_id in self.team_ids()]


class ApiToken(models.Model):
    """A bearer token for an integration. Only its SHA-256 is stored; the token is shown once."""

    class Scope(models.TextChoices):
        TICKETS_READ = "tickets:read", _("Read tickets and comments")
        TICKETS_WRITE = "tickets:write", _("Create and update tickets and comments")
        CUSTOMERS_READ = "customers:read", _("Read customers")
        CUSTOMERS_WRITE = "customers:write", _("Create and update customers")
        ATTACHMENTS_READ = "attachments:read", _("Download attachments")
        ATTACHMENTS_WRITE = "attachments:write", _("Upload attachments")
        REVEAL = "pii:reveal", _("Reveal masked personal data, with a reason")
        REDACT = "pii:redact", _("Redact personal data in conversations, irreversibly")
        ACCESS_LOG_READ = "access_log:read", _("Read the access log (compliance and admin roles only)")

    PREFIX = "sdk_"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=100)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token")
    key_hash = models.CharField(max_length=64, unique=True)
    key_hint = models.CharField(max_length=12)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="api_tokens_created"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    @staticmethod
    def hash_key(raw_key: str) -> str:
        return hashlib.sha256(raw_key.encode()).hexdigest()

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None or not self.user.is_active:
            return False
        return self.expires_at is None or self.expires_at > now


class UserSession(models.Model):
    """A signed-in browser session, listed so its user or an admin can end it.

    Only a hash of the session key is stored: the key itself is a bearer secret.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.ip or '?'}"


class LoginThrottle(models.Model):
    """Sign-in attempts counted for one account or one client IP, keyed by an HMAC (never the email)."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("account")
        IP = "ip", _("IP address")

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="login_throttles"
    )
    attempts = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-window_started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.user or self.key[-8:]}"
