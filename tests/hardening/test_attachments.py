"""Attachments: bombs refused on every channel, downloads inert, oversized bodies cut off unread."""

import gzip
import io
import socket
import struct
import time
import zipfile
import zlib
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from helpdesk.attachment_checks import image_dimensions
from helpdesk.inbound.safety import Refused
from helpdesk.inbound.store import store_message
from helpdesk.models import Attachment, Ticket
from helpdesk.services import attachment_add

MB = 1024 * 1024


def _zip(entries: dict[str, bytes], *, symlink: str = "") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))


def _jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


BOMBS = {
    "too many entries": lambda: _zip({f"f{n}.txt": b"x" for n in range(1001)}),
    "zip bomb by ratio": lambda: _zip({"zeros.bin": bytes(5 * MB)}),
    "zip expanding past the budget": lambda: _zip({f"z{n}.bin": bytes(2 * MB) for n in range(60)}),
    "nested zip bomb": lambda: _zip({"inner.zip": _zip({"zeros.bin": bytes(5 * MB)})}),
    "zip nested too deep": lambda: _zip({"a.zip": _zip({"b.zip": _zip({"c.zip": _zip({"d.txt": b"x"})})})}),
    "zip-slip path": lambda: _zip({"../../etc/cron.d/evil": b"x"}),
    "absolute path": lambda: _zip({"/etc/passwd": b"x"}),
    "symbolic link": lambda: _zip({"a.txt": b"x"}, symlink="link"),
    "gzip bomb": lambda: gzip.compress(bytes(8 * MB)),
    "PNG pixel flood": lambda: _png(30_000, 30_000),
    "GIF pixel flood": lambda: b"GIF89a" + struct.pack("<HH", 65_535, 65_535) + b"\x00\x00\x00;",
    "JPEG pixel flood": lambda: _jpeg(60_000, 60_000),
    "BMP pixel flood": lambda: b"BM" + bytes(16) + struct.pack("<ii", 40_000, -40_000) + bytes(30),
    "WebP pixel flood": lambda: b"RIFF\x00\x00\x00\x00WEBPVP8X" + bytes(8) + (16_383).to_bytes(3, "little") * 2,
}
HARMLESS = {
    "small zip": lambda: _zip({"invoice.txt": b"Invoice 4711", "logo.png": _png(64, 64)}),
    "normal PNG": lambda: _png(1920, 1080),
    "normal JPEG": lambda: _jpeg(4000, 3000),
    "text": lambda: b"Hello",
    "broken zip": lambda: b"PK\x03\x04 not really",
    "gzip of a small log": lambda: gzip.compress(b"log line\n" * 1000),
}


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.ATTACHMENT_MAX_EXPANDED_BYTES = 100 * MB


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_it_refuses_archive_and_image_bombs(kind, ticket, alice):
    with pytest.raises(ValidationError):
        attachment_add(ticket=ticket, upload=SimpleUploadedFile("upload.bin", BOMBS[kind]()), actor=alice)

    assert not Attachment.objects.exists()


@pytest.mark.parametrize("kind", sorted(HARMLESS))
def test_it_accepts_ordinary_archives_and_images(kind, ticket, alice):
    attachment = attachment_add(ticket=ticket, upload=SimpleUploadedFile("upload.bin", HARMLESS[kind]()), actor=alice)

    assert attachment.size > 0


def test_it_reads_image_sizes_from_headers():
    assert image_dimensions(_png(640, 480)) == (640, 480)
    assert image_dimensions(_jpeg(800, 600)) == (800, 600)
    assert image_dimensions(b"not an image") is None


