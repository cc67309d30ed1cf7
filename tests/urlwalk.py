"""Every route of the URL conf, filled in with seeded objects, for tests that must cover
each page and endpoint, including ones added later."""

import uuid
from dataclasses import dataclass

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Routes that are not pages of ours: Django's admin site and language switcher.
FOREIGN_NAMESPACES = {"admin"}
FOREIGN_NAMES = {"set_language", "javascript-catalog"}


@dataclass(frozen=True)
class Route:
    name: str
    url: str
    methods_hint: str

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


def _walk(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def route_names() -> list[tuple[str, URLPattern]]:
    """All named routes of the project, foreign ones left out."""
    found = []
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.split(":")[0] in FOREIGN_NAMESPACES or name in FOREIGN_NAMES:
            continue
        found.append((name, pattern))
    return found


def _kwarg_names(pattern: URLPattern) -> list[str]:
    return list(pattern.pattern.converters.keys())


def routes(objects: dict[str, object]) -> tuple[list[Route], list[str]]:
    """Routes reversed with `objects` (kwarg name -> value). A kwarg that `objects` lacks gets a
    random UUID where the route takes one (the route is still walked, and answers 404); routes
    that cannot be reversed at all are left out. Returns (routes, names not filled with seeded objects)."""
    filled, unseeded, skipped = [], [], []
    for name, pattern in route_names():
        kwargs = {}
        for kwarg in _kwarg_names(pattern):
            if kwarg in objects:
                kwargs[kwarg] = objects[kwarg]
            else:
                kwargs[kwarg] = uuid.uuid4()
                unseeded.append(name)
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # a kwarg that is not a UUID: nothing to fill it with
            skipped.append(name)
            continue
        filled.append(Route(name=name, url=url, methods_hint=getattr(pattern.callback, "__name__", "")))
    return filled, sorted(set(unseeded) | set(skipped))
