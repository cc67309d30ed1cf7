"""HTML from mail: images are never fetched, links are inspected, quotes are cut, text is derived.

Safety does not rest on this module: whatever it returns still goes through `sanitize_html`.
"""

import html
import re
from html.parser import HTMLParser

import nh3

from helpdesk.sanitize import sanitize_html

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
# Where mail clients put the quoted previous message in their HTML.
QUOTE_MARKERS = re.compile(
    r"""<div[^>]+class=["']?gmail_quote|<blockquote[^>]+type=["']?cite|<div[^>]+id=["']?(?:divRplyFwdMsg|appendonsend)"""
    r"""|<div[^>]+class=["']?(?:moz-cite-prefix|yahoo_quoted)|-----\s*Original Message\s*-----""",
    re.IGNORECASE,
)


def _image_placeholder(match: re.Match) -> str:
    found = ALT_ATTR.search(match.group(0))
    alt = next((group for group in found.groups() if group), "") if found else ""
    label = html.escape(html.unescape(alt).strip()[:80]) or "image"
    return f"<span>[{label}]</span>"


def without_images(markup: str) -> str:
    """Every <img> becomes a visible placeholder: remote images would tell the sender we read it."""
    return IMG_TAG.sub(_image_placeholder, markup)


def clean(markup: str) -> str:
    return sanitize_html(without_images(markup))


def strip_quote(markup: str) -> str:
    """The new part of a reply: everything before the first quote marker, if anything is left."""
    match = QUOTE_MARKERS.search(markup)
    if match and to_text(markup[: match.start()]).strip():
        return markup[: match.start()]
    return markup


def to_text(markup: str) -> str:
    """Readable plain text of an HTML body, for messages that come without a text part."""
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</li>|</tr>|</h\d>", "\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set(), clean_content_tags={"script", "style", "title", "head"}))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._text).split()), self._href.strip()))
            self._href = None


def links(markup: str) -> list[tuple[str, str]]:
    """(visible text, target) of every link, read from the HTML as the sender wrote it."""
    collector = _LinkCollector()
    try:
        collector.feed(markup)
        collector.close()
    except Exception:  # noqa: S110 - a hint is optional; broken markup yields what was read so far
        pass
    return collector.links[:500]
