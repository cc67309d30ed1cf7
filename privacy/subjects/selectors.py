"""Subject-request reads for the screens, scoped to admins and compliance officers."""

from django.db.models import QuerySet
from django.http import Http404

from privacy.access import may_see_privacy
from privacy.models import SubjectRequest


def subject_requests_for(*, user) -> QuerySet[SubjectRequest]:
    requests = SubjectRequest.objects.select_related("opened_by")
    return requests if may_see_privacy(user) else requests.none()


def subject_request_get_for_user(*, user, request_id) -> SubjectRequest:
    found = subject_requests_for(user=user).filter(pk=request_id).first()
    if found is None:
        raise Http404("Not found")
    return found
