from django.core.management.base import BaseCommand, CommandError

from accounts.lockout import account_locked_until, login_lock_clear
from accounts.models import User


class Command(BaseCommand):
    help = "Unlock a staff account locked after too many failed sign-ins; its failure count starts again at zero."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's sign-in email.")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=email.strip().lower(), is_service=False).first()
        if user is None:
            raise CommandError("No staff account with that email.")
        was_locked = account_locked_until(user=user) is not None
        login_lock_clear(user=user, actor=None)
        self.stdout.write(f"Unlocked {user.email}" if was_locked else f"{user.email} was not locked; counter reset")
