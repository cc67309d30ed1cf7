import uuid

from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken
from accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "Revoke an API token by its id or its hint (the first characters, as shown at creation). Immediate."

    def add_arguments(self, parser):
        parser.add_argument("token", help="The token's id, or its hint such as sdk_Ab12Cd.")

    def handle(self, *args, token, **options):
        found = _find(token.strip())
        if found.revoked_at is not None:
            raise CommandError(f"Token {found.pk} is already revoked.")
        api_token_revoke(token=found, actor=None)
        self.stdout.write(f"Revoked token {found.pk} ({found.key_hint}…)")


def _find(reference: str) -> ApiToken:
    try:
        matches = list(ApiToken.objects.filter(pk=uuid.UUID(reference)))
    except ValueError:
        matches = list(ApiToken.objects.filter(key_hint=reference))
    if not matches:
        raise CommandError("No token with that id or hint.")
    if len(matches) > 1:
        raise CommandError("Several tokens share that hint; revoke by id.")
    return matches[0]
