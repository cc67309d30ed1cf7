"""The user's own security page (sessions, 2FA, password) and the admin's view of any staff user."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import lockout, selectors, services, sessions, twofactor
from accounts.sudo import require_sudo


@login_required
def security(request):
    context = {
        "sessions": sessions.sessions_for_user(user=request.user),
        "current_session_id": sessions.current_session_id(request),
        "has_device": twofactor.has_device(request.user),
        "backup_codes_left": twofactor.backup_codes_left(request.user),
        "has_password": request.user.has_usable_password(),
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def session_end(request, session_id):
    user_session = selectors.user_session_get_for(user=request.user, session_id=session_id)
    owner = user_session.user
    sessions.user_session_end(user_session=user_session, actor=request.user)
    messages.success(request, _("The session was ended; it is signed out on its next request."))
    if owner != request.user:
        return redirect("accounts:user_security", user_id=owner.pk)
    return redirect("accounts:security")


@login_required
@require_http_methods(["GET", "POST"])
@require_sudo
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_password_change(
            user=request.user,
            password=form.cleaned_data["new_password1"],
            keep_session_id=sessions.current_session_id(request),
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Your password was changed. Your other sessions are signed out."))
        return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def user_list(request):
    users = selectors.staff_users_for_admin(user=request.user)
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_security(request, user_id):
    target = selectors.staff_user_get_for_admin(user=request.user, user_id=user_id)
    context = {
        "target": target,
        "sessions": sessions.sessions_for_user(user=target),
        "has_device": twofactor.has_device(target),
        "locked_until": lockout.account_locked_until(user=target),
    }
    return render(request, "accounts/user_security.html", context)


def _admin_action(action, done_message):
    @login_required
    @require_POST
    @require_sudo
    def view(request, user_id):
        target = selectors.staff_user_get_for_admin(user=request.user, user_id=user_id)
        action(target=target, actor=request.user)
        messages.success(request, done_message)
        return redirect("accounts:user_security", user_id=target.pk)

    return view


user_sessions_end = _admin_action(
    lambda *, target, actor: sessions.user_sessions_end_all(user=target, actor=actor, reason="admin"),
    gettext_lazy("All sessions of this user were ended."),
)
user_unlock = _admin_action(
    lambda *, target, actor: lockout.login_lock_clear(user=target, actor=actor),
    gettext_lazy("The account was unlocked."),
)
user_two_factor_reset = _admin_action(
    lambda *, target, actor: services.user_two_factor_reset(user=target, actor=actor),
    gettext_lazy("Two-factor devices were removed; the user sets up a new one at the next sign-in."),
)
user_deactivate = _admin_action(
    lambda *, target, actor: services.user_deactivate(user=target, actor=actor),
    gettext_lazy("The user was deactivated; their sessions and tokens stopped working."),
)
