"""The one place where stored data becomes what a role may see.

Templates, serializers, exports and notifications call `Presenter.shown(obj, field)`; free text
(subjects, bodies, notes) is shown per the role's free-text level with every detected span of
personal data masked per that span's own classification.
"""

from typing import Any

from django.utils import timezone

from privacy.classifications import SPAN_CLASSIFICATIONS, Classification
from privacy.crypto import is_unavailable
from privacy.masking import maskers, spans
from privacy.masking.levels import Level
from privacy.masking.models import RevealGrant
from privacy.masking.policy import Policy
from privacy.registry import classification_of

# Plain module names for the enum members read on every value shown (an enum attribute costs a lookup).
FULL, PARTIAL, HIDDEN = Level.FULL, Level.PARTIAL, Level.HIDDEN
FREE_TEXT = Classification.FREE_TEXT
EMPTY = (None, "", {}, [])


class Shown:
    """A value as one viewer may see it. `str()` gives the text to render.

    `target` is the object the value belongs to; its label and id are worked out only when a page
    asks for them (a reveal link), not for every value shown.
    """

    __slots__ = ("value", "classification", "masked", "revealable", "unavailable", "target", "field", "masked_types")

    def __init__(self, value: Any, classification: str | None = None, *, masked: bool = False,
                 revealable: bool = False, unavailable: bool = False, target=None, field: str = "",
                 masked_types: tuple[str, ...] = ()):
        self.value = value
        self.classification = classification
        self.masked = masked
        self.revealable = revealable
        self.unavailable = unavailable
        self.target = target
        self.field = field
        self.masked_types = masked_types

    @property
    def target_type(self) -> str:
        return self._target_key()[0]

    @property
    def target_id(self) -> str:
        return self._target_key()[1]

    def _target_key(self) -> tuple[str, str]:
        return ("", "") if self.target is None else RevealGrant.target_of(self.target)

    def __str__(self) -> str:
        return "" if self.value is None else str(self.value)


class Presenter:
    def __init__(self, viewer, *, policy: Policy | None = None, via_token: bool = False):
        self.viewer = viewer
        self.role = getattr(viewer, "role", "")
        self.via_token = via_token
        self.policy = policy or Policy.load()
        self._grants: set[tuple[str, str, str]] | None = None
        # The policy is fixed for the presenter's life (one request), so each decision is made once.
        self._levels: dict[str, Level] = {}
        self._reveals: dict[str, bool] = {}
        self._spans_shown_in_full: bool | None = None
        spans.forget_if_detectors_changed()

    def level(self, classification: str) -> Level:
        level = self._levels.get(classification)
        if level is None:
            level = self._levels[classification] = self.policy.level(classification, self.role)
        return level

    def may_reveal(self, classification: str) -> bool:
        allowed = self._reveals.get(classification)
        if allowed is None:
            allowed = self._reveals[classification] = self._may_reveal(classification)
        return allowed

    def _may_reveal(self, classification: str) -> bool:
        if self.via_token and not self.policy.settings.tokens_may_reveal:
            return False
        return self.policy.cell(classification, self.role).reveal_allowed

    def shown(self, obj, field_name: str) -> Shown:
        value = getattr(obj, field_name)
        classification = classification_of(type(obj), field_name)
        if is_unavailable(value):
            return Shown(value, classification, unavailable=True, target=obj, field=field_name)
        if classification is None or value in EMPTY:
            return Shown(value, classification, target=obj, field=field_name)
        if classification == FREE_TEXT:
            text, masked, revealable, masked_types = self._free_text(value)
        else:
            text, masked, revealable, masked_types = self._single(value, classification)
        if masked and self._revealed(obj, field_name):
            return Shown(value, classification, target=obj, field=field_name)
        return Shown(text, classification, masked=masked, revealable=revealable, target=obj, field=field_name,
                     masked_types=masked_types)

    def value(self, obj, field_name: str):
        return self.shown(obj, field_name).value

    def text(self, text: str) -> str:
        """Free text that belongs to no stored field (e.g. a rendered snippet)."""
        return self._mask_spans(text)[0]

    def _single(self, value, classification: str) -> tuple[Any, bool, bool, tuple[str, ...]]:
        """(what is shown, masked, revealable, the kinds of span masked inside free text)."""
        level = self.level(classification)
        if level == FULL:
            return value, False, False, ()
        text = maskers.partial(classification, str(value)) if level == PARTIAL else maskers.HIDDEN_TEXT
        return text, True, self.may_reveal(classification), ()

    def _free_text(self, value) -> tuple[Any, bool, bool, tuple[str, ...]]:
        if self.level(FREE_TEXT) == HIDDEN:
            return maskers.HIDDEN_TEXT, True, False, ()
        if isinstance(value, dict):
            masked_types: set[str] = set()
            result = {}
            for key, item in value.items():
                text, kinds = self._mask_spans(str(item)) if isinstance(item, str) else (item, set())
                result[key] = text
                masked_types |= kinds
        else:
            result, masked_types = self._mask_spans(str(value))
        if not masked_types:
            return result, False, False, ()
        return result, True, all(self.may_reveal(kind) for kind in masked_types), tuple(sorted(masked_types))

    def _mask_spans(self, text: str) -> tuple[str, set[str]]:
        if self._shows_spans_in_full():
            return text, set()
        pieces, masked_types, cursor = [], set(), 0
        for span in spans.personal_spans(text):
            level = self.level(span.classification)
            if level == FULL:
                continue
            original = text[span.start:span.end]
            replacement = (
                maskers.partial(span.classification, original) if level == Level.PARTIAL else maskers.HIDDEN_TEXT
            )
            pieces += [text[cursor:span.start], replacement]
            cursor = span.end
            masked_types.add(span.classification)
        if not masked_types:
            return text, masked_types
        pieces.append(text[cursor:])
        return "".join(pieces), masked_types

    def _shows_spans_in_full(self) -> bool:
        """A role that sees every kind of detected span in full needs no detection at all."""
        if self._spans_shown_in_full is None:
            self._spans_shown_in_full = all(
                self.level(classification) == Level.FULL for classification in set(SPAN_CLASSIFICATIONS.values())
            )
        return self._spans_shown_in_full

    def _revealed(self, obj, field_name: str) -> bool:
        if self._grants is None:
            self._grants = self._active_grants()
        return bool(self._grants) and (*RevealGrant.target_of(obj), field_name) in self._grants

    def _active_grants(self) -> set[tuple[str, str, str]]:
        """One query, and none at all when the viewer's row says no grant of theirs is still running."""
        now = timezone.now()
        until = getattr(self.viewer, "reveal_grants_until", None)
        if not getattr(self.viewer, "pk", None) or until is None or until <= now:
            return set()
        grants = RevealGrant.objects.filter(user=self.viewer, expires_at__gt=now)
        return set(grants.values_list("target_type", "target_id", "field"))


def presenter_for(request) -> Presenter:
    """The request's presenter, built once: one policy read and one grant read per request."""
    presenter = getattr(request, "_sealdesk_presenter", None)
    if presenter is None:
        via_token = getattr(request, "auth", None) is not None
        presenter = Presenter(request.user, via_token=via_token)
        request._sealdesk_presenter = presenter
    return presenter
