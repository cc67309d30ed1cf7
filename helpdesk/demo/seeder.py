"""Writes the demo: a few rows through the services (as production does), the rest in bulk.

The bulk path relies on `bulk_create`, which runs each field's `pre_save`, so encrypted fields are
sealed exactly as by `save()`. Only timestamps are rewritten afterwards (`bulk_update` on
non-personal columns), to spread the demo over the last three months.
"""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.roles import Role
from helpdesk.demo import catalog
from helpdesk.demo.conversation import TicketPlan, plan_ticket
from helpdesk.demo.identities import Identities, Person
from helpdesk.demo.staff import seed_staff
from helpdesk.models import Comment, Customer, Organization, Sequence, Ticket
from helpdesk.selectors.customers import customer_find_by_email
from helpdesk.services import comment_create, customer_create, ticket_create, ticket_update
from helpdesk.services.numbers import next_numbers
from privacy.crypto.keyring import deks_for_subjects
from privacy.retention.demo import seed_example_policies

THROUGH_SERVICES = 3
BATCH_SIZE = 500


@dataclass
class Customers:
    people: list[Person]
    companies: list[str]
    rows: list[Customer]
    new_ids: set


@transaction.atomic
def seed_demo(*, tickets: int, seed: int, now=None) -> dict[str, int]:
    """Create demo data and return what was made, by kind. Same seed and empty database: same data."""
    now = now or timezone.now()
    staff_ids = Identities(random.Random(f"{seed}:staff"), f"{seed}:staff")  # noqa: S311 - demo data, not secrets
    staff = seed_staff(rng=staff_ids.rng, identities=staff_ids)
    # A second run into the same database draws new customers instead of repeating the first run's.
    offset = Sequence.objects.filter(name="ticket").values_list("last_value", flat=True).first() or 0
    ids = Identities(random.Random(f"{seed}:{offset}"), f"{seed}:{offset}")  # noqa: S311 - demo data, not secrets
    catalog.seed_custom_fields()
    catalog.seed_tags()
    canned = catalog.seed_canned_replies(staff=staff)
    policies = seed_example_policies(actor=staff.by_role[Role.ADMIN])
    organizations = catalog.seed_organizations(identities=ids, count=min(15, max(3, tickets // 15)))
    customers = _customers(ids, organizations, count=max(1, round(tickets * 0.7)))
    plans = _plans(ids, staff, customers, tickets, now)
    made_tickets, comments = _write_through_services(plans[:THROUGH_SERVICES], staff)
    bulk_tickets, bulk_comments = _write_in_bulk(plans[THROUGH_SERVICES:])
    _stamp_times([*made_tickets, *bulk_tickets], [*comments, *bulk_comments], plans, customers)
    return {
        "teams": len(staff.teams),
        "staff": staff.created,
        "organizations": len(organizations),
        "customers": len({row.pk for row in customers.rows}),
        "tickets": len(plans),
        "comments": len(comments) + len(bulk_comments),
        "internal notes": sum(message.kind == "note" for plan in plans for message in plan.messages),
        "canned replies": canned,
        "retention policies": len(policies),
    }


def _customers(ids: Identities, organizations: list[Organization], *, count: int) -> Customers:
    people, companies = [], []
    for _ in range(count):
        organization = ids.rng.choice(organizations) if ids.rng.random() < 0.35 else None
        people.append(ids.person(domain=organization.domain if organization else ""))
        companies.append(organization)
    rows, new_ids = _customer_rows(people, companies)
    names = [org.name if org else "" for org in companies]
    return Customers(people=people, companies=names, rows=rows, new_ids=new_ids)


def _customer_rows(people: list[Person], organizations: list) -> tuple[list[Customer], set]:
    """The first few through `customer_create`; an email already on file reuses its customer."""
    known = Customer.objects.exists()
    rows, fresh, existing_rows = [], [], []
    for index, (person, organization) in enumerate(zip(people, organizations, strict=True)):
        existing = customer_find_by_email(person.email) if known else None
        fields = {
            "name": person.name, "email": person.email, "phone": person.phone,
            "external_id": person.external_id, "organization": organization,
        }
        if existing is not None:
            rows.append(existing)
            existing_rows.append(existing)
        elif index < THROUGH_SERVICES:
            rows.append(customer_create(**fields))
        else:
            row = Customer(**fields)
            rows.append(row)
            fresh.append(row)
    # Data keys for all new customers in one query and one insert, not two round trips per customer.
    deks_for_subjects({row.encryption_subject() for row in fresh})
    Customer.objects.bulk_create(fresh, batch_size=BATCH_SIZE)
    return rows, {row.pk for row in rows if row not in existing_rows}


def _plans(ids: Identities, staff, customers: Customers, count: int, now) -> list[TicketPlan]:
    """Every customer gets a ticket; the remaining tickets go to returning customers."""
    indexes = list(range(len(customers.people)))
    indexes += [ids.rng.randrange(len(customers.people)) for _ in range(max(0, count - len(indexes)))]
    plans = []
    for index in indexes[:count]:
        person, company = customers.people[index], customers.companies[index]
        plan = plan_ticket(rng=ids.rng, ids=ids, person=person, company=company, staff=staff, now=now)
        plan.requester = customers.rows[index]
        plans.append(plan)
    return plans


def _write_through_services(plans: list[TicketPlan], staff) -> tuple[list[Ticket], list[Comment]]:
    tickets, comments = [], []
    for plan in plans:
        first, *rest = plan.messages
        ticket = ticket_create(
            requester=plan.requester, subject=plan.subject, body=first.body, body_html=first.html,
            channel=plan.channel, team=plan.team, priority=plan.priority, tags=plan.tags,
            custom_fields=plan.custom_fields,
        )
        for message in rest:
            author = {"author_agent": message.author} if message.author else {"author_customer": plan.requester}
            comment_create(ticket=ticket, body=message.body, is_public=message.is_public, notify=False, **author)
        ticket = ticket_update(
            ticket=ticket, actor=staff.by_role[Role.ADMIN], status=plan.status, assignee=plan.assignee
        )
        tickets.append(ticket)
        comments += list(ticket.comments.order_by("created_at", "id"))
    return tickets, comments


def _write_in_bulk(plans: list[TicketPlan]) -> tuple[list[Ticket], list[Comment]]:
    numbers = next_numbers("ticket", len(plans)) if plans else []
    tickets = [
        Ticket(
            number=number, subject=plan.subject, status=plan.status, priority=plan.priority,
            channel=plan.channel, team=plan.team, assignee=plan.assignee, requester=plan.requester,
            custom_fields=plan.custom_fields,
        )
        for number, plan in zip(numbers, plans, strict=True)
    ]
    Ticket.objects.bulk_create(tickets, batch_size=BATCH_SIZE)
    _link_tags(tickets, plans)
    comments = [
        Comment(
            ticket=ticket, body=message.body, body_html=message.html, is_public=message.is_public,
            author_agent=message.author, author_customer=None if message.author else plan.requester,
        )
        for ticket, plan in zip(tickets, plans, strict=True)
        for message in plan.messages
    ]
    Comment.objects.bulk_create(comments, batch_size=BATCH_SIZE)
    return tickets, comments


def _link_tags(tickets: list[Ticket], plans: list[TicketPlan]) -> None:
    tags = catalog.seed_tags()
    through = Ticket.tags.through
    rows = [
        through(ticket_id=ticket.pk, tag_id=tags[name].pk)
        for ticket, plan in zip(tickets, plans, strict=True)
        for name in sorted(set(plan.tags))
    ]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _stamp_times(tickets: list[Ticket], comments: list[Comment], plans: list[TicketPlan], customers) -> None:
    """Spread the demo over the past months: only timestamp columns are rewritten."""
    messages = [message for plan in plans for message in plan.messages]
    for comment, message in zip(comments, messages, strict=True):
        comment.created_at = message.at
    for ticket, plan in zip(tickets, plans, strict=True):
        ticket.created_at, ticket.updated_at = plan.messages[0].at, plan.messages[-1].at
        ticket.solved_at, ticket.closed_at = plan.solved_at, plan.closed_at
    Comment.objects.bulk_update(comments, ["created_at"], batch_size=BATCH_SIZE)
    Ticket.objects.bulk_update(tickets, ["created_at", "updated_at", "solved_at", "closed_at"], batch_size=BATCH_SIZE)
    rows = {row.pk: row for row in customers.rows if row.pk in customers.new_ids}
    for pk, (first, last) in _activity(plans).items():
        if pk in rows:
            rows[pk].created_at, rows[pk].last_activity_at = first, last
    Customer.objects.bulk_update(list(rows.values()), ["created_at", "last_activity_at"], batch_size=BATCH_SIZE)


def _activity(plans: list[TicketPlan]) -> dict:
    """Customer id -> (first message, last message) over their demo tickets."""
    spans: dict = {}
    for plan in plans:
        first, last = plan.messages[0].at, plan.messages[-1].at
        known_first, known_last = spans.get(plan.requester.pk, (first, last))
        spans[plan.requester.pk] = (min(first, known_first), max(last, known_last))
    return spans
