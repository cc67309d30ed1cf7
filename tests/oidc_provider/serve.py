"""Run the test identity provider: `python -m tests.oidc_provider.serve <redirect-uri>...`.

Reads its users from OIDC_PROVIDER_USERS (JSON) and its database path and RSA key from the
environment, registers the Sealdesk client, then prints "READY <port>" and serves on 127.0.0.1.
"""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CLIENT_ID = "sealdesk-test"
CLIENT_SECRET = "sealdesk-test-secret"  # noqa: S105 - a throwaway provider for tests


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def _setup(redirect_uris: list[str]) -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for email, profile in settings.OIDC_PROVIDER_USERS.items():
        User.objects.create_user(username=email, email=email, password=profile["password"])
    Application.objects.create(
        name="Sealdesk",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(redirect_uris),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    _setup(sys.argv[1:])
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1", 0, get_wsgi_application(), server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    sys.stdout.write(f"READY {server.server_port}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
