import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import get_script_prefix, resolve, reverse, set_script_prefix
from django.utils import translation

from helpdesk.templatetags.agent_layout import _nav

pytestmark = pytest.mark.django_db

# templates/layouts/agent.html as it was before its navigation was stored per role, page and language.
OLD_LAYOUT = """{% extends "base.html" %}{% load i18n %}
{% block body_class %}agent{% endblock %}
{% block body %}
<div class="app">
  <nav class="nav" aria-label="{% translate 'Main' %}">
    <a class="brand" href="{% url 'helpdesk:queue_mine' %}"><span class="brand-mark" aria-hidden="true">S</span>Sealdesk</a>
    {% with section=request.resolver_match.url_name %}
    <p class="nav-heading">{% translate "Tickets" %}</p>
    <a class="nav-link{% if section == 'queue_mine' %} is-active{% endif %}" href="{% url 'helpdesk:queue_mine' %}">
      <span>{% translate "My tickets" %}</span>{% if counts %}<span class="count">{{ counts.mine }}</span>{% endif %}</a>
    <a class="nav-link{% if section == 'queue_team' %} is-active{% endif %}" href="{% url 'helpdesk:queue_team' %}">
      <span>{% translate "Unassigned" %}</span>{% if counts %}<span class="count">{{ counts.team }}</span>{% endif %}</a>
    <a class="nav-link{% if section == 'queue_open' %} is-active{% endif %}" href="{% url 'helpdesk:queue_open' %}">
      <span>{% translate "All open" %}</span>{% if counts %}<span class="count">{{ counts.open }}</span>{% endif %}</a>
    <p class="nav-heading">{% translate "Workspace" %}</p>
    <a class="nav-link{% if section == 'search' %} is-active{% endif %}" href="{% url 'helpdesk:search' %}">{% translate "Search" %}</a>
    <a class="nav-link{% if section == 'customer_list' or section == 'customer_detail' %} is-active{% endif %}" href="{% url 'helpdesk:customer_list' %}">{% translate "Customers" %}</a>
    <a class="nav-link{% if section == 'canned_replies' %} is-active{% endif %}" href="{% url 'helpdesk:canned_replies' %}">{% translate "Canned replies" %}</a>
    {% endwith %}
    {% if user.role == "admin" or user.role == "compliance" %}
      {% with section=request.resolver_match.url_name namespace=request.resolver_match.namespace %}
      <p class="nav-heading">{% translate "Privacy" %}</p>
      <a class="nav-link{% if namespace == 'audit' %} is-active{% endif %}" href="{% url 'audit:event_list' %}">{% translate "Access log" %}</a>
      <a class="nav-link{% if section == 'alert_list' %} is-active{% endif %}" href="{% url 'audit:alert_list' %}">{% translate "Alerts" %}</a>
      <a class="nav-link{% if section == 'retention' %} is-active{% endif %}" href="{% url 'privacy:retention' %}">{% translate "Retention" %}</a>
      <a class="nav-link{% if section == 'subjects' %} is-active{% endif %}" href="{% url 'privacy:subjects' %}">{% translate "Data-subject requests" %}</a>
      {% if user.role == "admin" %}
        <a class="nav-link{% if namespace == 'masking' %} is-active{% endif %}" href="{% url 'masking:policy' %}">{% translate "Data masking" %}</a>
        <p class="nav-heading">{% translate "Settings" %}</p>
        <a class="nav-link" href="{% url 'admin:index' %}">{% translate "Administration" %}</a>
      {% endif %}
      {% endwith %}
    {% endif %}
  </nav>
  <div class="app-main">
    <header class="topbar">
      <form class="topbar-search" method="get" action="{% url 'helpdesk:search' %}" role="search">
        <label class="visually-hidden" for="topbar-q">{% translate "Search" %}</label>
        <input id="topbar-q" type="search" name="q" placeholder="{% translate 'Search tickets and customers: #123, words, email' %}" maxlength="200">
      </form>
      {% include "layouts/user_menu.html" %}
    </header>
    {% include "layouts/messages.html" %}
    <main class="content" id="content">{% block content %}{% endblock %}</main>
  </div>
</div>
{% endblock %}
"""  # noqa: E501 - the template as it was
NEW_LAYOUT = '{% extends "layouts/agent.html" %}{% block content %}<p>the page</p>{% endblock %}'
PAGES = ["helpdesk:queue_mine", "helpdesk:queue_open", "helpdesk:search", "helpdesk:customer_list",
         "audit:event_list", "audit:alert_list", "masking:policy", "privacy:subjects", "accounts:security"]
