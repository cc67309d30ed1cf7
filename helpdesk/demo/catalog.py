"""What an admin sets up once: custom field definitions, tags, canned replies, organizations."""

from accounts.roles import Role
from helpdesk.demo.identities import Identities
from helpdesk.demo.texts import CANNED_REPLIES, TOPICS
from helpdesk.models import CannedReply, CustomFieldDefinition, Organization, Tag
from helpdesk.services import canned_reply_create
from privacy.retention.demo import PATIENT_TAG

Kind = CustomFieldDefinition.Kind
PRODUCT_AREAS = ["shipping", "billing", "account", "product"]
FIELD_DEFINITIONS = (
    {"key": "order_number", "label": "Order number", "kind": Kind.TEXT, "position": 1},
    {"key": "product_area", "label": "Product area", "kind": Kind.CHOICE, "choices": PRODUCT_AREAS, "position": 2},
    {"key": "refund_amount", "label": "Refund amount", "kind": Kind.NUMBER, "position": 3},
    {"key": "purchase_date", "label": "Purchase date", "kind": Kind.DATE, "position": 4},
)
EXTRA_TAGS = ("vip", "urgent", "follow-up", "callback", PATIENT_TAG)


def seed_custom_fields() -> list[CustomFieldDefinition]:
    existing = {d.key: d for d in CustomFieldDefinition.objects.filter(key__in=[f["key"] for f in FIELD_DEFINITIONS])}
    missing = [CustomFieldDefinition(**spec) for spec in FIELD_DEFINITIONS if spec["key"] not in existing]
    CustomFieldDefinition.objects.bulk_create(missing)
    return [*existing.values(), *missing]


def seed_tags() -> dict[str, Tag]:
    names = sorted({tag for topic in TOPICS.values() for tag in topic["tags"]} | set(EXTRA_TAGS))
    Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
    return {tag.name: tag for tag in Tag.objects.filter(name__in=names)}


def seed_canned_replies(*, staff) -> int:
    """Canned replies through the service, written by the demo admin; titles already there are kept."""
    admin = staff.by_role[Role.ADMIN]
    existing = set(CannedReply.objects.filter(title__in=[t for t, _ in CANNED_REPLIES]).values_list("title", flat=True))
    created = [canned_reply_create(title=t, body=b, actor=admin) for t, b in CANNED_REPLIES if t not in existing]
    return len(created)


def seed_organizations(*, identities: Identities, count: int) -> list[Organization]:
    wanted = dict(identities.company() for _ in range(count))
    existing = {org.name: org for org in Organization.objects.filter(name__in=list(wanted))}
    missing = [Organization(name=name, domain=domain) for name, domain in wanted.items() if name not in existing]
    Organization.objects.bulk_create(missing)
    return [*existing.values(), *missing]
