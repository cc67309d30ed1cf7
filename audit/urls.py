from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export/", views.export, name="export"),
    path("agents/<uuid:actor_id>/", views.agent_timeline, name="agent_timeline"),
    path("customers/<uuid:customer_id>/", views.customer_viewers, name="customer_viewers"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<uuid:alert_id>/", views.alert_detail, name="alert_detail"),
    path("alerts/<uuid:alert_id>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<uuid:alert_id>/dismiss/", views.alert_dismiss, name="alert_dismiss"),
    path("insights/", views.insight_overview, name="insights"),
    path("suggestions/<uuid:suggestion_id>/apply/", views.suggestion_apply, name="suggestion_apply"),
    path("suggestions/<uuid:suggestion_id>/dismiss/", views.suggestion_dismiss, name="suggestion_dismiss"),
]
