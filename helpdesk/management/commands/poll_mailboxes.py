"""Poll every active IMAP mailbox once, the same work the beat task does."""

from django.core.management.base import BaseCommand

from helpdesk.inbound.imap import poll
from helpdesk.models import Mailbox


class Command(BaseCommand):
    help = (
        "Fetch unseen messages from every active mailbox (or the one named) and store them. "
        "A message is flagged seen or moved only after it is stored; failures stay unseen for the next poll."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mailbox", help="Poll only the mailbox with this name.")

    def handle(self, *args, **options):
        mailboxes = Mailbox.objects.filter(active=True)
        if options.get("mailbox"):
            mailboxes = mailboxes.filter(name=options["mailbox"])
        for mailbox in mailboxes:
            report = poll(mailbox)
            counts = sorted(report.counts.items())
            summary = ", ".join(f"{count} {outcome}" for outcome, count in counts) or "nothing new"
            self.stdout.write(f"{mailbox.name}: {summary}")
            mailbox.refresh_from_db(fields=["last_error"])
            if mailbox.last_error:
                self.stderr.write(f"{mailbox.name}: {mailbox.last_error}")
