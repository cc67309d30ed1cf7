from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import record_event
from helpdesk.models import Customer, Organization
from helpdesk.selectors.customers import customer_find_by_email

CUSTOMER_FIELDS = ("name", "email", "phone", "external_id", "notes", "organization")


def _validate(customer: Customer) -> None:
    customer.full_clean(exclude=["organization"])


@transaction.atomic
def customer_create(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    external_id: str = "",
    notes: str = "",
    organization: Organization | None = None,
    actor=None,
) -> Customer:
    email = email.strip()
    if email and customer_find_by_email(email) is not None:
        raise ValidationError({"email": "A customer with this email already exists."})
    customer = Customer(
        name=name.strip(), email=email, phone=phone.strip(), external_id=external_id.strip(),
        notes=notes, organization=organization, last_activity_at=timezone.now(),
    )
    _validate(customer)
    customer.save()
    record_event(action="customer.create", actor=actor, target=customer)
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, actor, **changes) -> Customer:
    unknown = set(changes) - set(CUSTOMER_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown customer fields: {', '.join(sorted(unknown))}")
    new_email = changes.get("email")
    if new_email and new_email != customer.email:
        other = customer_find_by_email(new_email)
        if other is not None and other.pk != customer.pk:
            raise ValidationError({"email": "A customer with this email already exists."})
    for field, value in changes.items():
        setattr(customer, field, value.strip() if isinstance(value, str) and field != "notes" else value)
    _validate(customer)
    customer.save()
    record_event(action="customer.update", actor=actor, target=customer, fields_shown=sorted(changes))
    return customer


def customer_for_email(*, email: str, name: str = "") -> Customer:
    """The customer who writes from this address, created on first contact."""
    existing = customer_find_by_email(email)
    if existing is not None:
        return existing
    return customer_create(name=name or email.split("@")[0], email=email)
