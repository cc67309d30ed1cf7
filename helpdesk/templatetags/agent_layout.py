"""The agent layout's navigation, rendered once per language, role, page and URL configuration.

Every request that shares those gets the same navigation but for the queue counts, which go into
the stored HTML in place of markers: the layout then costs no URL reversing and no translation
lookups per request. The store lives in each process and needs no invalidation across processes:
everything the HTML depends on is in its key (language, script prefix, URL configuration, role,
page, whether counts are shown) or fixed for the life of the process (templates, translations).
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

QUEUES = ("mine", "team", "open")
_COUNT_MARKER = "\x00count:{}\x00"


@register.simple_tag(takes_context=True)
def agent_nav(context) -> SafeString:
    """layouts/nav.html for the page's user and section, with `counts` (mine, team, open) if given."""
    match = getattr(context.get("request"), "resolver_match", None)
    counts = context.get("counts")
    html = _nav(
        language=get_language(),
        prefix=get_script_prefix(),
        urlconf=get_urlconf() or settings.ROOT_URLCONF,
        role=getattr(context.get("user"), "role", None),
        section=getattr(match, "url_name", None),
        namespace=getattr(match, "namespace", None),
        with_counts=bool(counts),
    )
    if counts:
        for queue in QUEUES:
            html = html.replace(_COUNT_MARKER.format(queue), _count(counts, queue))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine; counts escaped by _count


def _count(counts, queue: str) -> str:
    """What `{{ counts.<queue> }}` renders."""
    if queue not in counts:
        return ""
    return conditional_escape(localize(counts[queue]))


@lru_cache(maxsize=1024)
def _nav(*, language, prefix, urlconf, role, section, namespace, with_counts) -> str:
    counts = {queue: _COUNT_MARKER.format(queue) for queue in QUEUES} if with_counts else None
    context = {"role": role, "section": section, "namespace": namespace, "counts": counts}
    return render_to_string("layouts/nav.html", context).strip()
