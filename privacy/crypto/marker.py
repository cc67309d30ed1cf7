"""The value shown in place of a field whose key is revoked or unreachable."""

__all__ = ["UNAVAILABLE", "is_unavailable"]


class _Unavailable(str):
    """A str that renders as "data unavailable" and is recognisable by `is_unavailable`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNAVAILABLE"


UNAVAILABLE = _Unavailable("data unavailable")


def is_unavailable(value: object) -> bool:
    return isinstance(value, _Unavailable)
