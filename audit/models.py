from django.db import models


class AccessEvent(models.Model):
    """One thing someone did or looked at. Names its target by label and id, never its content."""

    class Outcome(models.TextChoices):
        ALLOWED = "allowed"
        DENIED = "denied"

    class Channel(models.TextChoices):
        WEB = "web"
        API = "api"
        COMMAND = "command"
        EMAIL = "email"
        SYSTEM = "system"

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor_id = models.UUIDField(null=True, blank=True, db_index=True)
    actor_role = models.CharField(max_length=32, blank=True)
    actor_teams = models.JSONField(default=list, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    fields_shown = models.JSONField(default=list, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.ALLOWED)
    result_count = models.IntegerField(null=True, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id} ({self.outcome})"
