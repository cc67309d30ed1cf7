from django.urls import path

from helpdesk.api.attachments import AttachmentDetailView, AttachmentDownloadView, TicketAttachmentsView
from helpdesk.api.comments import TicketCommentsView
from helpdesk.api.customers import CustomerDetailView, CustomerListView
from helpdesk.api.redactions import (
    CommentRedactionsView,
    CommentSuggestionsView,
    TicketRedactionsView,
    TicketSuggestionsView,
)
from helpdesk.api.reveals import RevealView
from helpdesk.api.tickets import TicketDetailView, TicketListView

app_name = "api"

urlpatterns = [
    path("tickets/", TicketListView.as_view(), name="ticket-list"),
    path("tickets/<uuid:code>/", TicketDetailView.as_view(), name="ticket-detail"),
    path("tickets/<uuid:code>/comments/", TicketCommentsView.as_view(), name="ticket-comments"),
    path("tickets/<uuid:code>/attachments/", TicketAttachmentsView.as_view(), name="ticket-attachments"),
    path("attachments/<uuid:attachment_id>/", AttachmentDetailView.as_view(), name="attachment-detail"),
    path("attachments/<uuid:attachment_id>/download/", AttachmentDownloadView.as_view(), name="attachment-download"),
    path("customers/", CustomerListView.as_view(), name="customer-list"),
    path("customers/<uuid:customer_id>/", CustomerDetailView.as_view(), name="customer-detail"),
    path("reveals/", RevealView.as_view(), name="reveal"),
    path("comments/<uuid:comment_id>/redaction-suggestions/", CommentSuggestionsView.as_view(),
         name="comment-redaction-suggestions"),
    path("comments/<uuid:comment_id>/redactions/", CommentRedactionsView.as_view(), name="comment-redactions"),
    path("tickets/<uuid:code>/redaction-suggestions/", TicketSuggestionsView.as_view(),
         name="ticket-redaction-suggestions"),
    path("tickets/<uuid:code>/redactions/", TicketRedactionsView.as_view(), name="ticket-redactions"),
]
