"""Admin screens of the email channel: mailboxes, stored message records and outbound deliveries.

Tickets, customers and comments are deliberately not in the Django admin: they are shown only
through the masking presenter in the agent UI and the API.
"""

import helpdesk.inbound.admin  # noqa: F401
import helpdesk.outbound.admin  # noqa: F401
