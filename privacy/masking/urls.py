from django.urls import path

from privacy.masking import views

app_name = "masking"

urlpatterns = [
    path("", views.policy, name="policy"),
    path("reveal/<str:label>/<str:pk>/<str:field>/", views.reveal, name="reveal"),
]
