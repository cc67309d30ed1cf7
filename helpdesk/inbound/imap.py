"""Read new mail from an IMAP mailbox, one message at a time.

A message is flagged seen (or moved) only after its ticket is committed: a worker that dies
mid-batch leaves the rest unseen, and a message stored just before the crash comes back as a
duplicate Message-ID, which is stored once. A message that fails is left in place and the
poll goes on with the next.
"""

import imaplib
import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from helpdesk.inbound.safety import Refused, check_size
from helpdesk.inbound.store import record_refusal, store_message
from helpdesk.models import Mailbox
from helpdesk.notifications import after_refusal

logger = logging.getLogger(__name__)
TIMEOUT = 60
SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass
class PollReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    client_class = imaplib.IMAP4_SSL if mailbox.use_ssl else imaplib.IMAP4
    client = client_class(mailbox.host, mailbox.port, timeout=TIMEOUT)
    client.login(str(mailbox.username), str(mailbox.password))
    return client


def poll(mailbox: Mailbox, *, limit: int = 100) -> PollReport:
    report = PollReport()
    try:
        client = connect(mailbox)
    except (OSError, imaplib.IMAP4.error) as error:
        _finish(mailbox, f"connect: {type(error).__name__}")
        return report
    try:
        _check(client.select(_quoted(mailbox.folder)))
        for uid in _check(client.uid("SEARCH", None, "UNSEEN"))[0].split()[:limit]:
            report.add(_process(client, mailbox, uid))
    except (OSError, imaplib.IMAP4.error) as error:
        _finish(mailbox, f"session: {type(error).__name__}")
        return report
    finally:
        _logout(client)
    _finish(mailbox, f"{report.counts['failed']} message(s) failed" if report.counts.get("failed") else "")
    return report


def _process(client: imaplib.IMAP4, mailbox: Mailbox, uid: bytes) -> str:
    try:
        size = int(SIZE.search(_check(client.uid("FETCH", uid, "(RFC822.SIZE)"))[0] or b"").group(1))
        check_size(size)
        outcome = store_message(_fetch(client, uid, "BODY.PEEK[]"), mailbox=mailbox).outcome
    except Refused as refused:
        _refuse(client, mailbox, uid, refused)
        outcome = "refused"
    except (OSError, imaplib.IMAP4.error):
        raise
    except Exception as error:  # one bad message must not stop the mailbox; it stays unseen
        logger.exception("inbound message failed", extra={"mailbox": str(mailbox.pk), "error": type(error).__name__})
        return "failed"
    _mark_done(client, mailbox, uid)
    return outcome


def _refuse(client: imaplib.IMAP4, mailbox: Mailbox, uid: bytes, refused: Refused) -> None:
    with transaction.atomic():
        address = record_refusal(_fetch(client, uid, "BODY.PEEK[HEADER]"), refused, mailbox=mailbox)
        if address:
            after_refusal(address=address, reason=refused.reason)


def _fetch(client: imaplib.IMAP4, uid: bytes, item: str) -> bytes:
    data = _check(client.uid("FETCH", uid, f"({item})"))
    for entry in data:
        if isinstance(entry, tuple) and len(entry) == 2:
            return entry[1]
    raise imaplib.IMAP4.error("message vanished")


def _mark_done(client: imaplib.IMAP4, mailbox: Mailbox, uid: bytes) -> None:
    if not mailbox.done_folder:
        _check(client.uid("STORE", uid, "+FLAGS", "(\\Seen)"))
        return
    if "MOVE" in client.capabilities:
        _check(client.uid("MOVE", uid, _quoted(mailbox.done_folder)))
        return
    _check(client.uid("COPY", uid, _quoted(mailbox.done_folder)))
    _check(client.uid("STORE", uid, "+FLAGS", "(\\Seen \\Deleted)"))
    client.expunge()


def _check(response):
    status, data = response
    if status != "OK":
        raise imaplib.IMAP4.error(f"IMAP answered {status}")
    return data


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _logout(client: imaplib.IMAP4) -> None:
    try:
        client.logout()
    except (OSError, imaplib.IMAP4.error):
        logger.info("IMAP logout failed")


def _finish(mailbox: Mailbox, error: str) -> None:
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error=error[:200])
    if error:
        logger.warning("mailbox poll problem", extra={"mailbox": str(mailbox.pk), "error": error})

