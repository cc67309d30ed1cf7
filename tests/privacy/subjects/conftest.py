"""A person with a value in every personal field, a file, and a bystander who must survive."""

import pytest

from helpdesk.services import customer_create, ticket_create
from tests.privacy.people import seed_person

SECRETS = {
    "name": "Yolanda Brixelstein",
    "email": "yolanda.brixelstein@erasure-probe.example",
    "phone": "+44 20 7946 0321",
    "external_id": "CRM-YB-551209",
    "notes": "prefers letters to Brixelhof",
    "subject": "Brixelstein insurance claim",
    "body": "My policy number is BRX-99812, Yolanda here",
    "html": "<p>Brixelweg 3, Brixeltown</p>",
    "reply": "Dear Ms Brixelstein, we received claim BRX-99812",
    "note": "Internal: Brixelstein verified by phone",
    "field": "Brixel-Claim-4412",
    "filename": "brixelstein-claim-form.pdf",
    "file": "BRIXELSTEIN CLAIM FORM CONTENTS 1981-07-09",
}


@pytest.fixture
def person(alice, team_a):
    return seed_person(SECRETS, agent=alice, team=team_a, field_key="claim").requester


@pytest.fixture
def bystander(team_a):
    other = customer_create(name="Ottokar Quell", email="ottokar@bystander.example")
    ticket_create(requester=other, subject="Printer jammed", body="Tray two", channel="email", team=team_a)
    return other
