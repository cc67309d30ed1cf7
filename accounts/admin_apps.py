from django.contrib.admin.apps import AdminConfig


class VerifiedAdminConfig(AdminConfig):
    """Django's admin, served by a site that demands a verified second factor (OTPAdminSite)."""

    default_site = "accounts.admin_site.VerifiedAdminSite"
