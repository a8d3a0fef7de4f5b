"""The portal in French and Spanish, and the health of the message catalogues.

The catalogues (`locale/<lang>/LC_MESSAGES/django.po`) are made by `make messages`; the
compiled `.mo` files are committed. These tests read both with a small parser and the
standard library, so they need no gettext tools: a string added to the code but not to the
catalogues, an entry left empty or fuzzy, or a `.mo` not recompiled after an edit fails here.
"""

from __future__ import annotations

import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import templatize

from tests.coalitions.hub.hubdata import published
from tests.impact.catalogues import Entry, marked_strings, parse_po, source_strings

ROOT = Path(settings.BASE_DIR)
LANGS = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLURALS = {"fr": 2, "es": 2}


# --- pages ---------------------------------------------------------------------------------


def visible_text(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


# Per page: phrases each language must show, and the English ones that must be gone.
PAGES = {
    "home": {
        "fr": ["Proposer une coalition", "Comment ça marche", "Parcourir les coalitions"],
        "es": ["Proponer una coalición", "Cómo funciona", "Explorar las coaliciones"],
        "en": ["Propose a coalition", "How it works", "Browse coalitions"],
    },
    "sign-in": {
        # The nav is ours; the form itself is allauth's, translated by allauth's catalogue.
        "fr": ["Créer un compte", "Mot de passe", "Aller au contenu"],
        "es": ["Crear una cuenta", "Contraseña", "Ir al contenido"],
        "en": ["Sign up", "Password", "Skip to content"],
    },
    "hub": {
        # Theme names are reference data, seeded in English and shown in the reader's language.
        "fr": [
            "Tous les thèmes",
            "Trier par",
            "1 coalition",
            "2 membres",
            "Climat et environnement",
        ],
        "es": [
            "Todos los temas",
            "Ordenar por",
            "1 coalición",
            "2 miembros",
            "Clima y medio ambiente",
        ],
        "en": ["All themes", "Sort by", "2 members", "Climate and environment"],
    },
    "eoi": {
        "fr": ["Nouvelle manifestation d'intérêt", "Ajouter un membre", "Enregistrer le brouillon"],
        "es": ["Nueva expresión de interés", "Añadir un miembro", "Guardar borrador"],
        "en": ["New expression of interest", "Add a member", "Save draft", "Work plan"],
    },
}


@pytest.fixture
def page_url(client, edition, owner):
    """Each page, ready to be read: the EOI form needs a signed-in filer and an open call."""

    def url(name: str) -> str:
        if name == "eoi":
            client.force_login(owner)
            return reverse("coalitions:proposal-new")
        if name == "hub":
            published(
                "Water commons alliance",
                edition=edition,
                members=2,
                themes=("climate_environment",),
            )
            return reverse("coalitions:hub")
        return {"home": "/", "sign-in": reverse("account_login")}[name]

    return url


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", list(PAGES))
def test_pages_speak_the_language_chosen_in_the_cookie(client, page_url, page, lang):
    url = page_url(page)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url)
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.content.decode()
    text = visible_text(response)
    for phrase in PAGES[page][lang]:
        assert phrase in text, f"{page} in {lang}: {phrase!r} missing"
    for phrase in PAGES[page]["en"]:
        assert phrase not in text, f"{page} in {lang}: English {phrase!r} still shown"


@pytest.mark.django_db
@pytest.mark.parametrize("page", list(PAGES))
def test_english_stays_the_default(client, page_url, page):
    text = visible_text(client.get(page_url(page)))
    for phrase in PAGES[page]["en"]:
        assert phrase in text


@pytest.mark.django_db
def test_the_language_switcher_changes_every_page_after_it(client, page_url):
    hub = page_url("hub")
    response = client.post(reverse("set_language"), {"language": "es", "next": hub})
    assert response.status_code == 302
    assert response["Location"] == hub
    assert "Todos los temas" in visible_text(client.get(hub))
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert "Tous les thèmes" in visible_text(client.get(hub))
    assert "Comment ça marche" in visible_text(client.get("/"))


