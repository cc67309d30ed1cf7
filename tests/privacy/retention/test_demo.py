"""The demo's example policies: the healthcare-style pair where the longer keep wins."""

from datetime import timedelta

from django.core.management import call_command

from helpdesk.models import Ticket
from privacy.models import RetentionPolicy
from privacy.retention.demo import PATIENT_TAG, seed_example_policies


def test_it_seeds_the_example_policies_once(db):
    seed_example_policies()
    seed_example_policies()

    assert RetentionPolicy.objects.count() == 3


def test_it_keeps_patient_records_that_the_one_year_policy_would_delete(
    make_ticket, django_capture_on_commit_callbacks
):
    seed_example_policies()
    patient = make_ticket(age=timedelta(days=800), tags=[PATIENT_TAG])
    other = make_ticket(age=timedelta(days=800))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("retention", "run")

    assert Ticket.objects.filter(pk=patient.pk).exists()
    assert not Ticket.objects.filter(pk=other.pk).exists()
