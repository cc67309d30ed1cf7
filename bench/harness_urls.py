"""The app's URLs plus the plain-Django baseline views under /bench-baseline/."""

from django.urls import include, path

from bench import harness_baseline
from config import urls as app_urls

urlpatterns = [
    path("bench-baseline/", include((harness_baseline.urlpatterns, "bench"))),
    *app_urls.urlpatterns,
]
handler400 = app_urls.handler400
handler403 = app_urls.handler403
handler404 = app_urls.handler404
handler500 = app_urls.handler500
