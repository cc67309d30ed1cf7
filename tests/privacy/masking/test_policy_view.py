from django.urls import reverse

from audit.models import AccessEvent
from privacy.masking.models import MaskingRule
from privacy.masking.presenter import Presenter


def _form_data(client):
    form = client.get(reverse("masking:policy")).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    return data


def test_it_lets_admins_change_one_cell_and_records_it(admin_user, alice, customer, login):
    client = login(admin_user)
    data = _form_data(client)
    data["email__agent"] = "hidden"

    response = client.post(reverse("masking:policy"), data)

    assert response.status_code == 302
    assert MaskingRule.objects.count() == 1
    assert str(Presenter(alice).shown(customer, "email")) == "••••••"
    assert AccessEvent.objects.filter(action="masking.policy_change").count() == 1


def test_it_refuses_bad_levels_without_saving(admin_user, login):
    client = login(admin_user)
    data = _form_data(client)
    data["email__agent"] = "sometimes"
    data["reveal_minutes"] = "0"

    response = client.post(reverse("masking:policy"), data)

    assert response.status_code == 200 and response.context["form"].errors
    assert not MaskingRule.objects.exists()


def test_it_shows_the_policy_to_admins_only(alice, compliance, senior, login):
    for user in (alice, compliance, senior):
        assert login(user).get(reverse("masking:policy")).status_code == 403
