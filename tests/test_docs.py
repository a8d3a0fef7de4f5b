"""The pages of docs/ say what the portal does, and no file cites a document that is not here.

Every fenced block preceded by `<!-- example: NAME KIND -->` is an example run here. KIND is
`exit=N` (a document: `check_criteria` exits N, `import_proposal` imports it or refuses it),
`report` (what `check_criteria` prints for NAME), `stderr` (its one line for an invalid NAME),
`warnings` (the API's `warnings` for NAME), `api STATUS` (the API's body for NAME; for a
body too large when STATUS is 413, for one request too many when it is 429), or `python` (a
recipe for integrators, run on real data by the test of what it handles).
"""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import tokenize
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from coalitions.models import Proposal
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
API = "/api/criteria/check"

EXAMPLE = re.compile(
    r"^<!-- example: (?P<name>[\w-]+) (?P<kind>[\w= ]+?) -->\n```(?P<lang>\w+)\n(?P<body>.*?)\n```",
    re.S | re.M,
)


def examples() -> dict[str, dict[str, str]]:
    """{name: {kind: fenced text}} over every page of docs/."""
    found: dict[str, dict[str, str]] = {}
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        matches = list(EXAMPLE.finditer(text))
        # A marker the pattern misses (a typo, a blank line before the fence) would go untested.
        markers = len(re.findall(r"^<!-- example:", text, re.M))
        assert len(matches) == markers, f"a malformed example in {page.name}"
        for m in matches:
            kinds = found.setdefault(m["name"], {})
            assert m["kind"] not in kinds, f"{m['name']} {m['kind']} is documented twice"
            kinds[m["kind"]] = m["body"]
    return found


EXAMPLES = examples()
DOCUMENTS = {
    name: (int(kind.removeprefix("exit=")), kinds[kind])
    for name, kinds in EXAMPLES.items()
    for kind in kinds
    if kind.startswith("exit=")
}


