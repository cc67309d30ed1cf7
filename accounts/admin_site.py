"""The Django admin behind our sign-in: second factor verified, and sudo mode for every change."""

from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from accounts.sudo import sudo_active, sudo_redirect
from accounts.twofactor import is_verified


class VerifiedAdminSite(OTPAdminSite):
    def __init__(self, name: str = "admin"):
        # OTPAdminSite defaults to "otpadmin"; keep the "admin:" URL names everyone uses.
        super().__init__(name)

    def has_permission(self, request) -> bool:
        return AdminSite.has_permission(self, request) and is_verified(request)

    def login(self, request, extra_context=None):
        """One sign-in page for everything, with its lock-out and second factor."""
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)
        if getattr(view, "__name__", "") == "logout":
            return inner

        def guarded(request, *args, **kwargs):
            if request.method == "POST" and request.user.is_authenticated and not sudo_active(request):
                return sudo_redirect(request)
            return inner(request, *args, **kwargs)

        guarded.__name__ = getattr(inner, "__name__", "admin_view")
        guarded.admin_site = self
        return guarded
