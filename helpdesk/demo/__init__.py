"""Generators behind `manage.py seed_demo`: realistic, deterministic demo data full of personal data."""
