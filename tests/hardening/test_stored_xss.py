"""Stored XSS: every payload of the corpus goes in through the web form, the API and e-mail (subject,
plain and HTML body, sender name, attachment name, custom field), then an agent's headless Chromium
renders the queue, customer and ticket pages with a tripwire on script execution.

Each layer is proven on its own: with the CSP only reporting, the sanitizer and autoescaping stop
every payload; with the sanitizer made the identity, the enforced CSP stops every payload.
"""

import io
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from csp.middleware import CSPMiddleware
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from helpdesk.inbound.store import store_message
from helpdesk.models import Comment, Customer, CustomFieldDefinition, Ticket
from helpdesk.services import attachment_add, comment_create, ticket_update
from tests.hardening.xss_corpus import TRIPWIRE_PATH, payloads

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

FIELD_KEY = "xss_note"
# The modules that imported the sanitizer by name first, the sanitizer itself last: a module first
# imported while the sanitizer is patched would keep the identity for good.
SANITIZER_SITES = [
    "helpdesk.services.comments.sanitize_html",
    "helpdesk.inbound.html.sanitize_html",
    "helpdesk.templatetags.helpdesk_tags.sanitize_html",
    "helpdesk.sanitize.sanitize_html",
]
# Runs before any page script: the sinks payloads call, and a listener for CSP violations.
INIT_SCRIPT = """
window.__xss = (id) => window.__xss_hit('call:' + id);
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp_violation(
    `${e.effectiveDirective} ${e.blockedURI || 'inline'} on ${e.documentURI}:${e.lineNumber} ${e.sample}`), true);
"""


@dataclass
class Findings:
    executions: list[str] = field(default_factory=list)
    script_loads: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    pages: int = 0
    enforced_csp: bool = False


@pytest.fixture
def xss_world(settings, team_a, alice, api_client_for):
    settings.WEB_FORM_RATE_PER_HOUR = 100_000
    if connection.vendor == "postgresql":  # hundreds of small commits: durability is not under test here
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
    CustomFieldDefinition.objects.create(key=FIELD_KEY, label="Note", kind="text")
    return {"team": team_a, "agent": alice, "api": api_client_for(role=Role.AGENT, teams=[team_a])}


def _file_name(payload: str) -> str:
    """What a browser can send as a file name: no folder separators."""
    return payload.replace("/", "_").replace("\\", "_")


@dataclass
class Fields:
    """One ticket's worth of payloads, one per field a channel can carry."""

    subject: str
    name: str
    text: str
    html: str
    filename: str
    custom: str


def _via_web_form(index: int, fields: Fields) -> None:
    upload = SimpleUploadedFile(_file_name(fields.filename), b"payload file", content_type="text/html")
    message = f"{fields.text}\n{fields.html}"  # the form takes text only: the HTML payload goes in as text
    data = {"name": fields.name, "email": f"web{index}@xss.test", "subject": fields.subject, "message": message}
    response = Client().post(reverse("helpdesk:web_form"), {**data, "attachment": upload})
    assert response.status_code == 302, (fields, response.status_code)


def _via_api(api, index: int, fields: Fields) -> None:
    body = {
        "subject": fields.subject,
        "body": fields.text,
        "body_html": fields.html,
        "requester": {"email": f"api{index}@xss.test", "name": fields.name},
        "custom_fields": {FIELD_KEY: fields.custom},
    }
    response = api.post("/api/v1/tickets/", body, format="json")
    assert response.status_code == 201, (fields, response.content[:300])
    upload = io.BytesIO(b"payload file")
    upload.name = _file_name(fields.filename)
    response = api.post(f"/api/v1/tickets/{response.json()['code']}/attachments/", {"file": upload}, format="multipart")
    assert response.status_code == 201, (fields, response.status_code)


def _mail(index: int, fields: Fields) -> bytes:
    message = EmailMessage(policy=default_policy.clone(max_line_length=998))
    message["From"] = Address(display_name=fields.name, addr_spec=f"mail{index}@xss.test")
    message["To"] = "support@sealdesk.test"
    message["Subject"] = fields.subject
    message["Message-ID"] = f"<xss-{index}@xss.test>"
    message.set_content(fields.text)
    message.add_alternative(f"<html><body><p>Hello</p>{fields.html}</body></html>", subtype="html")
    message.add_attachment(b"payload file", maintype="text", subtype="html", filename=fields.filename)
    return message.as_bytes()


def _via_email(index: int, fields: Fields) -> None:
    result = store_message(_mail(index, fields))
    assert result.outcome == "stored", (fields, result.reason)


def _tickets(corpus: list[str]) -> list[Fields]:
    """Six payloads per ticket; a second pass shifted by one puts every payload in another field and channel."""
    size = len(Fields.__dataclass_fields__)
    shifted = corpus[1:] + corpus[:1]
    chunks = [(run + run[:size])[at : at + size] for run in (corpus, shifted) for at in range(0, len(run), size)]
    return [Fields(*chunk) for chunk in chunks]


def _seed(world, corpus: list[str]) -> None:
    """Each ticket through one channel, round robin; fields a channel cannot carry are set by an agent."""
    channels = [_via_web_form, lambda i, f: _via_api(world["api"], i, f), _via_email]
    tickets = _tickets(corpus)
    for index, fields in enumerate(tickets):
        channels[index % 3](index, fields)
    for ticket, fields in zip(Ticket.objects.order_by("number"), tickets, strict=True):
        changes = {"custom_fields": {FIELD_KEY: fields.custom}} if ticket.channel != "api" else {}
        ticket_update(ticket=ticket, actor=world["agent"], team=world["team"], **changes)  # triage


