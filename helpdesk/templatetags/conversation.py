"""The ticket page's conversation and file lists, rendered in Python.

Ten comments through nested includes and a dozen template tags each cost several times what the
same HTML costs here. Every stored value still goes through the masking presenter and the `marker`
of `{% shown %}`, customer HTML through `sanitized_html`, plain text through `linebreaksbr`, and
everything else through `format_html`, so each value is escaped exactly once. The rare e-mail
warnings keep their template (templates/helpdesk/partials/email_warnings.html).
"""

from collections import defaultdict

from django import template
from django.template.defaultfilters import date, filesizeformat, linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from accounts import roles
from helpdesk.templatetags.helpdesk_tags import initials, sanitized_html
from privacy.masking.presenter import presenter_for
from privacy.masking.templatetags.masking import marker

register = template.Library()

WARNINGS_TEMPLATE = "helpdesk/partials/email_warnings.html"


def _joined(parts) -> SafeString:
    return mark_safe("".join(parts))  # noqa: S308 - every part is format_html output or a constant


class _Conversation:
    """What every comment of one page needs, worked out once: the presenter, the viewer's right to
    redact, the redaction link and the translated labels."""

    def __init__(self, context):
        self.context = context
        self.presenter = presenter_for(context["request"])
        user = context.get("user")
        self.can_redact = roles.may_redact(getattr(user, "role", ""))
        self.labels = {
            "customer": _("Customer"), "public": _("Public reply"), "note": _("Internal note"),
            "former": _("Former agent"), "redact": _("Redact…"),
        }
        self._redact_urls: dict = {}

    def shown(self, obj, field_name: str) -> SafeString:
        return marker(self.context, self.presenter.shown(obj, field_name))

    def redact_url(self, ticket_id) -> str:
        url = self._redact_urls.get(ticket_id)
        if url is None:
            url = self._redact_urls[ticket_id] = reverse("helpdesk:ticket_redact", args=[ticket_id])
        return url

    def comment(self, comment, files) -> SafeString:
        if not comment.is_public:
            kind = " comment--note"
        elif comment.is_from_customer:
            kind = " comment--customer"
        else:
            kind = " comment--agent"
        return format_html(
            '<article class="comment{}"><header class="comment-head">{}</header>'
            '<div class="comment-body" hx-disable>{}</div>{}{}</article>',
            kind, self.head(comment), self.body(comment), self.warnings(comment),
            format_html('<ul class="files files--inline">{}</ul>', self.files(files)) if files else "",
        )

    def head(self, comment) -> SafeString:
        labels = self.labels
        if comment.is_from_customer:
            name = self.presenter.shown(comment.author_customer, "name")
            author = format_html(
                '<span class="avatar avatar--customer" aria-hidden="true">{}</span> <strong>{}</strong> '
                '<span class="muted small">{}</span>',
                initials(name.value), marker(self.context, name), labels["customer"],
            )
        else:
            full_name = comment.author_agent.get_full_name() if comment.author_agent else ""
            author = format_html(
                '<span class="avatar" aria-hidden="true">{}</span> <strong>{}</strong>{}',
                initials(full_name), full_name or labels["former"],
                format_html(' <span class="muted small">{}</span>', labels["public"]) if comment.is_public else "",
            )
        note = "" if comment.is_public else format_html(' <span class="badge badge--note">{}</span>', labels["note"])
        created = template_localtime(comment.created_at)
        redact = ""
        if self.can_redact:
            redact = format_html(' <a class="comment-redact small" href="{}#comment{}">{}</a>',
                                 self.redact_url(comment.ticket_id), comment.pk, labels["redact"])
        return format_html('{}{} <time class="comment-time muted small" datetime="{}">{}</time>{}',
                           author, note, date(created, "c"), date(created, "DATETIME_FORMAT"), redact)

    def body(self, comment) -> SafeString:
        body = self.presenter.shown(comment, "body")
        body_html = self.presenter.shown(comment, "body_html")
        if body.unavailable:
            return marker(self.context, body)
        if body.masked or body_html.masked:
            return format_html('<p class="masked-note">{}</p>{}', marker(self.context, body),
                               linebreaksbr(body.value, autoescape=True))
        if comment.body_html:
            return sanitized_html(body_html.value)
        return linebreaksbr(body.value, autoescape=True)

    def warnings(self, comment) -> SafeString | str:
        if not getattr(comment, "email_warnings", None):
            return ""
        warnings = self.context.template.engine.get_template(WARNINGS_TEMPLATE)
        with self.context.push(comment=comment):
            return warnings.render(self.context)

    def files(self, attachments) -> SafeString:
        return _joined(
            format_html('<li class="file"><a href="{}">{}</a> <span class="muted small">{}</span></li>',
                        reverse("helpdesk:attachment_download", args=[attachment.id]),
                        self.shown(attachment, "filename"), filesizeformat(attachment.size))
            for attachment in attachments
        )


@register.simple_tag(takes_context=True)
def conversation(context, comments, attachments) -> SafeString:
    """The items of the conversation list, oldest first, each comment with its author, time, text,
    e-mail warnings and files. `attachments` are the ticket's files (those of no comment are left
    out here), so the page reads them once for the conversation and the sidebar."""
    if not comments:
        return format_html('<li class="muted">{}</li>', _("No messages yet."))
    files = defaultdict(list)
    for attachment in attachments:
        files[attachment.comment_id].append(attachment)
    page = _Conversation(context)
    return format_html_join(
        "\n", "<li>{}</li>", ((page.comment(comment, files.get(comment.pk, ())),) for comment in comments)
    )


@register.simple_tag(takes_context=True)
def attachment_items(context, attachments) -> SafeString:
    """The file list of the ticket sidebar: each file's masked name, download link and size."""
    if not attachments:
        return format_html('<li class="muted">{}</li>', _("No files."))
    return _Conversation(context).files(attachments)
