"""A small but real OpenID Connect provider (django-oauth-toolkit) that tests run in a subprocess."""