def test_it_refuses_a_bomb_from_the_web_form(client, db):
    data = {"name": "Erika", "email": "erika@example.de", "subject": "Logs", "message": "See attached."}
    upload = SimpleUploadedFile("logs.zip", BOMBS["zip bomb by ratio"]())

    response = client.post("/support/new/", {**data, "attachment": upload})

    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_it_refuses_a_bomb_from_the_api(api_client_for, team_a, ticket):
    api = api_client_for(role=Role.AGENT, teams=[team_a])
    upload = io.BytesIO(BOMBS["PNG pixel flood"]())
    upload.name = "scan.png"

    response = api.post(f"/api/v1/tickets/{ticket.pk}/attachments/", {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["fields"] or "file" in str(response.json())
    assert not Attachment.objects.exists()


def test_it_refuses_a_bomb_from_email(db):
    message = EmailMessage()
    message["From"] = "Erika <erika@example.de>"
    message["To"] = "support@sealdesk.test"
    message["Subject"] = "Scan"
    message.set_content("See the scan.")
    message.add_attachment(BOMBS["JPEG pixel flood"](), maintype="image", subtype="jpeg", filename="scan.jpg")

    with pytest.raises(Refused):
        store_message(message.as_bytes())

    assert not Ticket.objects.exists()


ACTIVE_FILES = {
    "page.html": b"<script>window.__xss('html')</script>",
    "image.svg": (
        b"<svg xmlns='http://www.w3.org/2000/svg' onload=\"window.__xss('svg')\">"
        b"<script>window.__xss('svg2')</script></svg>"
    ),
    "code.js": b"window.__xss('js')",
}


@pytest.fixture
def active_attachments(ticket, alice):
    return [
        attachment_add(ticket=ticket, upload=SimpleUploadedFile(name, data), actor=alice)
        for name, data in ACTIVE_FILES.items()
    ]


def _assert_inert(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_it_serves_active_files_inert_in_the_agent_ui(active_attachments, login, alice):
    client = login(alice)
    for attachment in active_attachments:
        _assert_inert(client.get(f"/attachments/{attachment.pk}/download/"))


def test_it_serves_active_files_inert_in_the_api(active_attachments, api_client_for, team_a):
    api = api_client_for(role=Role.AGENT, teams=[team_a])
    for attachment in active_attachments:
        _assert_inert(api.get(f"/api/v1/attachments/{attachment.pk}/download/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_runs_no_script_when_an_agent_opens_an_active_attachment(
    active_attachments, live_server, chromium, session_cookie, alice
):
    context = chromium.new_context(accept_downloads=True)
    context.add_cookies([session_cookie(alice, live_server.url)])
    hits = []
    context.expose_binding("__xss_hit", lambda source, what: hits.append(what))
    context.add_init_script("window.__xss = (what) => window.__xss_hit(what);")
    page = context.new_page()
    page.on("dialog", lambda dialog: (hits.append(dialog.message), dialog.dismiss()))
    for attachment in active_attachments:
        url = f"{live_server.url}/attachments/{attachment.pk}/download/"
        with page.expect_download() as download:
            page.evaluate("(url) => { window.location.href = url; }", url)
        assert download.value.suggested_filename in ACTIVE_FILES
        page.goto(f"{live_server.url}/tickets/{attachment.ticket_id}/")
        page.set_content(f"<iframe src='{url}'></iframe><object data='{url}'></object><embed src='{url}'>")
        page.wait_for_timeout(200)
    context.close()

    assert hits == []


def _send_head(live_server, headers: str) -> socket.socket:
    address = urlsplit(live_server.url)
    sock = socket.create_connection((address.hostname, address.port), timeout=10)
    sock.sendall(headers.encode())
    return sock


def _answer(sock: socket.socket, body_chunks, chunk: bytes) -> tuple[bytes, int]:
    """Send body chunks until the server answers; returns (answer, bytes sent)."""
    sent = 0
    sock.setblocking(False)
    for _ in range(body_chunks):
        try:
            answer = sock.recv(4096)
            if answer:
                return answer, sent
        except BlockingIOError:
            pass
        try:
            sock.sendall(chunk)
            sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError, BlockingIOError):
            break
    sock.setblocking(True)
    return sock.recv(4096), sent


@pytest.mark.django_db(transaction=True)
def test_it_cuts_off_a_huge_declared_body_without_reading_it(live_server):
    declared = 1024 * MB
    sock = _send_head(
        live_server,
        "POST /support/new/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        f"Content-Length: {declared}\r\n\r\n",
    )
    started = time.monotonic()
    answer, sent = _answer(sock, 2000, b"x" * 64 * 1024)
    sock.close()

    assert answer.startswith(b"HTTP/1.1 413")
    assert sent < declared // 4
    assert time.monotonic() - started < 30


@pytest.mark.django_db(transaction=True)
def test_it_never_reads_a_chunked_upload_body(live_server):
    sock = _send_head(
        live_server,
        "POST /api/v1/tickets/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n",
    )
    chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
    answer, sent = _answer(sock, 4000, chunk)
    sock.close()

    assert answer[:12] in (b"HTTP/1.1 400", b"HTTP/1.1 401", b"HTTP/1.1 411", b"HTTP/1.1 413")
    assert sent < 200 * MB
