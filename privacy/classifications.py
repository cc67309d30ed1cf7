from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    """Kinds of personal data. Masking policies and the access log speak in these terms."""

    NAME = "name", _("Name")
    EMAIL = "email", _("Email address")
    PHONE = "phone", _("Phone number")
    ADDRESS = "address", _("Postal address")
    PAYMENT_CARD = "payment_card", _("Payment card")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    NATIONAL_ID = "national_id", _("National id")
    DATE_OF_BIRTH = "date_of_birth", _("Date of birth")
    EXTERNAL_ID = "external_id", _("Customer id in another system")
    IP_ADDRESS = "ip_address", _("IP address")
    CREDENTIAL = "credential", _("Password or other secret")
    FREE_TEXT = "free_text", _("Free text that may hold personal data")
    FILE = "file", _("File contents")


# What each detector span type (privacy.detect) is, in masking terms.
SPAN_CLASSIFICATIONS = {
    "payment_card": Classification.PAYMENT_CARD,
    "iban": Classification.BANK_ACCOUNT,
    "email": Classification.EMAIL,
    "phone": Classification.PHONE,
    "national_id": Classification.NATIONAL_ID,
    "ip_address": Classification.IP_ADDRESS,
    "credential": Classification.CREDENTIAL,
    "person_name": Classification.NAME,
}
