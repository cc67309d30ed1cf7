"""A customer with a value in every personal field: profile, ticket, custom field, comments, a file."""

from django.core.files.uploadedfile import SimpleUploadedFile

from helpdesk.models import CustomFieldDefinition
from helpdesk.services import attachment_add, comment_create, customer_create, ticket_create, ticket_update


def seed_person(values: dict, *, agent, team, field_key: str):
    """The ticket of a new customer made of `values` (a public reply only where `values` has "reply")."""
    CustomFieldDefinition.objects.get_or_create(key=field_key, defaults={"label": field_key.title(), "kind": "text"})
    customer = customer_create(
        name=values["name"], email=values["email"], phone=values["phone"],
        external_id=values["external_id"], notes=values["notes"],
    )
    ticket = ticket_create(
        requester=customer, subject=values["subject"], body=values["body"], body_html=values["html"],
        channel="web", team=team,
    )
    ticket_update(ticket=ticket, actor=agent, custom_fields={field_key: values["field"]})
    if "reply" in values:
        comment_create(ticket=ticket, body=values["reply"], is_public=True, author_agent=agent, notify=False)
    note = comment_create(ticket=ticket, body=values["note"], is_public=False, author_agent=agent)
    upload = SimpleUploadedFile(values["filename"], values["file"].encode())
    attachment_add(ticket=ticket, upload=upload, comment=note, actor=agent)
    return ticket
