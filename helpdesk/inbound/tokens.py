"""Signed per-ticket reply addresses: support+<number>-<signature>@domain.

The signature is an HMAC of the ticket's opaque code, so knowing a ticket number is not enough to
write into it, and a token copied from one ticket cannot be edited to point at another.
"""

import hmac
import re

from django.utils.crypto import salted_hmac

from helpdesk.inbound import conf

TOKEN = re.compile(r"^(?P<number>\d{1,18})-(?P<signature>[0-9a-f]{20})$")


def _signature(ticket) -> str:
    mac = salted_hmac("sealdesk.email.reply-token", str(ticket.code), secret=conf.reply_key(), algorithm="sha256")
    return mac.hexdigest()[:20]


def token_for(ticket) -> str:
    return f"{ticket.number}-{_signature(ticket)}"


def reply_address(ticket) -> str:
    local, _, domain = conf.support_address().partition("@")
    return f"{local}+{token_for(ticket)}@{domain}"


def tokens_in(addresses: list[str]) -> list[str]:
    """Plus-tags of our own support address among the recipients."""
    local, _, domain = conf.support_address().partition("@")
    found = []
    for address in addresses:
        box, _, host = address.partition("@")
        base, plus, tag = box.partition("+")
        if plus and base == local and host == domain:
            found.append(tag)
    return found


def ticket_for_token(token: str):
    """(ticket, verdict) with verdict 'valid', 'forged' (bad signature) or 'unknown'."""
    from helpdesk.models import Ticket

    match = TOKEN.match(token.lower())
    if match is None:
        return None, "forged"
    ticket = Ticket.objects.select_related("requester").filter(number=int(match["number"])).first()
    if ticket is None:
        return None, "unknown"
    if not hmac.compare_digest(_signature(ticket), match["signature"]):
        return None, "forged"
    return ticket, "valid"