@pytest.mark.django_db
def test_anonymous_hub_cache_keeps_one_page_per_language(client, page_url):
    # The hub caches anonymous pages: a French visitor must not get the English copy.
    hub = page_url("hub")
    assert "All themes" in visible_text(client.get(hub))
    for lang, phrase in (("fr", "Tous les thèmes"), ("es", "Todos los temas")):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        assert phrase in visible_text(client.get(hub))


# --- the catalogues ------------------------------------------------------------------------


def catalogue(lang: str) -> tuple[Entry, list[Entry]]:
    entries = parse_po(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po")
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header) == 1, f"{lang}: the catalogue needs exactly one header"
    return header[0], [e for e in entries if e is not header[0] and not e.obsolete]


PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%%|\{\w+\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_none_is_fuzzy(lang):
    header, entries = catalogue(lang)
    assert "fuzzy" not in header.flags, f"{lang}: a fuzzy header is ignored when compiling"
    assert f"nplurals={PLURALS[lang]};" in header.msgstr[0]
    assert f"Language: {lang}\n" in header.msgstr[0]
    assert len(entries) > 500, "the catalogue lost most of its strings"
    problems = []
    for e in entries:
        forms = PLURALS[lang] if e.msgid_plural is not None else 1
        if "fuzzy" in e.flags:
            problems.append(f"fuzzy: {e.msgid!r}")
        if sorted(e.msgstr) != list(range(forms)) or not all(e.msgstr.values()):
            problems.append(f"untranslated: {e.msgid!r}")
    assert not problems, f"{lang}: run `make messages` and translate:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_placeholders_and_markup(lang):
    _header, entries = catalogue(lang)
    problems = []
    for e in entries:
        sources = [e.msgid] + ([e.msgid_plural] if e.msgid_plural else [])
        allowed = set().union(*(PLACEHOLDER.findall(s) for s in sources))
        tags = sorted(TAG.findall(e.msgid))
        for form in e.msgstr.values():
            used = set(PLACEHOLDER.findall(form))
            # A singular form may leave out the count ("One thing needs…"); nothing else.
            if not used <= allowed or (e.msgid_plural is None and used != allowed):
                problems.append(f"placeholders {sorted(used)} vs {sorted(allowed)}: {e.msgid!r}")
            if sorted(TAG.findall(form)) != tags:
                problems.append(f"markup: {e.msgid!r}")
    assert not problems, f"{lang}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalogue_matches_the_po_file(lang):
    """The .mo is what Django reads: it must hold exactly the .po's translations."""
    _header, entries = catalogue(lang)
    expected: dict = {}
    for e in entries:
        msgid = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            expected[msgid] = e.msgstr[0]
        else:
            expected.update({(msgid, n): text for n, text in e.msgstr.items()})
    mo = ROOT / "locale" / lang / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = {k: v for k, v in compiled._catalog.items() if k != ""}  # "" is the header
    stale = {k for k in expected.keys() | catalog.keys() if expected.get(k) != catalog.get(k)}
    assert not stale, f"{lang}: django.mo is out of date, run `make messages`: {sorted(stale)[:5]}"
    one, many = "%(counter)s member", "%(counter)s members"
    assert compiled.ngettext(one, many, 2) == expected[(one, 1)] != many
    assert compiled.ngettext(one, many, 1) == expected[(one, 0)] != one


# --- the catalogues against the code -------------------------------------------------------


def test_the_extractor_reads_python_and_templates():
    # Guards the check below against finding nothing and so passing.
    assert marked_strings('x = _("A" "b") + pgettext_lazy("ctx", "C")') == {
        (None, "Ab"),
        ("ctx", "C"),
    }
    code = templatize(
        '{% load i18n %}{% translate "Hi" %}'
        "{% blocktranslate count n=k %}{{ n }} cat{% plural %}{{ n }} cats{% endblocktranslate %}"
    )
    assert marked_strings(code) == {(None, "Hi"), (None, "%(n)s cat")}
    strings = source_strings()
    assert (None, "Co-Chairs' Summary") in strings
    assert (None, "Dear %(name)s,") in strings  # from the e-mail templates (.txt)
    assert ("session report status", "Submitted") in strings


@pytest.mark.parametrize("lang", LANGS)
def test_every_string_in_the_code_is_in_the_catalogue(lang):
    _header, entries = catalogue(lang)
    known = {e.key for e in entries}
    missing = [
        f"{where}: {key[1]!r}" for key, where in source_strings().items() if key not in known
    ]
    assert not missing, f"{lang}: run `make messages` and translate:\n" + "\n".join(missing)


@pytest.mark.django_db
def test_criteria_hints_name_regions_in_the_readers_language(edition, owner):
    from coalitions.criteria_bridge import evaluate_proposal
    from tests.factories import ProposalFactory

    proposal = ProposalFactory(owner=owner, edition=edition)
    # The reference data is cached once and must still serve each language.
    for lang, africa, english in (
        ("en", "Africa", None),
        ("fr", "Afrique", "Africa"),
        ("es", "África", "Africa"),
    ):
        with translation.override(lang):
            hints = " ".join(h for c in evaluate_proposal(proposal).criteria for h in c.hints)
        assert africa in hints
        if english:
            assert english not in hints


@pytest.mark.parametrize(
    ("lang", "subject", "phrases"),
    [
        (
            "fr",
            "Manifestation d'intérêt soumise : Water commons",
            ["Bonjour Ama,", "Elle remplit les quatre critères", "L'équipe d'ImPACT Hub"],
        ),
        (
            "es",
            "Expresión de interés enviada: Water commons",
            ["Hola, Ama:", "Cumple los cuatro criterios", "El equipo de ImPACT Hub"],
        ),
    ],
)
def test_notification_emails_are_written_in_the_recipients_language(lang, subject, phrases):
    from types import SimpleNamespace

    from impact.notify import render_message

    context = {
        "recipient": SimpleNamespace(get_short_name="Ama"),
        "proposal": SimpleNamespace(
            title="Water commons", eligible=True, edition=SimpleNamespace(name="2024 UN CSC")
        ),
        "version": SimpleNamespace(number=2),
        "site_url": "https://impact.example.org",
        "url": "/proposals/1/",
    }
    got_subject, text, html_body = render_message("eoi_submitted", context, lang)
    assert got_subject.replace("\u00a0", " ") == subject
    for body in (text, html.unescape(html_body)):
        body = body.replace("\u00a0", " ")
        assert "Water commons" in body
        for phrase in phrases[1:]:
            assert phrase in body
    assert phrases[0] in text.replace("\u00a0", " ")
    assert "Dear" not in text and "The ImPACT Hub team" not in text


# --- in a browser --------------------------------------------------------------------------


@pytest.fixture
def seeded(transactional_db):
    """The reference data as the migrations seed it (an earlier transactional test may have
    flushed it)."""
    import importlib

    from django.apps import apps as django_apps

    importlib.import_module("coalitions.migrations.0003_reference_data").forwards(django_apps, None)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)  # `seeded` restores what it needs; no serialized rollback
