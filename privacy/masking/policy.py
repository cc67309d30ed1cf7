"""The effective policy: defaults overlaid with admins' overrides.

Kept in the shared cache and dropped after every change commits, so a page reads it without a
query and a change applies from the next request on, in every process.
"""

from dataclasses import dataclass

from django.core.cache import cache

from privacy.masking.defaults import default_level, default_reveal_allowed
from privacy.masking.levels import Level
from privacy.masking.models import MaskingRule, MaskingSettings


@dataclass(frozen=True, slots=True)
class Cell:
    level: Level
    reveal_allowed: bool


class Policy:
    def __init__(self, overrides: dict[tuple[str, str], Cell], settings: MaskingSettings):
        self._overrides = overrides
        self.settings = settings

    @classmethod
    def load(cls) -> "Policy":
        stored = cache.get(CACHE_KEY)
        if stored is None:
            stored = _read_from_database()
            cache.set(CACHE_KEY, stored, CACHE_SECONDS)
        overrides, settings = stored
        return cls(overrides, settings)

    def cell(self, classification: str, role: str) -> Cell:
        override = self._overrides.get((classification, role))
        if override is not None:
            return override
        return Cell(default_level(classification, role), default_reveal_allowed(classification, role))

    def level(self, classification: str, role: str) -> Level:
        return self.cell(classification, role).level


CACHE_KEY = "masking:policy:v1"
CACHE_SECONDS = 300


def _read_from_database() -> tuple[dict, MaskingSettings]:
    overrides = {
        (rule.classification, rule.role): Cell(Level(rule.level), rule.reveal_allowed)
        for rule in MaskingRule.objects.all()
    }
    return overrides, current_settings()


def forget_cached_policy() -> None:
    cache.delete(CACHE_KEY)


def current_settings() -> MaskingSettings:
    return MaskingSettings.objects.filter(pk=1).first() or MaskingSettings()
