"""A person with a value in every personal field, a file, and a bystander who must survive."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from helpdesk.models import CustomFieldDefinition
from helpdesk.services import attachment_add, comment_create, customer_create, ticket_create, ticket_update

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
    CustomFieldDefinition.objects.get_or_create(key="claim", defaults={"label": "Claim", "kind": "text"})
    customer = customer_create(
        name=SECRETS["name"],
        email=SECRETS["email"],
        phone=SECRETS["phone"],
        external_id=SECRETS["external_id"],
        notes=SECRETS["notes"],
    )
    ticket = ticket_create(
        requester=customer,
        subject=SECRETS["subject"],
        body=SECRETS["body"],
        body_html=SECRETS["html"],
        channel="web",
        team=team_a,
    )
    ticket_update(ticket=ticket, actor=alice, custom_fields={"claim": SECRETS["field"]})
    comment_create(ticket=ticket, body=SECRETS["reply"], is_public=True, author_agent=alice, notify=False)
    note = comment_create(ticket=ticket, body=SECRETS["note"], is_public=False, author_agent=alice)
    upload = SimpleUploadedFile(SECRETS["filename"], SECRETS["file"].encode())
    attachment_add(ticket=ticket, upload=upload, comment=note, actor=alice)
    return customer


@pytest.fixture
def bystander(team_a):
    other = customer_create(name="Ottokar Quell", email="ottokar@bystander.example")
    ticket_create(requester=other, subject="Printer jammed", body="Tray two", channel="email", team=team_a)
    return other
