"""Long theme names in French and Spanish ("Développement durable et financement du
développement") wrap inside their badge: the hub's lists fit a 390 px phone."""

import importlib
import io

import pytest
from django.core.management import call_command

from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONGEST = {
    "fr": "Développement durable et financement du développement",
    "es": "Desarrollo sostenible y financiación para el desarrollo",
}


@pytest.fixture
def demo(transactional_db):
    from django.apps import apps

    from coalitions.criteria_bridge import forget_reference

    for module in (
        "impact.migrations.0002_roles_and_2024_edition",
        "coalitions.migrations.0003_reference_data",
        "coalitions.migrations.0006_review_seed",
    ):
        importlib.import_module(module).forwards(apps, None)
    forget_reference()
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_lists_fit_a_phone_with_long_theme_names(browser, live_server, demo, lang):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale=lang,
        extra_http_headers={"Accept-Language": lang},
    )
    page = context.new_page()
    for path in ("/coalitions/", "/organizations/"):
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == lang
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} in {lang} is {width} px wide"
        screenshot(page, f"narrow-badges-{path.strip('/')}-{lang}-phone")
    page.goto("/coalitions/")
    assert page.get_by_text(LONGEST[lang]).count() > 0  # the long name is on the page
    context.close()
