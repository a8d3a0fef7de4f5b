"""`{% link %}` reverses a name once per process: the answer still follows the script prefix
the site is served under, and the navigation's links are those `{% url %}` would give."""

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix

TEMPLATE = Template(
    "{% load links %}{% link 'notifications' %} {% link 'home' as home %}[{{ home }}]"
)


def render() -> str:
    return TEMPLATE.render(Context())


def test_link_is_the_reversed_path():
    assert render() == f"{reverse('notifications')} [{reverse('home')}]"


def test_link_follows_the_script_prefix_after_a_first_answer():
    first = render()
    try:
        set_script_prefix("/impact/")
        assert render() == "/impact/notifications/ [/impact/]"
    finally:
        clear_script_prefix()
    assert render() == first


@pytest.mark.django_db
def test_the_signed_in_navigation_links_where_url_would(client, django_user_model):
    user = django_user_model.objects.create_user(email="nav@example.org", password="x-long-pass-1")
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    for name in ("notifications", "profile", "account_email", "coalitions:dashboard", "privacy"):
        assert f'href="{reverse(name)}"' in page, name
