"""What the figures request: the bench agent, an API token, and objects of the right shape."""

import random
from dataclasses import dataclass

from django.db.models import Count
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ApiToken, User
from accounts.roles import Role
from accounts.services import api_token_create
from bench.dataset import BENCH_AGENT_EMAIL
from helpdesk.models import Comment, Ticket
from helpdesk.selectors.tickets import tickets_visible_to
from privacy.crypto.tokens import tokenize

SCOPES = [ApiToken.Scope.TICKETS_READ, ApiToken.Scope.TICKETS_WRITE, ApiToken.Scope.CUSTOMERS_READ]


@dataclass
class Fixtures:
    agent: User
    token: str
    ticket: Ticket  # visible to the agent, exactly 10 comments
    customer_id: str
    customer_email: str
    two_words: str
    scratch: Ticket  # another visible ticket, of another customer: the create figures write there


def fixtures(*, seed: int = 1) -> Fixtures:
    agent = User.objects.get(email=BENCH_AGENT_EMAIL)
    _, token = api_token_create(
        name="bench", role=Role.AGENT, scopes=SCOPES, actor=None, teams=list(agent.teams.all())
    )
    ticket = _ticket_with_comments(agent, 10)
    customer = ticket.requester
    scratch = tickets_visible_to(agent).exclude(requester=customer).order_by("number").first()
    return Fixtures(
        agent=agent, token=token, ticket=ticket, customer_id=str(customer.pk), customer_email=customer.email,
        two_words=_two_words(ticket, random.Random(seed)), scratch=scratch,
    )


def _ticket_with_comments(agent: User, count: int) -> Ticket:
    """The most recently updated visible ticket with exactly `count` comments."""
    visible = tickets_visible_to(agent).annotate(comment_count=Count("comments")).filter(comment_count=count)
    ticket = visible.select_related("requester").order_by("-updated_at").first()
    if ticket is None:
        raise LookupError(f"no ticket with {count} comments is visible to the bench agent")
    return ticket


def _two_words(ticket: Ticket, rng: random.Random) -> str:
    """Two longer words of one of its comments: a query with real, but not too many, matches."""
    body = Comment.objects.filter(ticket=ticket).order_by("created_at").first().body
    words = sorted(w for w in tokenize(body) if len(w) >= 6 and w.isalpha())
    return " ".join(rng.sample(words, 2)) if len(words) >= 2 else " ".join(words)


def signed_in_client(agent: User) -> Client:
    """A session as after password and second factor: the agent pages need both."""
    device = TOTPDevice.objects.filter(user=agent, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=agent, name="bench authenticator", confirmed=True)
    client = Client()
    client.force_login(agent)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
