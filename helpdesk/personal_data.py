"""Every field of the helpdesk that holds personal data, and whose data it is."""

from helpdesk.models import Attachment, Comment, Customer, Ticket
from privacy.classifications import Classification as C
from privacy.registry import register

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
)
register(Ticket, fields={"subject": C.FREE_TEXT, "custom_fields": C.FREE_TEXT}, subject_path="requester")
register(Comment, fields={"body": C.FREE_TEXT, "body_html": C.FREE_TEXT}, subject_path="ticket__requester")
register(Attachment, fields={"filename": C.FREE_TEXT, "blob_name": C.FILE}, subject_path="ticket__requester")
