"""Example policies for the demo: a healthcare-style pair where the longer keep wins."""

from datetime import timedelta

from privacy.models import RetentionPolicy
from privacy.retention.services import policy_create

PATIENT_TAG = "patient-record"


def seed_example_policies(*, actor=None) -> list[RetentionPolicy]:
    """ "Keep patient records 10 years" beats "delete tickets after 1 year" on tagged tickets.

    Idempotent: policies that already exist by name are left as they are."""
    examples = [
        {
            "name": "Delete tickets after 1 year",
            "data_type": "tickets",
            "age_basis": "closed",
            "keep_for": timedelta(days=365),
            "action": "delete",
        },
        {
            "name": "Keep patient records 10 years",
            "data_type": "tickets",
            "age_basis": "closed",
            "keep_for": timedelta(days=3653),
            "action": "delete",
            "conditions": {"tag": PATIENT_TAG},
        },
        {
            "name": "Anonymize inactive customers after 3 years",
            "data_type": "customers",
            "age_basis": "customer_activity",
            "keep_for": timedelta(days=3 * 365),
            "action": "anonymize",
        },
    ]
    created = []
    for example in examples:
        existing = RetentionPolicy.objects.filter(name=example["name"]).first()
        created.append(existing or policy_create(actor=actor, **example))
    return created
