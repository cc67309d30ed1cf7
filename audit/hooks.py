"""Apply hooks: other apps (masking, retention) register how to apply a suggestion kind.

audit/ sits below them, so it never imports them; they call `register` from their AppConfig.ready().
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# kind -> callable(params: dict, actor) that performs the change inside the caller's transaction
_hooks: dict[str, Callable] = {}

HIDE_FIELD = "masking.hide_field"
SHORTEN_RETENTION = "retention.shorten"


def register(kind: str, hook: Callable) -> None:
    _hooks[kind] = hook


def unregister(kind: str) -> None:
    _hooks.pop(kind, None)


def available(kind: str) -> bool:
    return kind in _hooks


def apply(kind: str, *, params: dict, actor) -> None:
    hook = _hooks.get(kind)
    if hook is None:
        message = _("Nothing can apply this suggestion yet: no app registered '%(kind)s'.")
        raise ValidationError(message % {"kind": kind})
    hook(params=params, actor=actor)
