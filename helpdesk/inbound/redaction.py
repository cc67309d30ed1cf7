"""The one place arriving mail passes before anything is stored: automatic redaction (issue #6).

The services that store the message (comment_create, ticket_create) apply the policy again and
raise review flags; redacting here first keeps the data out of the hints computed from the text.
"""

from privacy.redaction.arrival import redacted


def redact_incoming(*, subject: str, text: str, html: str) -> tuple[str, str, str]:
    return redacted(subject), redacted(text), redacted(html)
