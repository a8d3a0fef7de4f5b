"""Walking the main pages in a language: what English is left on them, and what axe-core
finds.

English leftovers are looked for with words and short phrases drawn from the catalogue: an
English message whose French and Spanish translations differ from it, and — for a single
word — that is not itself a French or Spanish word of the catalogue. Text people typed (the
titles, names and texts stored in the database) is removed from the page first: it stays as
typed, in whatever language it was written.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from coalitions.models.reference import ReferenceModel
from tests.impact.catalogues import parse_po

ROOT = Path(settings.BASE_DIR)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
USER_DATA_APPS = ("impact", "coalitions", "summaries")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _catalogue(lang: str) -> list:
    return [
        e
        for e in parse_po(ROOT / "locale" / lang / "LC_MESSAGES" / "django.po")
        if e.msgid and not e.obsolete and not e.msgid_plural
    ]


@cache
def english_phrases() -> tuple[frozenset[str], frozenset[str]]:
    """(single words, phrases of two to four words) that betray an untranslated message."""
    translated = {
        lang: {e.msgid: e.msgstr.get(0, "") for e in _catalogue(lang)} for lang in ("fr", "es")
    }
    foreign_words = {
        w.casefold()
        for strings in translated.values()
        for text in strings.values()
        for w in WORD.findall(text)
    }
    words, phrases = set(), set()
    for msgid, fr in translated["fr"].items():
        es = translated["es"].get(msgid, "")
        if msgid in (fr, es) or re.search(r"[%{}<>_@/]|\d", msgid):
            continue
        parts = msgid.strip(" .:!?").split()
        if len(parts) == 1 and len(parts[0]) >= 4 and WORD.fullmatch(parts[0]):
            if parts[0].casefold() not in foreign_words:
                words.add(parts[0])
        elif 2 <= len(parts) <= 4:
            phrases.add(" ".join(parts))
    return frozenset(words), frozenset(phrases)


def user_data() -> list[str]:
    """Every text stored by people (not reference data), longest first. A stored value that
    is itself a catalogue message (a version's note "submitted", say) is a label, not text
    people typed, and stays."""
    words, phrases = english_phrases()
    texts: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in USER_DATA_APPS or issubclass(model, ReferenceModel):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices
        ]
        if model._meta.model_name == "network":
            fields = []  # the networks' names are seeded and translated like reference data
        for row in model.objects.values_list(*fields) if fields else ():
            texts.update(str(v).strip() for v in row if v and len(str(v).strip()) > 2)
    return sorted(texts - words - phrases, key=len, reverse=True)


PAGE_TEXT_JS = """() => [
  document.body.innerText,
  ...Array.from(document.querySelectorAll('option, label, summary, legend, th, button'))
    .filter(e => !e.closest('.lang-form'))  // each language's own name, on purpose
    .map(e => e.textContent),
].join('\\n')"""


def english_left(page, stored: list[str]) -> list[str]:
    """The English words and phrases on the page, outside text people typed."""
    text = " ".join(page.evaluate(PAGE_TEXT_JS).split())
    text = text.replace("English", " ")  # the language menu's own name for English
    for value in stored:
        text = text.replace(" ".join(value.split()), " ")
    text = re.sub(r"\S+@\S+", " ", text)
    words, phrases = english_phrases()
    found = {p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)}
    found |= {w for w in WORD.findall(text) if w in words}
    # A code shown raw (`min_global_south`, `in_review`) is never meant for a reader.
    found |= set(re.findall(r"(?<![\w/.-])[a-z]+(?:_[a-z]+)+(?![\w/.-])", text))
    return sorted(found)


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations on the page, one line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ['violations']});
          return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
              .map(n => n.target.join(' ') + ' — ' + n.failureSummary.split('\\n')[1])
              .join(' | '));
        }"""
    )
    return list(result)


VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(files: dict[str, Path]) -> dict[str, list[str]]:
    """The Nu Html Checker's errors (warnings aside) in each named HTML file, in one run."""
    import json
    import subprocess

    run = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, files.values()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    # vnu names a file "file:/tmp/…": compare the paths.
    names = {str(path.resolve()): name for name, path in files.items()}
    found: dict[str, list[str]] = {}
    for message in json.loads(run.stdout)["messages"]:
        url = message.get("url", "")
        name = names.get(url.removeprefix("file:").replace("///", "/", 1), url or "?")
        where = f"line {message.get('lastLine', '?')}"
        found.setdefault(name, []).append(
            f"{where}: {message.get('message')} [{message.get('extract', '').strip()[:120]}]"
        )
    return found
