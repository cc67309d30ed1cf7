"""Pipe target for an MTA: `python manage.py ingest_email < message.eml`."""

import sys

from django.core.management.base import BaseCommand, CommandError

from helpdesk.inbound import conf
from helpdesk.inbound.safety import Refused
from helpdesk.inbound.store import store_message
from helpdesk.models import Mailbox

EX_DATAERR = 65  # sysexits: the MTA bounces the message with our one-line reason
EX_TEMPFAIL = 75  # sysexits: the MTA keeps the message and tries again later


class Command(BaseCommand):
    help = (
        "Read one RFC 822 message on standard input and store it as a new ticket or a reply. "
        "Exits 0 when stored (or already stored, or an auto-reply set aside), 65 with a one-line reason "
        "when refused, so the MTA bounces it, and 75 on a temporary failure, so the MTA retries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mailbox", help="Name of the configured mailbox whose team gets new tickets.")

    def handle(self, *args, **options):
        mailbox = self._mailbox(options.get("mailbox"))
        raw = sys.stdin.buffer.read(conf.max_message_bytes() + 1)
        try:
            result = store_message(raw, mailbox=mailbox)
        except Refused as refused:
            self.stderr.write(str(refused))
            sys.exit(EX_DATAERR)
        except Exception as error:  # the MTA must keep the message: we did not store it
            self.stderr.write(f"Temporary failure ({type(error).__name__}); try again later.")
            sys.exit(EX_TEMPFAIL)
        number = f" #{result.ticket.number}" if result.ticket else ""
        self.stdout.write(f"{result.outcome}{number}")

    def _mailbox(self, name):
        if not name:
            return None
        mailbox = Mailbox.objects.filter(name=name).first()
        if mailbox is None:
            raise CommandError(f"No mailbox named {name!r}.", returncode=EX_TEMPFAIL)
        return mailbox
