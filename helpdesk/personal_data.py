"""Every field of the helpdesk that holds personal data, whose data it is, and who may load it."""

from helpdesk.models import Attachment, Comment, Customer, Ticket
from helpdesk.selectors.conversations import attachment_get_for_agent
from helpdesk.selectors.customers import customer_get_for_agent
from helpdesk.selectors.tickets import comment_get_for_agent, ticket_get_for_agent
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
