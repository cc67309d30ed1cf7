from django.urls import path

from helpdesk.inbound import views

app_name = "email"

urlpatterns = [
    path(
        "tickets/<uuid:code>/change-requests/<uuid:approval_id>/<str:decision>/",
        views.decide,
        name="change_request_decide",
    ),
]
