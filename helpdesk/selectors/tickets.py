from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import roles
from helpdesk.models import Comment, Ticket


def tickets_visible_to(user) -> QuerySet[Ticket]:
    """Admins see every ticket; agents the tickets of their teams and those assigned to them."""
    if user is None or not user.is_authenticated or not roles.works_tickets(user.role):
        return Ticket.objects.none()
    if roles.sees_all_teams(user.role):
        return Ticket.objects.all()
    return Ticket.objects.filter(Q(team__in=user.team_ids()) | Q(assignee=user))


def ticket_get_for_agent(*, user, code) -> Ticket:
    ticket = (
        tickets_visible_to(user)
        .select_related("requester", "requester__organization", "team", "assignee")
        .prefetch_related("tags")
        .filter(code=code)
        .first()
    )
    if ticket is None:
        raise Http404("No such ticket")
    return ticket


def comment_get_for_agent(*, user, comment_id) -> Comment:
    visible = tickets_visible_to(user)
    comment = Comment.objects.select_related("ticket").filter(pk=comment_id, ticket__in=visible).first()
    if comment is None:
        raise Http404("No such comment")
    return comment