def _pages(live_server) -> list[str]:
    tickets = list(Ticket.objects.values_list("code", flat=True))
    queue_pages = range(1, len(tickets) // 25 + 2)
    customer_pages = range(1, Customer.objects.count() // 25 + 2)
    return (
        [f"{live_server.url}/tickets/team/?page={n}" for n in queue_pages]
        + [f"{live_server.url}/customers/?page={n}" for n in customer_pages]
        + [f"{live_server.url}/tickets/{code}/" for code in tickets]
    )


def _browse(chromium, cookie: dict, urls: list[str]) -> Findings:
    findings = Findings()
    context = chromium.new_context()
    context.add_cookies([cookie])
    context.expose_binding("__xss_hit", lambda source, what: findings.executions.append(what))
    context.expose_binding("__csp_violation", lambda source, what: findings.violations.append(what))
    context.add_init_script(INIT_SCRIPT)

    def on_request(request):
        if TRIPWIRE_PATH in request.url:
            target = findings.script_loads if request.resource_type == "script" else findings.executions
            target.append(f"{request.resource_type} {request.url}")

    page = context.new_page()
    page.on("request", on_request)
    page.on("dialog", lambda dialog: (findings.executions.append(f"dialog {dialog.message}"), dialog.dismiss()))
    for url in urls:
        response = page.goto(url, wait_until="load")
        findings.enforced_csp |= "content-security-policy" in response.headers
        assert response is not None and response.status == 200, url
        assert "/accounts/" not in page.url, "the agent's session was not accepted"
        findings.pages += 1
    page.wait_for_timeout(300)  # late timers and animations
    page.evaluate("window.__xss('control')")  # the tripwire itself works
    assert findings.executions.pop() == "call:control"
    context.close()
    return findings


def _csp_only_reports(monkeypatch) -> None:
    """The app's policy still goes out, but as Content-Security-Policy-Report-Only: nothing blocked."""
    original = CSPMiddleware.process_response

    def reporting(self, request, response):
        response = original(self, request, response)
        policy = response.headers.get("Content-Security-Policy", "")
        if "default-src" in policy:  # the app's policy, not an attachment's sandbox
            del response.headers["Content-Security-Policy"]
            report_sample = policy.replace("script-src 'self'", "script-src 'self' 'report-sample'")
            response.headers["Content-Security-Policy-Report-Only"] = report_sample
        return response

    monkeypatch.setattr(CSPMiddleware, "process_response", reporting)


def _sanitizer_off(monkeypatch) -> None:
    for site in SANITIZER_SITES:
        monkeypatch.setattr(site, lambda html: html or "")


def test_it_runs_no_payload_when_either_layer_defends_alone(
    xss_world, live_server, chromium, session_cookie, monkeypatch
):
    corpus = payloads()
    assert len(corpus) >= 300
    with monkeypatch.context() as patch:  # stored raw: the worst case for whatever renders it later
        _sanitizer_off(patch)
        _seed(xss_world, corpus)
    stored_html = [str(comment.body_html) for comment in Comment.objects.all()]
    assert sum("<script" in html.lower() for html in stored_html) >= 5  # the sanitizer was really off
    urls = _pages(live_server)
    cookie = session_cookie(xss_world["agent"], live_server.url)

    with monkeypatch.context() as patch:
        _csp_only_reports(patch)
        escaped = _browse(chromium, cookie, urls)
    with monkeypatch.context() as patch:
        _sanitizer_off(patch)
        blocked = _browse(chromium, cookie, urls)

    assert escaped.pages == blocked.pages > len(corpus) // 3
    assert (escaped.enforced_csp, blocked.enforced_csp) == (False, True)
    assert escaped.executions == []
    assert escaped.script_loads == []
    assert [violation for violation in escaped.violations if violation.startswith("script-src")] == []
    assert blocked.executions == []
    assert blocked.violations, "the CSP saw nothing to block: the payloads did not reach the page raw"


def test_it_blocks_a_script_uploaded_as_an_attachment_when_only_the_csp_defends(
    xss_world, live_server, chromium, session_cookie, monkeypatch
):
    """FreeScout GHSA-fffc-phh8-5h4v: script-src 'self' bypassed by a same-origin .js attachment."""
    _sanitizer_off(monkeypatch)
    ticket = Ticket.objects.get(pk=_api_ticket(xss_world["api"]))
    agent = xss_world["agent"]
    scripts = [
        attachment_add(ticket=ticket, upload=SimpleUploadedFile(name, b"window.__xss('attachment')"), actor=agent)
        for name in ("evil.js", "evil.mjs", "evil.html", "evil.svg", "evil.json", "evil.txt")
    ]
    html = "".join(f'<script src="/attachments/{a.pk}/download/"></script>' for a in scripts)
    comment_create(ticket=ticket, body="see", body_html=html, is_public=False, author_agent=agent)

    url = f"{live_server.url}/tickets/{ticket.pk}/"
    findings = _browse(chromium, session_cookie(agent, live_server.url), [url])

    assert findings.executions == []


def _api_ticket(api) -> str:
    body = {"subject": "Script host", "body": "x", "requester": {"email": "host@xss.test"}}
    return api.post("/api/v1/tickets/", body, format="json").json()["code"]

