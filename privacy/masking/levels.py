from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    FULL = "full", _("Full")
    PARTIAL = "partial", _("Partial")
    HIDDEN = "hidden", _("Hidden")
