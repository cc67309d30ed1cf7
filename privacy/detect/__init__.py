"""Find personal data in free text: ``detect(text)`` returns typed, non-overlapping spans.

Pure Python (regex candidates, python-stdnum and phonenumbers validators), no Django models; it
reads ``settings.SEALDESK_PII_PATTERNS`` lazily for admin-defined types. See docs/detection.md.
"""

from privacy.detect.custom import register_pattern, replace_patterns, unregister_pattern
from privacy.detect.engine import BUILTIN_TYPES, available_types, countries_for, detect
from privacy.detect.spans import Span

__all__ = [
    "BUILTIN_TYPES",
    "Span",
    "available_types",
    "countries_for",
    "detect",
    "register_pattern",
    "replace_patterns",
    "unregister_pattern",
]
