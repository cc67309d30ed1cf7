"""The ticket page: conversation, reply box and a sidebar whose every change is its own POST URL."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import roles
from helpdesk.access_log import record_read
from helpdesk.custom_fields import active_definitions
from helpdesk.forms import (
    AssignForm,
    AttachmentForm,
    CustomFieldsForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
    TagsForm,
    TeamForm,
)
from helpdesk.inbound.hints import attach_warnings
from helpdesk.selectors.canned_replies import canned_replies_for
from helpdesk.selectors.conversations import ticket_attachments, ticket_comments
from helpdesk.selectors.tickets import ticket_get_for_agent, tickets_visible_to
from helpdesk.services import comment_create, ticket_update
from helpdesk.views.common import add_service_errors, is_htmx, ticket_role_required
from privacy.masking.presenter import presenter_for

VIEW_FIELDS = ["subject", "requester.name", "requester.email", "comments.body", "attachments.filename", "custom_fields"]


def _custom_values(ticket) -> dict:
    """Stored custom field values; an unreadable (revoked key) value counts as none."""
    return ticket.custom_fields if isinstance(ticket.custom_fields, dict) else {}


def _shown_custom_values(request, ticket) -> tuple[dict, set[str]]:
    """Custom field values as the viewer may see them, and the keys whose values are masked."""
    stored = _custom_values(ticket)
    shown = presenter_for(request).shown(ticket, "custom_fields").value
    shown = shown if isinstance(shown, dict) else {}
    return shown, {key for key in stored if shown.get(key) != stored[key]}


def editable_definitions(request, ticket) -> list:
    """Fields whose value the viewer sees in full; a masked value is never put in a form to be sent back."""
    _, masked = _shown_custom_values(request, ticket)
    return [definition for definition in active_definitions() if definition.key not in masked]


def sidebar_context(request, ticket, *, attachments=None, **bound_forms) -> dict:
    user, definitions = request.user, active_definitions()
    values = _custom_values(ticket)
    shown_values, masked_keys = _shown_custom_values(request, ticket)
    editable = [definition for definition in definitions if definition.key not in masked_keys]
    forms = {
        "status_form": StatusForm(initial={"status": ticket.status}),
        "priority_form": PriorityForm(initial={"priority": ticket.priority}),
        "assign_form": AssignForm(user=user, initial={"assignee": ticket.assignee_id}),
        "team_form": TeamForm(initial={"team": ticket.team_id}),
        "tags_form": TagsForm(initial={"tags": " ".join(tag.name for tag in ticket.tags.all())}),
        "fields_form": CustomFieldsForm(definitions=editable, initial=values),
        "attachment_form": AttachmentForm(),
    }
    forms.update(bound_forms)
    return {
        "ticket": ticket,
        "attachments": ticket_attachments(ticket) if attachments is None else attachments,
        "can_edit": roles.may_edit_tickets(user.role),
        "custom_values": [(d.label, shown_values.get(d.key, "")) for d in definitions],
        "masked_custom_values": [(d.label, shown_values.get(d.key, "")) for d in definitions if d.key in masked_keys],
        **forms,
    }


def main_context(request, ticket, reply_form=None, *, attachments=None) -> dict:
    return {
        "ticket": ticket,
        "comments": attach_warnings(ticket_comments(ticket)),
        "attachments": ticket_attachments(ticket) if attachments is None else attachments,
        "reply_form": reply_form or ReplyForm(user=request.user),
        "canned_replies": canned_replies_for(user=request.user),
    }


def _whole_page_context(request, ticket, *, reply_form=None, **bound_forms) -> dict:
    """Sidebar and conversation share one read of the ticket's files."""
    attachments = ticket_attachments(ticket)
    return {
        **sidebar_context(request, ticket, attachments=attachments, **bound_forms),
        **main_context(request, ticket, reply_form, attachments=attachments),
    }


def _page(request, ticket, *, status: int = 200, reply_form=None, **bound_forms) -> HttpResponse:
    context = _whole_page_context(request, ticket, reply_form=reply_form, **bound_forms)
    record_read(action="ticket.view", actor=request.user, target=ticket, fields_shown=VIEW_FIELDS)
    return render(request, "helpdesk/ticket_detail.html", context, status=status)


