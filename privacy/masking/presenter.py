"""The one place where stored data becomes what a role may see.

Templates, serializers, exports and notifications call `Presenter.shown(obj, field)`; free text
(subjects, bodies, notes) is shown per the role's free-text level with every detected span of
personal data masked per that span's own classification.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from privacy.classifications import SPAN_CLASSIFICATIONS, Classification
from privacy.crypto import is_unavailable
from privacy.masking import maskers
from privacy.masking.levels import Level
from privacy.masking.models import RevealGrant
from privacy.masking.policy import Policy
from privacy.registry import classification_of


@dataclass(frozen=True)
class Shown:
    """A value as one viewer may see it. `str()` gives the text to render."""

    value: Any
    classification: str | None = None
    masked: bool = False
    revealable: bool = False
    unavailable: bool = False
    target_type: str = ""
    target_id: str = ""
    field: str = ""
    masked_types: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "" if self.value is None else str(self.value)


class Presenter:
    def __init__(self, viewer, *, policy: Policy | None = None, via_token: bool = False):
        self.viewer = viewer
        self.role = getattr(viewer, "role", "")
        self.via_token = via_token
        self.policy = policy or Policy.load()
        self._grants: set[tuple[str, str, str]] | None = None

    def level(self, classification: str) -> Level:
        return self.policy.level(classification, self.role)

    def may_reveal(self, classification: str) -> bool:
        if self.via_token and not self.policy.settings.tokens_may_reveal:
            return False
        return self.policy.cell(classification, self.role).reveal_allowed

    def shown(self, obj, field_name: str) -> Shown:
        value = getattr(obj, field_name)
        classification = classification_of(type(obj), field_name)
        where = {"target_type": obj._meta.label, "target_id": str(obj.pk), "field": field_name}
        if is_unavailable(value):
            return Shown(value, classification, unavailable=True, **where)
        if classification is None or value in (None, "", {}, []):
            return Shown(value, classification, **where)
        if classification == Classification.FREE_TEXT:
            shown = self._free_text(value, where)
        else:
            shown = self._single(value, classification, where)
        if shown.masked and self._revealed(**where):
            return Shown(value, classification, **where)
        return shown

    def value(self, obj, field_name: str):
        return self.shown(obj, field_name).value

    def text(self, text: str) -> str:
        """Free text that belongs to no stored field (e.g. a rendered snippet)."""
        return self._mask_spans(text)[0]

    def _single(self, value, classification: str, where: dict) -> Shown:
        level = self.level(classification)
        if level == Level.FULL:
            return Shown(value, classification, **where)
        text = maskers.partial(classification, str(value)) if level == Level.PARTIAL else maskers.HIDDEN_TEXT
        return Shown(text, classification, masked=True, revealable=self.may_reveal(classification), **where)

    def _free_text(self, value, where: dict) -> Shown:
        classification = Classification.FREE_TEXT
        if self.level(classification) == Level.HIDDEN:
            return Shown(maskers.HIDDEN_TEXT, classification, masked=True, revealable=False, **where)
        if isinstance(value, dict):
            masked_types: set[str] = set()
            result = {}
            for key, item in value.items():
                text, kinds = self._mask_spans(str(item)) if isinstance(item, str) else (item, set())
                result[key] = text
                masked_types |= kinds
        else:
            result, masked_types = self._mask_spans(str(value))
        revealable = bool(masked_types) and all(self.may_reveal(kind) for kind in masked_types)
        return Shown(result, classification, masked=bool(masked_types), revealable=revealable,
                     masked_types=tuple(sorted(masked_types)), **where)

    def _mask_spans(self, text: str) -> tuple[str, set[str]]:
        from privacy.detect import detect

        pieces, masked_types, cursor = [], set(), 0
        for span in detect(text):
            classification = SPAN_CLASSIFICATIONS.get(span.type)
            if classification is None:
                continue
            level = self.level(classification)
            if level == Level.FULL:
                continue
            original = text[span.start:span.end]
            replacement = maskers.partial(classification, original) if level == Level.PARTIAL else maskers.HIDDEN_TEXT
            pieces += [text[cursor:span.start], replacement]
            cursor = span.end
            masked_types.add(classification)
        pieces.append(text[cursor:])
        return "".join(pieces), masked_types

    def _revealed(self, *, target_type: str, target_id: str, field: str) -> bool:
        if self._grants is None:
            self._grants = set(
                RevealGrant.objects.filter(user=self.viewer, expires_at__gt=timezone.now())
                .values_list("target_type", "target_id", "field")
            ) if getattr(self.viewer, "pk", None) else set()
        return (target_type, target_id, field) in self._grants


def presenter_for(request) -> Presenter:
    """The request's presenter, built once: one policy read and one grant read per request."""
    presenter = getattr(request, "_sealdesk_presenter", None)
    if presenter is None:
        via_token = getattr(request, "auth", None) is not None
        presenter = Presenter(request.user, via_token=via_token)
        request._sealdesk_presenter = presenter
    return presenter
