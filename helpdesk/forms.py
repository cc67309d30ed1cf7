"""Forms of the agent UI and the public web form. They validate input; services do the work."""

import re

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Team
from helpdesk.custom_fields import MAX_TEXT_LENGTH
from helpdesk.models import CustomFieldDefinition, Organization, Ticket
from helpdesk.selectors.queues import DEFAULT_SORT, NO_ASSIGNEE, SORTS, QueueFilters, assignable_agents, filter_teams
from helpdesk.services.comments import MAX_BODY_LENGTH
from helpdesk.widgets import RadioSelect, Select, Textarea, TextInput

TAG_PATTERN = re.compile(r"^[\w-]{1,50}$")
MAX_TAGS = 20
ANY = [("", _("Any"))]


class _ListedChoices(ModelChoiceIterator):
    """The choices read by one plain query each time the field is rendered. Django's default reads
    them through `iterator()`, which on PostgreSQL opens a server-side cursor: DECLARE, FETCH and
    CLOSE, three round trips for a list of a few teams or agents."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ShortModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for short lists (teams, agents)."""

    iterator = _ListedChoices


def _sort_choices() -> list[tuple[str, str]]:
    labels = {"number": _("Number"), "created": _("Created"), "updated": _("Updated"), "priority": _("Priority")}
    choices = []
    for key in SORTS:
        choices += [(f"-{key}", _("%(field)s, descending") % {"field": labels[key]})]
        choices += [(key, _("%(field)s, ascending") % {"field": labels[key]})]
    return choices


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any open"))] + Ticket.Status.choices, widget=Select
    )
    priority = forms.ChoiceField(
        label=_("Priority"), required=False, choices=ANY + Ticket.Priority.choices, widget=Select
    )
    team = ShortModelChoiceField(
        label=_("Team"), required=False, queryset=Team.objects.none(), empty_label=_("Any"), widget=Select
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False, widget=Select)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=50)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=ANY + Ticket.Channel.choices, widget=Select)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=_sort_choices, widget=Select)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = filter_teams(user=user)
        agents = [(str(agent.pk), str(agent)) for agent in assignable_agents(user=user)]
        self.fields["assignee"].choices = ANY + [(NO_ASSIGNEE, _("Unassigned"))] + agents

    def clean_tag(self) -> str:
        tag = self.cleaned_data["tag"].strip().lower()
        if tag and not TAG_PATTERN.match(tag):
            raise forms.ValidationError(_("Use letters, digits, '-' or '_'."))
        return tag

    def filters(self) -> QueueFilters:
        """The valid filters; an invalid field counts as 'any' and keeps its error message."""
        if not self.is_bound:
            return QueueFilters()
        self.is_valid()
        values = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        values.setdefault("sort", DEFAULT_SORT)
        return QueueFilters(**values)


class ReplyForm(forms.Form):
    PUBLIC, INTERNAL = "public", "internal"

    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_LENGTH,
        widget=Textarea(attrs={"rows": 6, "id": "reply-body"}),
        error_messages={"required": _("Write a message first.")},
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=[(PUBLIC, _("Public reply")), (INTERNAL, _("Internal note"))],
        initial=PUBLIC,
        widget=RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not roles.may_reply_publicly(user.role):
            self.fields["visibility"].choices = [(self.INTERNAL, _("Internal note"))]
            self.fields["visibility"].initial = self.INTERNAL

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("Write a message first."))
        return body

    @property
    def is_public(self) -> bool:
        return self.cleaned_data["visibility"] == self.PUBLIC


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Ticket.Status.choices, widget=Select)


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(label=_("Priority"), choices=Ticket.Priority.choices, widget=Select)


class AssignForm(forms.Form):
    assignee = ShortModelChoiceField(
        label=_("Assignee"), required=False, queryset=Team.objects.none(), empty_label=_("Unassigned"), widget=Select
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_agents(user=user)


class TeamForm(forms.Form):
    team = ShortModelChoiceField(
        label=_("Team"), required=False, queryset=Team.objects.all(), empty_label=_("No team"), widget=Select
    )


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas or spaces."),
        widget=TextInput,
    )

    def clean_tags(self) -> list[str]:
        names = sorted({name.lower() for name in re.split(r"[\s,]+", self.cleaned_data["tags"]) if name})
        bad = [name for name in names if not TAG_PATTERN.match(name)]
        if bad:
            raise forms.ValidationError(
                _("Invalid tag %(tag)s: use letters, digits, '-' or '_' (at most 50)."), params={"tag": bad[0][:60]}
            )
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(count)d tags."), params={"count": MAX_TAGS})
        return names


def _custom_field(definition: CustomFieldDefinition) -> forms.Field:
    options = {"label": definition.label, "required": False}
    Kind = CustomFieldDefinition.Kind
    if definition.kind == Kind.NUMBER:
        return forms.DecimalField(max_digits=30, decimal_places=10, **options)
    if definition.kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if definition.kind == Kind.CHOICE:
        return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in definition.choices], **options)
    return forms.CharField(max_length=MAX_TEXT_LENGTH, **options)


class CustomFieldsForm(forms.Form):
    """One form field per active definition; the service checks required values and choices again."""

    def __init__(self, *args, definitions: list[CustomFieldDefinition], **kwargs):
        kwargs.setdefault("prefix", "cf")
        super().__init__(*args, **kwargs)
        for definition in definitions:
            self.fields[definition.key] = _custom_field(definition)

    @staticmethod
    def json_values(cleaned_data: dict) -> dict:
        """Values as the service takes them; an empty field clears its value."""
        return {key: _json_ready(value) for key, value in cleaned_data.items()}


def _json_ready(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value) if not isinstance(value, str) else value


def _check_upload_size(upload) -> None:
    if upload is not None and upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is larger than %(limit)s."), params={"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), max_length=255)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        _check_upload_size(upload)
        return upload


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=64)
    external_id = forms.CharField(label=_("External id"), required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label=_("Organization"), required=False, queryset=Organization.objects.all(), empty_label=_("None")
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in exclude:
            self.fields.pop(name, None)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)


class CannedReplyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(label=_("Text"), max_length=MAX_BODY_LENGTH, widget=forms.Textarea(attrs={"rows": 6}))
    team = forms.ModelChoiceField(
        label=_("Team"), required=False, queryset=Team.objects.none(), empty_label=_("All teams")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = filter_teams(user=user)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("The text cannot be empty."))
        return body


class WebTicketForm(forms.Form):
    """The public form. `website` is a honeypot: hidden from people, filled in by bots."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    subject = forms.CharField(label=_("Subject"), max_length=250)
    message = forms.CharField(label=_("Message"), max_length=MAX_BODY_LENGTH, widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False, max_length=255)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_message(self) -> str:
        message = self.cleaned_data["message"]
        if not message.strip():
            raise forms.ValidationError(_("Please describe your request."))
        return message

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        _check_upload_size(upload)
        return upload

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
