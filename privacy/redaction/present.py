"""The redaction screen shows a value as segments, each knowing its offsets in the stored text.

Detected spans are shown as the viewer's role may see them (masked spans stay masked, yet can be
picked); the text between them is shown as stored, so a selection in it maps back to exact offsets.
"""

from dataclasses import dataclass

from privacy.classifications import SPAN_CLASSIFICATIONS, Classification
from privacy.masking import maskers
from privacy.masking.levels import Level


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    shown: str
    type: str = ""  # set for a suggested span

    @property
    def token(self) -> str:
        """What the form sends back to redact this suggestion."""
        return f"{self.start}:{self.end}:{self.type}"


def segments(text: str, spans, presenter) -> list[Segment] | None:
    """Segments covering the whole text, or None when the viewer's role may not see this free text at all."""
    if presenter.level(Classification.FREE_TEXT) == Level.HIDDEN:
        return None
    out, cursor = [], 0
    for span in spans:
        if span.start > cursor:
            out.append(Segment(cursor, span.start, text[cursor : span.start]))
        out.append(Segment(span.start, span.end, _shown(text[span.start : span.end], span.type, presenter), span.type))
        cursor = span.end
    if cursor < len(text):
        out.append(Segment(cursor, len(text), text[cursor:]))
    return out


def _shown(value: str, type_: str, presenter) -> str:
    classification = SPAN_CLASSIFICATIONS.get(type_)
    if classification is None:
        return value
    level = presenter.level(classification)
    if level == Level.FULL:
        return value
    return maskers.partial(classification, value) if level == Level.PARTIAL else maskers.HIDDEN_TEXT
