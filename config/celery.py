import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("sealdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules inside packages of an app (autodiscovery only finds `<app>/tasks.py`).
app.autodiscover_tasks(["privacy.retention"])
