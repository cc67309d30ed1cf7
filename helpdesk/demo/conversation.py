"""Plans one demo ticket: its subject, status, people and a conversation with a believable timeline."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils.html import linebreaks

from helpdesk.demo.identities import Identities, Person
from helpdesk.demo.staff import Staff
from helpdesk.demo.texts import AGENT_GREETING, AGENT_SIGN_OFF, CARRIERS, GREETING, SIGN_OFF, TOPICS
from helpdesk.models import Ticket
from privacy.retention.demo import PATIENT_TAG

S = Ticket.Status
STATUS_WEIGHTS = {S.NEW: 12, S.OPEN: 25, S.PENDING: 18, S.SOLVED: 25, S.CLOSED: 20}
PRIORITY_WEIGHTS = {"low": 20, "normal": 55, "high": 18, "urgent": 7}
CHANNEL_WEIGHTS = {"email": 60, "web": 30, "api": 10}
MAX_AGE = datetime.timedelta(days=90)


@dataclass
class Message:
    kind: str  # open, reply, follow, note or close: the keys of a topic's texts
    body: str
    html: str
    at: datetime.datetime
    author: object | None  # the agent; None means the ticket's customer

    @property
    def is_public(self) -> bool:
        return self.kind != "note"


@dataclass
class TicketPlan:
    person: Person
    subject: str
    status: str
    priority: str
    channel: str
    team: object
    assignee: object | None
    tags: list[str]
    custom_fields: dict
    messages: list[Message] = field(default_factory=list)
    solved_at: datetime.datetime | None = None
    closed_at: datetime.datetime | None = None
    requester: object | None = None  # the Customer row, once written


def plan_ticket(*, rng: random.Random, ids: Identities, person: Person, company: str, staff: Staff, now) -> TicketPlan:
    topic_name = _weighted(rng, {name: topic["weight"] for name, topic in TOPICS.items()})
    topic, texts = TOPICS[topic_name], TOPICS[topic_name][person.language]
    status = _weighted(rng, STATUS_WEIGHTS)
    team = rng.choice(staff.teams)
    repliers = staff.repliers(team) or [staff.by_role["admin"]]
    assignee = None if status == S.NEW and rng.random() < 0.7 else rng.choice(repliers)
    values = _values(rng, ids, person, company, now.date())
    plan = TicketPlan(
        person=person,
        subject=rng.choice(texts["subject"]).format(**values),
        status=status,
        priority=_weighted(rng, PRIORITY_WEIGHTS),
        channel=_weighted(rng, CHANNEL_WEIGHTS),
        team=team,
        assignee=assignee,
        tags=_tags(rng, topic, company),
        custom_fields=_custom_fields(rng, topic, values),
    )
    if plan.priority == "urgent":
        plan.tags.append("urgent")
    _converse(rng, plan, texts, values, staff, now)
    return plan


def _converse(rng, plan: TicketPlan, texts: dict, values: dict, staff: Staff, now) -> None:
    kinds = ["open"]
    if plan.status != S.NEW:
        kinds += ["note"] * (rng.random() < 0.5) + ["reply"]
        kinds += ["follow"] * (plan.status != S.PENDING) + ["note"] * (rng.random() < 0.4)
        kinds += ["reply"] * (plan.status == S.OPEN and rng.random() < 0.5)
        kinds += ["close"] * (plan.status in (S.SOLVED, S.CLOSED))
    at = now - rng.uniform(0.02, 1.0) * MAX_AGE
    agent = plan.assignee or rng.choice(staff.repliers(plan.team) or [staff.by_role["admin"]])
    note_writers = staff.note_writers(plan.team) or [agent]
    for kind in kinds:
        author = None if kind in ("open", "follow") else rng.choice(note_writers) if kind == "note" else agent
        body = _compose(rng, kind, plan.person, texts, {**values, "agent": getattr(author, "full_name", "")})
        html = linebreaks(body, autoescape=True) if author is None and plan.channel == "email" else ""
        plan.messages.append(Message(kind=kind, body=body, html=html, at=at, author=author))
        at = min(at + datetime.timedelta(hours=rng.uniform(0.3, 30)), now - datetime.timedelta(minutes=5))
    if plan.status in (S.SOLVED, S.CLOSED):
        plan.solved_at = plan.messages[-1].at
    if plan.status == S.CLOSED:
        plan.closed_at = min(plan.solved_at + datetime.timedelta(days=rng.uniform(1, 4)), now)


def _compose(rng, kind: str, person: Person, texts: dict, values: dict) -> str:
    text = rng.choice(texts[kind]).format(**values)
    language = person.language
    if kind == "note":
        return text
    if kind in ("open", "follow"):
        signature = rng.choice((person.name, f"{person.name}\n{person.phone_national}", person.first_name))
        greeting, sign_off = rng.choice(GREETING[language]), rng.choice(SIGN_OFF[language])
        return f"{greeting}\n\n{_capitalize(text)}\n\n{sign_off}\n{signature}"
    greeting = AGENT_GREETING[language].format(first_name=person.first_name, last_name=person.last_name)
    return f"{greeting}\n\n{_capitalize(text)}\n\n{AGENT_SIGN_OFF[language].format(**values)}"


def _values(rng, ids: Identities, person: Person, company: str, today: datetime.date) -> dict:
    faker = ids.fakers[person.locale]
    purchased = today - datetime.timedelta(days=rng.randint(3, 120))
    born = datetime.date(rng.randint(1940, 2005), 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
    amount = rng.randint(999, 49999) / 100
    german = person.language == "de"
    return {
        "name": person.name,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone_national": person.phone_national,
        "address": person.address,
        "new_address": faker.address(),
        "external_id": person.external_id,
        "company": company or faker.company(),
        "order": ids.order_number(),
        "tracking": f"00340434{rng.randint(10**11, 10**12 - 1)}",
        "carrier": rng.choice(CARRIERS),
        "amount_value": amount,
        "amount": f"{amount:.2f}".replace(".", ",") if german else f"{amount:.2f}",
        "purchased": purchased,
        "date": purchased.strftime("%d.%m.%Y") if german else f"{purchased.day} {purchased:%B %Y}",
        "birthday": born.strftime("%d.%m.%Y"),
        "card": ids.card_number(),
        "iban": ids.iban(person.locale),
    }


def _tags(rng, topic: dict, company: str) -> list[str]:
    tags = list(topic["tags"])
    if company and rng.random() < 0.3:
        tags.append("vip")
    if rng.random() < 0.15:
        tags.append(rng.choice(("follow-up", "callback")))
    if rng.random() < 0.05:
        tags.append(PATIENT_TAG)  # kept longer by the demo retention policies
    return tags


def _custom_fields(rng, topic: dict, values: dict) -> dict:
    fields = {"product_area": topic["area"]}
    if rng.random() < 0.7:
        fields["order_number"] = values["order"]
    if topic["area"] == "billing" and rng.random() < 0.8:
        fields["refund_amount"] = values["amount_value"]
    if rng.random() < 0.5:
        fields["purchase_date"] = values["purchased"].isoformat()
    return fields


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]