@require_GET
@ticket_role_required
def detail(request, code):
    return _page(request, ticket_get_for_agent(user=request.user, code=code))


@require_POST
@ticket_role_required
def reply(request, code):
    ticket = ticket_get_for_agent(user=request.user, code=code)
    form = ReplyForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            comment_create(
                ticket=ticket, body=form.cleaned_data["body"], is_public=form.is_public, author_agent=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _replied(request, ticket, form.is_public)
    if is_htmx(request):
        return render(request, "helpdesk/partials/ticket_main.html", main_context(request, ticket, form))
    return _page(request, ticket, status=400, reply_form=form)


def _replied(request, ticket, is_public: bool) -> HttpResponse:
    if not is_htmx(request):
        messages.success(request, _("Reply sent.") if is_public else _("Internal note added."))
        return redirect(ticket)
    context = {**_whole_page_context(request, ticket), "oob": True}
    return render(request, "helpdesk/partials/reply_response.html", context)


def ticket_action(request, code, *, form_class, slot: str, change, done: str, **form_kwargs) -> HttpResponse:
    """Run one sidebar change: validate the form, call the service, answer with the sidebar or a redirect."""
    ticket = ticket_get_for_agent(user=request.user, code=code)
    if not roles.may_edit_tickets(request.user.role):
        raise PermissionDenied(_("Your role may not change tickets."))
    form = form_class(request.POST, request.FILES, **form_kwargs)
    if form.is_valid():
        try:
            change(ticket, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _changed(request, ticket, done)
    if is_htmx(request):
        context = sidebar_context(request, ticket, **{slot: form})
        return render(request, "helpdesk/partials/ticket_sidebar.html", context)
    return _page(request, ticket, status=400, **{slot: form})


def _changed(request, ticket, done: str) -> HttpResponse:
    still_visible = tickets_visible_to(request.user).filter(pk=ticket.pk).exists()
    if not still_visible:
        messages.info(request, _("The ticket moved to a team you are not on."))
    elif not is_htmx(request):
        messages.success(request, done)
    if is_htmx(request) and still_visible:
        return render(request, "helpdesk/partials/ticket_sidebar.html", sidebar_context(request, ticket))
    target = ticket.get_absolute_url() if still_visible else "/"
    if is_htmx(request):
        return HttpResponse(headers={"HX-Redirect": target})
    return redirect(target)


def _updater(request, field: str):
    return lambda ticket, data: ticket_update(ticket=ticket, actor=request.user, **{field: data[field]})


@require_POST
@ticket_role_required
def change_status(request, code):
    return ticket_action(
        request, code, form_class=StatusForm, slot="status_form", change=_updater(request, "status"),
        done=_("Status changed."),
    )


@require_POST
@ticket_role_required
def change_priority(request, code):
    return ticket_action(
        request, code, form_class=PriorityForm, slot="priority_form", change=_updater(request, "priority"),
        done=_("Priority changed."),
    )


@require_POST
@ticket_role_required
def assign(request, code):
    return ticket_action(
        request, code, form_class=AssignForm, slot="assign_form", change=_updater(request, "assignee"),
        done=_("Assignee changed."), user=request.user,
    )


@require_POST
@ticket_role_required
def change_team(request, code):
    return ticket_action(
        request, code, form_class=TeamForm, slot="team_form", change=_updater(request, "team"),
        done=_("Team changed."),
    )


@require_POST
@ticket_role_required
def change_tags(request, code):
    return ticket_action(
        request, code, form_class=TagsForm, slot="tags_form", change=_updater(request, "tags"),
        done=_("Tags saved."),
    )


@require_POST
@ticket_role_required
def change_fields(request, code):
    ticket = ticket_get_for_agent(user=request.user, code=code)

    def change(ticket, data):
        if not isinstance(ticket.custom_fields, dict):
            raise ValidationError(_("The stored values cannot be read right now, so they cannot be changed."))
        ticket_update(ticket=ticket, actor=request.user, custom_fields=CustomFieldsForm.json_values(data))

    return ticket_action(
        request, code, form_class=CustomFieldsForm, slot="fields_form", change=change,
        done=_("Fields saved."), definitions=editable_definitions(request, ticket),
    )
