from django.urls import path

from helpdesk.views import attachments, canned_replies, customers, queues, redactions, search, tickets, web_form

app_name = "helpdesk"

urlpatterns = [
    path("", queues.home, name="queue"),
    path("tickets/mine/", queues.mine, name="queue_mine"),
    path("tickets/team/", queues.team, name="queue_team"),
    path("tickets/open/", queues.open_tickets, name="queue_open"),
    path("tickets/<uuid:code>/", tickets.detail, name="ticket_detail"),
    path("tickets/<uuid:code>/reply/", tickets.reply, name="ticket_reply"),
    path("tickets/<uuid:code>/status/", tickets.change_status, name="ticket_status"),
    path("tickets/<uuid:code>/assign/", tickets.assign, name="ticket_assign"),
    path("tickets/<uuid:code>/team/", tickets.change_team, name="ticket_team"),
    path("tickets/<uuid:code>/priority/", tickets.change_priority, name="ticket_priority"),
    path("tickets/<uuid:code>/tags/", tickets.change_tags, name="ticket_tags"),
    path("tickets/<uuid:code>/fields/", tickets.change_fields, name="ticket_fields"),
    path("tickets/<uuid:code>/attachments/", attachments.upload, name="ticket_attachments"),
    path("attachments/<uuid:attachment_id>/download/", attachments.download, name="attachment_download"),
    path("customers/", customers.customer_list, name="customer_list"),
    path("customers/<uuid:customer_id>/", customers.detail, name="customer_detail"),
    path("customers/<uuid:customer_id>/edit/", customers.edit, name="customer_edit"),
    path("search/", search.search, name="search"),
    path("canned-replies/", canned_replies.canned_reply_list, name="canned_replies"),
    path("canned-replies/new/", canned_replies.create, name="canned_reply_create"),
    path("canned-replies/<uuid:reply_id>/delete/", canned_replies.delete, name="canned_reply_delete"),
    path("tickets/<uuid:code>/redact/", redactions.ticket_redact, name="ticket_redact"),
    path("tickets/<uuid:code>/redact/apply/", redactions.ticket_redact_apply, name="ticket_redact_apply"),
    path("tickets/<uuid:code>/flags/<uuid:flag_id>/", redactions.flag_resolve, name="redaction_flag_resolve"),
    path("attachments/<uuid:attachment_id>/redact/", redactions.attachment_redact, name="attachment_redact"),
    path("redaction/jobs/", redactions.job_start, name="redaction_job_start"),
    path("redaction/jobs/<uuid:job_id>/", redactions.job_detail, name="redaction_job"),
    path("redaction/policy/", redactions.policy, name="redaction_policy"),
    path("support/new/", web_form.new_ticket, name="web_form"),
    path("support/thanks/", web_form.thanks, name="web_form_thanks"),
]