def test_the_switcher_in_the_nav_turns_the_portal_french_then_spanish(
    page, phone_page, seeded, edition, owner, live_server
):
    from tests.conftest import login, screenshot
    from tests.factories import TEST_PASSWORD

    published("Water commons alliance", edition=edition, members=6, themes=("health",))
    page.goto("/coalitions/")
    assert page.locator("h1").first.inner_text() == "ImPACT Coalitions"
    with page.expect_navigation():
        page.select_option("#lang-select", "fr")  # submits the form by itself
    page.wait_for_load_state()
    assert "Tous les thèmes" in page.content()
    assert page.locator("html").get_attribute("lang") == "fr"
    screenshot(page, "i18n-hub-fr-desktop")

    login(page, owner, TEST_PASSWORD)
    page.goto("/proposals/new/")
    assert page.get_by_role("button", name="Enregistrer le brouillon").count() >= 1
    screenshot(page, "i18n-eoi-fr-desktop")

    phone_page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "es", "url": live_server.url}]
    )
    phone_page.goto("/")
    assert "Proponer una coalición" in phone_page.content()
    screenshot(phone_page, "i18n-home-es-phone")
    phone_page.goto("/coalitions/")
    assert "Salud" in phone_page.content()
    screenshot(phone_page, "i18n-hub-es-phone")
