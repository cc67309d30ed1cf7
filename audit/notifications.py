"""E-mail to compliance officers about a new alert: the rule and a link, never personal data."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from audit.detectors import TITLES
from audit.models import Alert

COMPLIANCE_ROLE = "compliance"


def alert_notify(*, alert_id: str) -> int:
    """Mail every active compliance officer; returns how many were mailed."""
    alert = Alert.objects.filter(pk=alert_id).first()
    if alert is None:
        return 0
    recipients = list(
        get_user_model().objects.filter(role=COMPLIANCE_ROLE, is_active=True).values_list("email", flat=True)
    )
    if not recipients:
        return 0
    context = {
        "alert": alert,
        "title": TITLES.get(alert.rule, alert.rule),
        "url": settings.SITE_URL + reverse("audit:alert_detail", kwargs={"alert_id": alert.pk}),
    }
    subject = render_to_string("audit/emails/alert-subject.txt", context).strip()
    body = render_to_string("audit/emails/alert-body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
