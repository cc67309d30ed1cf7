from privacy.detect import detect


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    """(type, value) pairs, the way a reader checks a result."""
    return [(span.type, text[span.start : span.end]) for span in detect(text, **kwargs)]


def values(text: str, type_: str, **kwargs) -> list[str]:
    return [value for kind, value in found(text, **kwargs) if kind == type_]
