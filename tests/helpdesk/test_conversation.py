import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from accounts.models import User
from helpdesk.inbound.hints import EmailWarning, attach_warnings
from helpdesk.selectors.conversations import ticket_attachments, ticket_comments
from helpdesk.services import comment_create
from helpdesk.services.attachments import attachment_add
from privacy.crypto import UNAVAILABLE

pytestmark = pytest.mark.django_db

# The conversation as templates/helpdesk/partials/comment.html and attachment_item.html rendered it,
# one include per comment and per file.
FILE_ITEM = """{% load masking %}<li class="file"><a href="{% url 'helpdesk:attachment_download' attachment.id %}">\
{% shown attachment "filename" %}</a> <span class="muted small">{{ attachment.size|filesizeformat }}</span></li>"""
COMMENT_LOOP = """{% load i18n helpdesk_tags masking redaction %}{% for comment in comments %}<li>
<article class="comment{% if not comment.is_public %} comment--note{% elif comment.is_from_customer %} \
comment--customer{% else %} comment--agent{% endif %}">
  <header class="comment-head">
    {% if comment.is_from_customer %}
      {% presented comment.author_customer "name" as author_name %}
      <span class="avatar avatar--customer" aria-hidden="true">{{ author_name.value|initials }}</span>
      <strong>{% marker author_name %}</strong>
      <span class="muted small">{% translate "Customer" %}</span>
    {% else %}
      <span class="avatar" aria-hidden="true">{{ comment.author_agent.get_full_name|initials }}</span>
      <strong>{{ comment.author_agent.get_full_name|default:_("Former agent") }}</strong>
      {% if comment.is_public %}<span class="muted small">{% translate "Public reply" %}</span>{% endif %}
    {% endif %}
    {% if not comment.is_public %}<span class="badge badge--note">{% translate "Internal note" %}</span>{% endif %}
    <time class="comment-time muted small" datetime="{{ comment.created_at|date:'c' }}">\
{{ comment.created_at|date:"DATETIME_FORMAT" }}</time>
    {% may_redact user as can_redact %}{% if can_redact %}<a class="comment-redact small" \
href="{% url 'helpdesk:ticket_redact' comment.ticket_id %}#comment{{ comment.pk }}">{% translate "Redact…" %}</a>\
{% endif %}
  </header>
  <div class="comment-body" hx-disable>
    {% presented comment "body" as body %}{% presented comment "body_html" as body_html %}
    {% if body.unavailable %}{% marker body %}
    {% elif body.masked or body_html.masked %}<p class="masked-note">{% marker body %}</p>{{ body.value|linebreaksbr }}
    {% elif comment.body_html %}{{ body_html.value|sanitized_html }}
    {% else %}{{ body.value|linebreaksbr }}{% endif %}
  </div>
  {% include "helpdesk/partials/email_warnings.html" %}
  {% if comment.attachments.all %}
    <ul class="files files--inline">
      {% for attachment in comment.attachments.all %}""" + FILE_ITEM + """{% endfor %}
    </ul>
  {% endif %}
</article></li>{% empty %}<li class="muted">{% translate "No messages yet." %}</li>{% endfor %}"""
FILES_LOOP = ("{% load i18n %}{% for attachment in attachments %}" + FILE_ITEM
              + '{% empty %}<li class="muted">{% translate "No files." %}</li>{% endfor %}')
CONVERSATION = "{% load conversation %}{% conversation comments attachments %}"
HOSTILE = '<img src=x onerror="alert(1)"> & "quotes"'


def _upload(name: str, data: bytes = b"%PDF-1.4 invoice") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def comments(ticket, alice, bob, customer):
    """A conversation with one of each: customer e-mail, agent reply with personal data and markup,
    an internal note, customer HTML, files, a reply by an agent who has left, a warned e-mail and a
    comment whose key is gone."""
    User.objects.filter(pk=alice.pk).update(full_name=f"Alice {HOSTILE}")
    alice.refresh_from_db()
    reply = comment_create(ticket=ticket, body=f"Dear Erika,\n\nIBAN DE89 3704 0044 0532 0130 00?\n{HOSTILE}",
                           is_public=True, author_agent=alice, notify=False)
    comment_create(ticket=ticket, body="Card 4111 1111 1111 1111 — call +49 30 1234567", is_public=False,
                   author_agent=alice)
    html = comment_create(ticket=ticket, body="Hello", is_public=True, author_customer=customer,
                          body_html='<p>Hello <b>there</b><script>alert(1)</script> <a href="javascript:x">x</a></p>')
    attachment_add(ticket=ticket, upload=_upload(f"Rechnung {HOSTILE}.pdf"), comment=reply, actor=alice)
    attachment_add(ticket=ticket, upload=_upload("call-me-+49-30-1234567.txt", b"x" * 3000), comment=html)
    attachment_add(ticket=ticket, upload=_upload("sidebar-only.pdf"), actor=alice)
    comment_create(ticket=ticket, body="From an agent who left", is_public=True, author_agent=bob, notify=False)
    bob.delete()
    loaded = attach_warnings(ticket_comments(ticket))
    loaded[0].email_warnings = [EmailWarning("auth_failed", f"The sender failed {HOSTILE}")]
    loaded[-1].body = loaded[-1].body_html = UNAVAILABLE
    return loaded


def _render(source: str, viewer, context: dict) -> str:
    request = RequestFactory().get("/tickets/1/?tab=x")
    request.user = viewer
    html = engines["django"].from_string(source).render(context, request)
    return re.sub(r"\s*\n\s*", "", re.sub(r">\s+<", "><", html.strip()))


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("viewer", ["alice", "light", "admin_user", "compliance"])
def test_it_renders_exactly_what_the_comment_template_rendered(request, comments, ticket, viewer, language):
    user = request.getfixturevalue(viewer)
    context = {"comments": comments, "attachments": ticket_attachments(ticket)}
    with translation.override(language):
        rendered = _render(CONVERSATION, user, context)
        assert rendered == _render(COMMENT_LOOP, user, context)
    assert rendered.count("<article") == len(comments) == 5


@pytest.mark.parametrize("viewer", ["alice", "light"])
def test_the_file_list_is_what_the_attachment_template_rendered(request, comments, ticket, viewer):
    user = request.getfixturevalue(viewer)
    for attachments in (ticket_attachments(ticket), []):
        context = {"attachments": attachments}
        rendered = _render("{% load conversation %}{% attachment_items attachments %}", user, context)
        assert rendered == _render(FILES_LOOP, user, context)
    assert _render("{% load conversation %}{% attachment_items attachments %}", user,
                   {"attachments": ticket_attachments(ticket)}).count('<li class="file">') == 3


def test_an_empty_conversation_says_so(alice):
    assert _render(CONVERSATION, alice, {"comments": [], "attachments": []}) == (
        '<li class="muted">No messages yet.</li>')


def test_it_escapes_every_value_masks_for_the_role_and_sanitizes_customer_html(comments, ticket, light, alice):
    context = {"comments": comments, "attachments": ticket_attachments(ticket)}
    for viewer in (light, alice):
        html = _render(CONVERSATION, viewer, context)
        assert "<img" not in html and "<script" not in html and "javascript:" not in html
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;" in html
        assert "4111 1111 1111 1111" not in html and "DE89 3704 0044 0532 0130 00" not in html
        assert "data unavailable" in html and "Former agent" in html and "<b>there</b>" in html
    assert "comment-redact" not in _render(CONVERSATION, light, context)
    assert html.count('<li class="file">') == 2  # the sidebar's file of no comment is not in the conversation