def run(*args) -> tuple[int, str, str]:
    """call_command, returning (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(DOCUMENTS[name][1], encoding="utf-8")
    return str(path)


def test_the_examples_cover_every_exit_code_and_say_what_comes_out():
    assert {code for code, _doc in DOCUMENTS.values()} == {0, 2, 3}
    for name, (code, _doc) in DOCUMENTS.items():
        assert ("stderr" if code == 2 else "report") in EXAMPLES[name], name
    # Every output belongs to a documented input (a `python` recipe is run by its own test:
    # docs/webhooks.md's by tests/impact/test_webhooks.py).
    recipes = {name for name, kinds in EXAMPLES.items() if set(kinds) == {"python"}}
    assert set(EXAMPLES) - {"too-large", "too-many"} - recipes == set(DOCUMENTS)


# --- the command line ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_check_criteria_answers_each_example_as_documented(name, tmp_path):
    code, out, err = run("check_criteria", write(tmp_path, name))
    assert code == DOCUMENTS[name][0]
    if code == 2:
        assert (out, err.strip()) == ("", EXAMPLES[name]["stderr"])
    else:
        # The report has no volatile field: it is compared whole.
        assert json.loads(out) == json.loads(EXAMPLES[name]["report"])
        assert err == ""


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_import_proposal_takes_each_valid_example_and_refuses_each_invalid_one(name, tmp_path):
    owner = UserFactory(email="filer@example.org")
    code, out, err = run("import_proposal", write(tmp_path, name), "--owner", owner.email)
    if DOCUMENTS[name][0] == 2:
        assert (code, err.strip()) == (2, EXAMPLES[name]["stderr"])
        assert not Proposal.objects.exists()
        return
    assert code == 0 and out.startswith("Imported proposal ")
    proposal = Proposal.objects.get()
    # Evaluated from the database, the draft has the report of its document.
    assert proposal.criteria_report == json.loads(EXAMPLES[name]["report"])


def _in_any_order(document: dict) -> dict:
    """The document with its lists in a fixed order (an export orders them its own way)."""
    canonical = json.loads(json.dumps(document))
    canonical["members"].sort(key=lambda m: m["name"])
    canonical["work_plan"].sort(key=lambda i: (i["date"] or "", i["title"]))
    for member in canonical["members"]:
        member["constituencies"].sort()
    canonical["themes"].sort()
    return canonical


@pytest.mark.django_db
def test_export_proposal_writes_the_complete_example_back(tmp_path):
    owner = UserFactory(email="filer@example.org")
    assert run("import_proposal", write(tmp_path, "eligible"), "--owner", owner.email)[0] == 0
    code, out, _err = run("export_proposal", str(Proposal.objects.get().pk))
    assert code == 0
    documented = json.loads(DOCUMENTS["eligible"][1])
    assert _in_any_order(json.loads(out)) == _in_any_order(documented)


# --- the API ---------------------------------------------------------------------------------


def _api_examples(kind: str) -> list[str]:
    return sorted(name for name, kinds in EXAMPLES.items() if kind in kinds)


@pytest.mark.django_db
@pytest.mark.parametrize("name", _api_examples("warnings"))
def test_the_api_answers_the_report_and_the_documented_warnings(client, name):
    response = client.post(API, DOCUMENTS[name][1], content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body.pop("warnings") == json.loads(EXAMPLES[name]["warnings"])
    assert body == json.loads(EXAMPLES[name]["report"])


@pytest.mark.django_db
@pytest.mark.parametrize("name", _api_examples("api 400"))
def test_the_api_answers_400_with_the_documented_field(client, name):
    response = client.post(API, DOCUMENTS[name][1], content_type="application/json")
    assert response.status_code == 400
    assert response.json() == json.loads(EXAMPLES[name]["api 400"])
    # The same field and message as the command line's one line.
    assert EXAMPLES[name]["stderr"] == "error: {field}: {error}".format(**response.json())


@pytest.mark.django_db
def test_the_api_answers_413_as_documented_to_a_body_over_the_limit(client, settings):
    body = json.dumps({"title": "x" * settings.REQUEST_BODY_MAX_ANONYMOUS_BYTES})
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == json.loads(EXAMPLES["too-large"]["api 413"])


@pytest.mark.django_db
def test_the_api_answers_429_as_documented_past_its_rate(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "criteria_api": "1/m"}
    assert client.post(API, "{}", content_type="application/json").status_code == 400
    response = client.post(API, "{}", content_type="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response.json() == json.loads(EXAMPLES["too-many"]["api 429"])


def test_the_api_answers_405_to_anything_but_post(client):
    response = client.get(API)
    assert (response.status_code, response["Allow"]) == (405, "POST")


# --- no citation of a document that is not here ------------------------------------------------

TEXT_SUFFIXES = {".py", ".md", ".html", ".txt", ".toml"}
# `[text](target)`: the target, without its #anchor.
MARKDOWN_LINK = re.compile(r"\]\((?P<target>[^)\s#]*)(?:#(?P<anchor>[^)\s]*))?\)")
# A file name ending in .md, not inside a URL or an absolute path.
MD_NAME = re.compile(r"(?<![\w/.:-])(?P<target>[\w.-][\w./-]*\.md)\b")


def prose(path: Path, text: str) -> str:
    """What a reader reads as prose: all of a text file; a module's comments and docstrings
    (its other strings are data: file names a test writes, for instance)."""
    if path.suffix != ".py":
        return text
    parts = [
        token.string
        for token in tokenize.generate_tokens(io.StringIO(text).readline)
        if token.type == tokenize.COMMENT
    ]
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            if isinstance(node.value.value, str):
                parts.append(node.value.value)
    return "\n".join(parts)


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    return {github_anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


def broken_references(path: Path, text: str, root: Path = ROOT) -> list[str]:
    """The Markdown links and *.md names in `text` (from the file `path` under `root`) that name
    no file of the repository, or no heading of the page they link to."""
    here = path.parent
    broken = []
    for m in MARKDOWN_LINK.finditer(text) if path.suffix == ".md" else ():
        target = m["target"]
        if not target or "://" in target or target.startswith("mailto:"):
            continue
        page = (here / target).resolve()
        if not page.exists():
            broken.append(target)
        elif m["anchor"] and page.suffix == ".md" and m["anchor"] not in anchors(page):
            broken.append(f"{target}#{m['anchor']}")
    for m in MD_NAME.finditer(prose(path, text)):
        target = m["target"]
        if not ((here / target).exists() or (root / target).exists()):
            broken.append(target)
    return list(dict.fromkeys(broken))


def repository_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    return [ROOT / name for name in listed if Path(name).suffix in TEXT_SUFFIXES]


def test_no_file_cites_a_document_the_repository_does_not_have():
    files = repository_text_files()
    assert ROOT / "README.md" in files
    broken = {
        str(path.relative_to(ROOT)): found
        for path in files
        if path.exists() and (found := broken_references(path, path.read_text(encoding="utf-8")))
    }
    assert broken == {}


def test_the_citation_check_finds_what_is_missing(tmp_path):
    (tmp_path / "present.md").write_text("# A heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    text = (
        "See GONE.md and [this](missing.md), [that](present.md#a-heading), "
        "[not that](present.md#no-heading), present.md and https://example.org/ELSEWHERE.md."
    )
    assert broken_references(page, text, root=tmp_path) == [
        "missing.md",
        "present.md#no-heading",
        "GONE.md",
    ]
    module = tmp_path / "module.py"
    code = '"""Rules: see GONE.md."""\nNAME = "written.md"  # and OTHER.md\n'
    assert sorted(broken_references(module, code, root=tmp_path)) == ["GONE.md", "OTHER.md"]
