"""Every write the helpdesk makes goes through one of these functions."""

from helpdesk.services.attachments import attachment_add, attachment_read
from helpdesk.services.canned_replies import canned_reply_create, canned_reply_delete
from helpdesk.services.comments import comment_create
from helpdesk.services.customers import customer_create, customer_for_email, customer_update
from helpdesk.services.tickets import ticket_create, ticket_update

__all__ = [
    "attachment_add",
    "attachment_read",
    "canned_reply_create",
    "canned_reply_delete",
    "comment_create",
    "customer_create",
    "customer_for_email",
    "customer_update",
    "ticket_create",
    "ticket_update",
]
