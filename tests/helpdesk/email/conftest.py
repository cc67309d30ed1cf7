"""Real protocols for the email channel: an SMTP server in this process (aiosmtpd) and a throwaway
Dovecot IMAP server started from its own config in a temp dir (needs Debian's dovecot-imapd).
"""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "email"
IMAP_USER, IMAP_PASSWORD = "support", "imap-test-password"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def eml():
    def _load(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return _load


@pytest.fixture
def build_message():
    """A well-formed message; keyword arguments set headers, body and attachments."""

    def _build(*, sender="erika@example.de", to="support@sealdesk.localhost", subject="Help", body="Hello",
               html=None, headers=None, attachments=()) -> bytes:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = sender, to, subject
        message["Message-ID"] = make_msgid(domain="example.de")
        for name, value in (headers or {}).items():
            del message[name]
            message[name] = value
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
        for filename, data, mime in attachments:
            maintype, subtype = mime.split("/")
            message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
        return message.as_bytes()

    return _build


class _Collector:
    def __init__(self):
        self.messages = []
        self.fail_next = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.fail_next:
            self.fail_next -= 1
            return "451 4.3.0 try again later"
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """Django's SMTP backend pointed at a real SMTP server on a free local port."""
    from aiosmtpd.controller import Controller

    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.EMAIL_TIMEOUT = 5
    yield collector
    controller.stop()


def _dovecot_config(root: Path, port: int, uid: int, gid: int) -> str:
    run_as_root = os.getuid() == 0
    login_user = "dovenull" if run_as_root else pwd.getpwuid(os.getuid()).pw_name
    internal_user = "dovecot" if run_as_root else login_user
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = {uid}
default_login_user = {login_user}
default_internal_user = {internal_user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture(scope="session")
def dovecot():
    """A private Dovecot: own config, maildir in a temp dir, plain IMAP on a free port, stopped by PID."""
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(binary):
        pytest.fail("dovecot is not installed: apt-get install dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="sealdesk-dovecot-"))
    root.chmod(0o755)
    if os.getuid() == 0:  # Dovecot refuses to give mail to uid 0
        uid = gid = pwd.getpwnam("nobody").pw_uid
    else:
        uid, gid = os.getuid(), os.getgid()
    (root / "mail").mkdir()
    os.chown(root / "mail", uid, gid)
    (root / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}::::::\n")
    port = free_port()
    (root / "dovecot.conf").write_text(_dovecot_config(root, port, uid, gid))
    process = subprocess.Popen([binary, "-F", "-c", str(root / "dovecot.conf")])  # noqa: S603
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("dovecot did not start: " + (root / "dovecot.log").read_text(errors="replace")[-2000:])
    yield {"host": "127.0.0.1", "port": port, "root": root}
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap(dovecot):
    """A logged-in IMAP client on an emptied INBOX (and an emptied Done folder)."""
    client = imaplib.IMAP4(dovecot["host"], dovecot["port"])
    client.login(IMAP_USER, IMAP_PASSWORD)
    client.create("Done")
    for folder in ("Done", "INBOX"):
        _, count = client.select(folder)
        if int(count[0]):
            client.store("1:*", "+FLAGS", "(\\Deleted)")
            client.expunge()
    client.select("INBOX")
    yield client
    client.logout()


@pytest.fixture
def mailbox(dovecot, team_a):
    from helpdesk.models import Mailbox

    return Mailbox.objects.create(
        name="support", host=dovecot["host"], port=dovecot["port"], use_ssl=False,
        username=IMAP_USER, password=IMAP_PASSWORD, team=team_a,
    )
