"""Every field of the helpdesk that holds personal data, whose data it is, and who may load it."""

from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from helpdesk import attachment_store
from helpdesk.models import Attachment, Comment, Customer, Ticket
from helpdesk.selectors.conversations import attachment_get_for_agent
from helpdesk.selectors.customers import customer_get_for_agent
from helpdesk.selectors.tickets import comment_get_for_agent, ticket_get_for_agent
from helpdesk.services.attachments import attachment_read
from privacy.classifications import Classification as C
from privacy.models import Action
from privacy.registry import register
from privacy.retention.declarations import (
    BlobStore,
    Condition,
    DataType,
    SubjectData,
    data_type_register,
    subject_data_register,
)

register(
    Customer,
    fields={
        "name": C.NAME,
        "email": C.EMAIL,
        "phone": C.PHONE,
        "external_id": C.EXTERNAL_ID,
        "notes": C.FREE_TEXT,
    },
    subject_path="pk",
    lookup=lambda *, user, pk: customer_get_for_agent(user=user, customer_id=pk),
)
register(
    Ticket,
    fields={"subject": C.FREE_TEXT, "custom_fields": C.FREE_TEXT},
    subject_path="requester",
    lookup=lambda *, user, pk: ticket_get_for_agent(user=user, code=pk),
)
register(
    Comment,
    fields={"body": C.FREE_TEXT, "body_html": C.FREE_TEXT},
    subject_path="ticket__requester",
    lookup=lambda *, user, pk: comment_get_for_agent(user=user, comment_id=pk),
)
register(
    Attachment,
    fields={"filename": C.FREE_TEXT, "blob_name": C.FILE},
    subject_path="ticket__requester",
    lookup=lambda *, user, pk: attachment_get_for_agent(user=user, attachment_id=pk),
)


# Retention and subject requests (privacy.retention): data types, legal-hold paths, files.
def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _attachment_blobs():
    root = Path(settings.ATTACHMENT_ROOT)
    for path in root.glob("*/*") if root.exists() else ():
        if path.is_file() and path.suffix == "":
            yield path.name, path.stat().st_mtime


def _custom_field_matches(ticket: Ticket, value) -> bool:
    fields = ticket.custom_fields if isinstance(ticket.custom_fields, dict) else {}
    return str(fields.get(value.get("key"), "")) == str(value.get("value"))


def _ticket_conditions(prefix: str = "") -> dict:
    return {
        "channel": Condition(_("Channel"), query=lambda v: Q(**{f"{prefix}channel__in": _as_list(v)})),
        "status": Condition(_("Status"), query=lambda v: Q(**{f"{prefix}status__in": _as_list(v)})),
        "team": Condition(_("Team"), query=lambda v: Q(**{f"{prefix}team__name__in": _as_list(v)})),
        "organization": Condition(
            _("Organization"), query=lambda v: Q(**{f"{prefix}requester__organization__name__in": _as_list(v)})
        ),
        "tag": Condition(
            _("Tag"),
            query=lambda v: Q(**{
                f"{prefix}pk__in": Ticket.tags.through.objects.filter(tag__name__in=_as_list(v)).values("ticket_id")
            }),
        ),
    }


_ON_TICKET = {"ticket": "ticket", "customer": "ticket__requester", "organization": "ticket__requester__organization"}
_ATTACHMENTS = BlobStore(key="helpdesk.attachments", delete=attachment_store.delete_blob, names=_attachment_blobs)
_ALL_ACTIONS = (Action.DELETE, Action.ANONYMIZE, Action.REDACT)

subject_data_register(SubjectData(
    Ticket,
    hold_paths={"ticket": "pk", "customer": "requester", "organization": "requester__organization"},
    keep_structure=Q(requester__organization__isnull=False),
))
subject_data_register(SubjectData(
    Comment, hold_paths=_ON_TICKET, keep_structure=Q(ticket__requester__organization__isnull=False)
))
subject_data_register(SubjectData(
    Attachment, hold_paths=_ON_TICKET, blob_store=_ATTACHMENTS, blob_field="blob_name",
    export_file=lambda attachment: (str(attachment.filename), attachment_read(attachment=attachment)),
))
subject_data_register(SubjectData(
    Customer, hold_paths={"customer": "pk", "organization": "organization", "ticket": "tickets"}
))

data_type_register(DataType(
    key="tickets", label=_("Tickets"), model=Ticket, actions=_ALL_ACTIONS,
    age_fields={
        "created": "created_at", "updated": "updated_at", "closed": Coalesce("closed_at", "solved_at"),
        "customer_activity": "requester__last_activity_at",
    },
    conditions={
        **_ticket_conditions(),
        "custom_field": Condition(_("Custom field value"), check=_custom_field_matches),
    },
))
_COMMENT_TYPES = (("internal_notes", _("Internal notes"), False), ("public_replies", _("Public replies"), True))
for _key, _label, _public in _COMMENT_TYPES:
    data_type_register(DataType(
        key=_key, label=_label, model=Comment, base=Q(is_public=_public), actions=_ALL_ACTIONS,
        age_fields={"created": "created_at", "customer_activity": "ticket__requester__last_activity_at"},
        conditions=_ticket_conditions("ticket__"),
    ))
data_type_register(DataType(
    key="attachments", label=_("Attachments"), model=Attachment,
    age_fields={"created": "created_at", "customer_activity": "ticket__requester__last_activity_at"},
    conditions=_ticket_conditions("ticket__"),
))
data_type_register(DataType(
    key="customers", label=_("Customers without open tickets"), model=Customer,
    base=~Q(pk__in=Ticket.objects.filter(status__in=Ticket.OPEN_STATUSES).values("requester_id")),
    actions=(Action.DELETE, Action.ANONYMIZE),
    age_fields={
        "created": "created_at", "updated": "updated_at",
        "customer_activity": Coalesce("last_activity_at", "created_at"),
    },
    conditions={
        "organization": Condition(_("Organization"), query=lambda v: Q(organization__name__in=_as_list(v))),
    },
))
