"""Social-engineering hints: computed once on arrival, stored sealed with the message record, shown
on the ticket page through `warnings_for_comment(s)` and templates/helpdesk/partials/email_warnings.html.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from helpdesk.inbound import auth_results, conf, lookalike
from helpdesk.inbound import html as html_tools
from helpdesk.inbound.parse import ParsedMessage

CHANGE_PHRASES = {
    "email": [
        r"\b(change|update|new)\b.{0,30}\be-?mail(\s+address)?\b",
        r"\bmy\s+e-?mail(\s+address)?\s+(has\s+)?changed\b",
        r"\b(neue|ändern|änderung|aktualisieren)\b.{0,30}\be-?mail(-?adresse)?\b",
        r"\be-?mail(-?adresse)?\b.{0,30}\b(ändern|geändert|aktualisieren)\b",
    ],
    "phone": [
        r"\b(change|update|new)\b.{0,30}\b(phone|mobile|cell)(\s+number)?\b",
        r"\b(neue|ändern|aktualisieren)\b.{0,30}\b(telefon|handy|mobil)\w*",
        r"\b(telefon|handy|mobil)\w*\b.{0,30}\b(ändern|geändert)\b",
    ],
    "payout": [
        r"\b(change|update|new)\b.{0,40}\b(bank|account|iban|payment|payout|paypal)\b(\s+details)?",
        r"\b(send|pay|transfer|wire)\b.{0,30}\b(refund|payment|payout|money)\b.{0,30}\b(to|into)\b.{0,20}"
        r"\b(account|iban|paypal)\b",
        r"\b(neue|ändern|aktualisieren)\b.{0,40}\b(bankverbindung|konto\w*|iban|zahlungs\w*|auszahlung\w*)",
        r"\b(bankverbindung|kontoverbindung|iban|konto\w*)\b.{0,40}\b(ändern|geändert|aktualisieren)\b",
        r"\b(überweisen|auszahlen|zahlen)\b.{0,40}\bauf\b.{0,20}\b(konto|iban)\b",
    ],
}
CHANGE_PATTERNS = {
    kind: [re.compile(pattern, re.IGNORECASE | re.DOTALL) for pattern in patterns]
    for kind, patterns in CHANGE_PHRASES.items()
}
CHANGE_REQUEST = "change_request"
SHOWN_HOST = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9.-]+\.[a-z]{2,})(?:[/:?#]\S*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class EmailWarning:
    code: str
    text: str
    approval: object = None


def compute(message: ParsedMessage, *, text: str, known_domains: set[str], claimed_ticket=None) -> list[dict]:
    """Hints as small JSON-able dicts (code + parameters), stored sealed with the message record."""
    hints = []
    failed = auth_results.failed_checks(message.headers.get("authentication-results", []))
    if failed:
        hints.append({"code": "auth_failed", "checks": failed})
    sender_domain = message.from_address.rpartition("@")[2]
    imitated = lookalike.imitated(sender_domain, known_domains | conf.protected_domains())
    if imitated:
        hints.append({"code": "lookalike_domain", "imitated": imitated})
    mismatches = link_mismatches(message.html)
    if mismatches:
        hints.append({"code": "link_mismatch", "links": mismatches[:5]})
    kinds = change_request_kinds(f"{message.subject}\n{text}")
    if kinds:
        hints.append({"code": CHANGE_REQUEST, "kinds": kinds})
    if claimed_ticket is not None:
        hints.append({"code": "not_participant", "ticket_number": claimed_ticket.number})
    return hints


def change_request_kinds(text: str) -> list[str]:
    sample = text[:20_000]
    return [kind for kind, patterns in CHANGE_PATTERNS.items() if any(p.search(sample) for p in patterns)]


def link_mismatches(markup: str) -> list[dict]:
    """Links whose visible text names another host than the one they lead to."""
    found = []
    for text, href in html_tools.links(markup):
        shown = SHOWN_HOST.match(text)
        target = (urlsplit(href).hostname or "") if href.lower().startswith(("http:", "https:")) else ""
        if href.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")):
            found.append({"shown": text[:100], "target": href.split(":", 1)[0].lower() + ":"})
        elif shown and target and not _same_site(shown.group(1).lower(), target.lower()):
            found.append({"shown": shown.group(1).lower()[:100], "target": target[:100]})
    return found


def _same_site(shown: str, target: str) -> bool:
    shown, target = shown.removeprefix("www."), target.removeprefix("www.")
    return shown == target or target.endswith("." + shown) or shown.endswith("." + target)


def describe(hint: dict) -> str:
    code = hint.get("code")
    if code == "auth_failed":
        return _("The sender failed the %(checks)s check(s) of our mail server: the From address may be forged.") % {
            "checks": ", ".join(check.upper() for check in hint.get("checks", []))}
    if code == "lookalike_domain":
        return _("The sender's domain looks like %(known)s but is not it.") % {"known": hint.get("imitated", "")}
    if code == "link_mismatch":
        pairs = "; ".join(f"{link['shown']} → {link['target']}" for link in hint.get("links", []))
        return _("A link shows one address but leads to another: %(links)s") % {"links": pairs}
    if code == CHANGE_REQUEST:
        return _("This message asks to change %(kinds)s. Verify the request through a known channel first.") % {
            "kinds": ", ".join(_kind_label(kind) for kind in hint.get("kinds", []))}
    if code == "not_participant":
        return _("This message answers ticket #%(number)s but comes from an address that is not part of it, so "
                 "it opened a new ticket.") % {"number": hint.get("ticket_number")}
    if code == "forged_token":
        return _("This message was sent to a reply address with an invalid signature.")
    return _("This message looks unusual.")


def _kind_label(kind: str) -> str:
    return {"email": _("an email address"), "phone": _("a phone number"), "payout": _("bank or payout details")}.get(
        kind, kind)


def warnings_for_comments(comments) -> dict:
    """Warnings per comment id for a whole conversation: one query, and a second one for the
    approvals only when a message asks to change contact or payout details."""
    from helpdesk.models import ChangeApproval, EmailMessageRecord

    ids = [comment.pk for comment in comments]
    hints_by_comment = {}
    for record in EmailMessageRecord.objects.filter(comment_id__in=ids):
        hints = record.hints if isinstance(record.hints, list) else []
        hints_by_comment[record.comment_id] = [hint for hint in hints if isinstance(hint, dict)]
    asking = [comment_id for comment_id, hints in hints_by_comment.items()
              if any(hint.get("code") == CHANGE_REQUEST for hint in hints)]
    approvals = {a.comment_id: a for a in ChangeApproval.objects.filter(comment_id__in=asking).select_related(
        "confirmed_by", "decided_by")} if asking else {}
    return {
        comment_id: [
            EmailWarning(hint.get("code", ""), describe(hint),
                         approvals.get(comment_id) if hint.get("code") == CHANGE_REQUEST else None)
            for hint in hints
        ]
        for comment_id, hints in hints_by_comment.items()
    }


def warnings_for_comment(comment) -> list[EmailWarning]:
    return warnings_for_comments([comment]).get(comment.pk, [])


def attach_warnings(comments):
    """Set `comment.email_warnings` on each comment (what the partial renders); returns the comments."""
    found = warnings_for_comments(comments)
    for comment in comments:
        comment.email_warnings = found.get(comment.pk, [])
    return comments
