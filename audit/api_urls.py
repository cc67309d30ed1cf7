from django.urls import path

from audit import api

app_name = "audit-api"

urlpatterns = [
    path("", api.AccessEventList.as_view(), name="list"),
]
