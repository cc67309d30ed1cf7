"""The project's URLs plus the email channel's until the lead wires them in (and its admin screens)."""

from django.contrib import admin
from django.urls import include, path

import helpdesk.inbound.admin  # noqa: F401
import helpdesk.outbound.admin  # noqa: F401
from config.urls import urlpatterns as project_urls

urlpatterns = [
    path("email-admin/", admin.site.urls),
    path("", include("helpdesk.inbound.urls")),
    *project_urls,
]
