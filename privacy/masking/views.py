from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import Role
from accounts.sudo import require_sudo
from privacy.classifications import Classification
from privacy.masking.forms import PolicyForm, RevealForm
from privacy.masking.policy import Policy
from privacy.masking.services import masking_rule_set, masking_settings_update, reveal_create
from privacy.registry import declaration_by_label


def _target(user, label: str, pk: str, field: str):
    declaration = declaration_by_label(label)
    if declaration is None or declaration.lookup is None or field not in declaration.fields:
        raise Http404("Nothing to reveal here")
    try:
        return declaration.lookup(user=user, pk=pk)
    except (ValueError, ValidationError):
        raise Http404("Nothing to reveal here") from None


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def reveal(request, label: str, pk: str, field: str):
    obj = _target(request.user, label, pk, field)
    form = RevealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reveal_create(user=request.user, obj=obj, field=field, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.info(request, _("Shown in full for a limited time. Your reason is on record."))
            return redirect(_safe_next(request))
    return render(request, "masking/reveal.html", {"form": form, "next": _safe_next(request), "field": field})


@transaction.atomic
def _save_policy(actor, current: Policy, form: PolicyForm) -> None:
    for (classification, role), (level, reveal_allowed) in form.cells().items():
        cell = current.cell(classification, role)
        if (cell.level, cell.reveal_allowed) != (level, reveal_allowed):
            masking_rule_set(
                actor=actor, classification=classification, role=role, level=level, reveal_allowed=reveal_allowed
            )
    if form.settings_values() != {"reveal_minutes": current.settings.reveal_minutes,
                                  "tokens_may_reveal": current.settings.tokens_may_reveal}:
        masking_settings_update(actor=actor, **form.settings_values())


@login_required
@require_sudo
@require_http_methods(["GET", "POST"])
def policy(request):
    if request.user.role != Role.ADMIN:
        raise PermissionDenied
    current = Policy.load()
    form = PolicyForm(request.POST or None, policy=current)
    if request.method == "POST" and form.is_valid():
        _save_policy(request.user, current, form)
        messages.success(request, _("Masking policy saved. It applies from the next request on."))
        return redirect("masking:policy")
    rows = [
        (label, [(form[f"{value}__{role}"], form[f"{value}__{role}__reveal"]) for role in Role.values])
        for value, label in Classification.choices
    ]
    return render(request, "masking/policy.html", {"form": form, "rows": rows, "roles": Role.choices})