COUNTS = [None, {}, {"mine": 1234567, "team": 0, "open": 12}]


def _render(source: str, user, url_name: str, counts, *, language="en") -> str:
    path = reverse(url_name)
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path.removeprefix(get_script_prefix().rstrip("/")))
    source = source.replace("{% block content %}{% endblock %}", "{% block content %}<p>the page</p>{% endblock %}")
    with translation.override(language):
        html = engines["django"].from_string(source).render({"counts": counts}, request)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


@pytest.mark.parametrize("url_name", PAGES)
@pytest.mark.parametrize("viewer", ["alice", "light", "admin_user", "compliance"])
def test_it_renders_the_layout_exactly_as_before(request, viewer, url_name):
    user = request.getfixturevalue(viewer)
    for counts in COUNTS:
        for language in ("en", "de"):
            html = _render(NEW_LAYOUT, user, url_name, counts, language=language)
            assert html == _render(OLD_LAYOUT, user, url_name, counts, language=language)
    link = f'href="{reverse(url_name)}"'
    nav = html.split("</nav>")[0]
    assert f'is-active" {link}' in nav or link not in nav  # the page's own link, when shown, is marked


def test_it_shows_each_role_its_own_links_from_the_stored_navigation(alice, admin_user):
    as_agent = _render(NEW_LAYOUT, alice, "helpdesk:search", None)
    as_admin = _render(NEW_LAYOUT, admin_user, "helpdesk:search", None)
    assert reverse("audit:event_list") not in as_agent and reverse("masking:policy") not in as_agent
    assert reverse("audit:event_list") in as_admin and reverse("masking:policy") in as_admin
    assert _render(NEW_LAYOUT, alice, "helpdesk:search", None) == as_agent


def test_it_keeps_the_language_the_page_and_the_script_prefix_apart(alice):
    english = _render(NEW_LAYOUT, alice, "helpdesk:queue_mine", None)
    german = _render(NEW_LAYOUT, alice, "helpdesk:queue_mine", None, language="de")
    assert ">My tickets<" in english and ">My tickets<" not in german and german != english
    search = _render(NEW_LAYOUT, alice, "helpdesk:search", None)
    assert search.count("is-active") == english.count("is-active") == 1 and search != english
    set_script_prefix("/desk/")
    try:
        prefixed = _render(NEW_LAYOUT, alice, "helpdesk:queue_mine", None)
        assert prefixed == _render(OLD_LAYOUT, alice, "helpdesk:queue_mine", None)
    finally:
        set_script_prefix("/")
    assert 'href="/desk/tickets/mine/"' in prefixed and 'href="/desk/tickets/mine/"' not in english


def test_it_puts_each_requests_counts_into_the_navigation_escaped(alice):
    first = _render(NEW_LAYOUT, alice, "helpdesk:queue_open", {"mine": 1, "team": 2, "open": 3})
    second = _render(NEW_LAYOUT, alice, "helpdesk:queue_open", {"mine": 7, "team": "<b>8</b>", "open": 9})
    assert '<span class="count">1</span>' in first and '<span class="count">7</span>' in second
    assert '<span class="count">&lt;b&gt;8&lt;/b&gt;</span>' in second and "<b>" not in second
    assert "\x00" not in first + second
    old = _render(OLD_LAYOUT, alice, "helpdesk:queue_open", {"mine": 7, "team": "<b>8</b>", "open": 9})
    assert second == old


def test_it_renders_a_missing_count_as_the_template_did(alice):
    counts = {"mine": 4, "open": None}
    assert _render(NEW_LAYOUT, alice, "helpdesk:queue_open", counts) == _render(
        OLD_LAYOUT, alice, "helpdesk:queue_open", counts
    )


def test_it_stores_a_bounded_number_of_navigations():
    assert _nav.cache_info().maxsize == 1024


def test_it_shows_the_counts_through_the_page(login, alice, ticket):
    page = login(alice).get(reverse("helpdesk:queue_open")).content.decode()
    assert re.search(r'href="/tickets/open/">\s*<span>All open</span><span class="count">1</span>', page)
