from django.urls import path

from privacy import views_retention as retention
from privacy import views_subjects as subjects

app_name = "privacy"

urlpatterns = [
    path("retention/", retention.overview, name="retention"),
    path("retention/policies/new/", retention.policy_new, name="policy_new"),
    path("retention/policies/<uuid:policy_id>/edit/", retention.policy_edit, name="policy_edit"),
    path("retention/policies/<uuid:policy_id>/delete/", retention.policy_delete, name="policy_delete"),
    path("retention/policies/<uuid:policy_id>/run/", retention.policy_run, name="policy_run"),
    path("retention/runs/<uuid:run_id>/", retention.run_detail, name="run_detail"),
    path("retention/holds/new/", retention.hold_place, name="hold_place"),
    path("retention/holds/<uuid:hold_id>/release/", retention.hold_release, name="hold_release"),
    path("retention/schedule/", retention.schedule_update, name="schedule_update"),
    path("subjects/", subjects.request_list, name="subjects"),
    path("subjects/new/", subjects.request_open, name="subject_open"),
    path("subjects/<uuid:request_id>/", subjects.request_detail, name="subject_detail"),
    path("subjects/<uuid:request_id>/export/", subjects.request_export, name="subject_export"),
    path("subjects/<uuid:request_id>/erase/", subjects.request_erase, name="subject_erase"),
    path("subjects/<uuid:request_id>/reject/", subjects.request_reject, name="subject_reject"),
]
