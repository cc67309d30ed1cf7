from django.core.exceptions import PermissionDenied, ValidationError

from accounts import roles
from helpdesk.models import CannedReply


def canned_reply_create(*, title: str, body: str, actor, team=None) -> CannedReply:
    if not roles.may_manage_canned_replies(actor.role):
        raise PermissionDenied("Your role may not manage canned replies.")
    reply = CannedReply(title=title.strip(), body=body, team=team, created_by=actor)
    if not reply.body.strip():
        raise ValidationError({"body": "The text cannot be empty."})
    reply.full_clean(exclude=["created_by", "team"])
    reply.save()
    return reply


def canned_reply_delete(*, reply: CannedReply, actor) -> None:
    if not roles.may_manage_canned_replies(actor.role):
        raise PermissionDenied("Your role may not manage canned replies.")
    reply.delete()
