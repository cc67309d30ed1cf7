"""API tokens for integrations: admins create them (shown once), see when they were last used, revoke them."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import ApiTokenForm
from accounts.roles import may_manage_accounts
from accounts.sudo import require_sudo
from accounts.views._common import no_store


@login_required
def api_token_list(request):
    tokens = selectors.api_tokens_for_admin(user=request.user)
    return render(request, "accounts/api_tokens.html", {"tokens": tokens, "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
@require_sudo
def api_token_create(request):
    if not may_manage_accounts(request.user.role):
        raise Http404
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token, raw_key = services.api_token_create(
            name=data["name"],
            role=data["role"],
            scopes=data["scopes"],
            teams=data["teams"],
            actor=request.user,
            expires_at=timezone.now() + timedelta(days=data["expires_in_days"]),
        )
        return no_store(render(request, "accounts/api_token_created.html", {"token": token, "raw_key": raw_key}))
    return render(request, "accounts/api_token_new.html", {"form": form})


@login_required
@require_POST
@require_sudo
def api_token_revoke(request, token_id):
    token = selectors.api_token_get_for_admin(user=request.user, token_id=token_id)
    if token.revoked_at is None:
        services.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("The token was revoked. Requests using it are refused from now on."))
    return redirect("accounts:api_tokens")
