"""Who is acting right now: bound per request (or command) and read by record_event."""

from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    user_agent: str = ""
    channel: str = "web"
    extra: dict = field(default_factory=dict)


_context: ContextVar[RequestContext | None] = ContextVar("sealdesk_request_context", default=None)


def bind(context: RequestContext):
    return _context.set(context)


def reset(token) -> None:
    _context.reset(token)


def current() -> RequestContext | None:
    return _context.get()


def current_request_id() -> str:
    context = _context.get()
    return context.request_id if context else ""
