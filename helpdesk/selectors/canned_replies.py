"""Canned replies a user may use: those for everyone plus those of the user's teams."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import roles
from helpdesk.models import CannedReply


def canned_replies_for(*, user) -> QuerySet[CannedReply]:
    if not roles.works_tickets(user.role):
        return CannedReply.objects.none()
    replies = CannedReply.objects.select_related("team", "created_by")
    if roles.sees_all_teams(user.role):
        return replies
    return replies.filter(Q(team__isnull=True) | Q(team__in=user.team_ids()))


def canned_reply_get_for_agent(*, user, reply_id) -> CannedReply:
    reply = canned_replies_for(user=user).filter(pk=reply_id).first()
    if reply is None:
        raise Http404("No such canned reply")
    return reply
