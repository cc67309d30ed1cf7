"""The effective policy: defaults overlaid with admins' overrides, read once per request."""

from dataclasses import dataclass

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
        overrides = {
            (rule.classification, rule.role): Cell(Level(rule.level), rule.reveal_allowed)
            for rule in MaskingRule.objects.all()
        }
        return cls(overrides, current_settings())

    def cell(self, classification: str, role: str) -> Cell:
        override = self._overrides.get((classification, role))
        if override is not None:
            return override
        return Cell(default_level(classification, role), default_reveal_allowed(classification, role))

    def level(self, classification: str, role: str) -> Level:
        return self.cell(classification, role).level


def current_settings() -> MaskingSettings:
    return MaskingSettings.objects.filter(pk=1).first() or MaskingSettings()
