"""Validation of admin-defined ticket fields."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from helpdesk.models import CustomFieldDefinition

Kind = CustomFieldDefinition.Kind
MAX_TEXT_LENGTH = 2000


def active_definitions() -> list[CustomFieldDefinition]:
    return list(CustomFieldDefinition.objects.filter(active=True))


def clean_custom_fields(values: dict, *, definitions: list[CustomFieldDefinition] | None = None) -> dict:
    """Check values against the definitions; returns JSON-ready values or raises ValidationError."""
    if not isinstance(values, dict):
        raise ValidationError({"custom_fields": "Must be an object mapping field keys to values."})
    definitions = active_definitions() if definitions is None else definitions
    by_key = {definition.key: definition for definition in definitions}
    errors: dict[str, str] = {}
    unknown = sorted(set(values) - set(by_key))
    if unknown:
        errors["custom_fields"] = f"Unknown field(s): {', '.join(unknown)}"
    cleaned = {}
    for key, definition in by_key.items():
        raw = values.get(key)
        if raw in (None, ""):
            if definition.required:
                errors[key] = "This field is required."
            continue
        try:
            cleaned[key] = _clean_value(definition, raw)
        except ValueError as exc:
            errors[key] = str(exc)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_value(definition: CustomFieldDefinition, raw):
    if definition.kind == Kind.NUMBER:
        try:
            number = Decimal(str(raw))
        except InvalidOperation:
            raise ValueError("Enter a number.") from None
        if not number.is_finite():
            raise ValueError("Enter a finite number.")
        return int(number) if number == number.to_integral_value() else float(number)
    if definition.kind == Kind.DATE:
        try:
            return datetime.date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise ValueError("Enter a date as YYYY-MM-DD.") from None
    if definition.kind == Kind.CHOICE:
        if str(raw) not in definition.choices:
            raise ValueError(f"Choose one of: {', '.join(definition.choices)}.")
        return str(raw)
    text = str(raw)
    if len(text) > MAX_TEXT_LENGTH:
        raise ValueError(f"At most {MAX_TEXT_LENGTH} characters.")
    return text
