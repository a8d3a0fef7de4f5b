"""Generated input never ends in a traceback.

Hypothesis mutates a valid interchange document (a value replaced by any JSON, a key dropped
or added, at any depth) and throws it at every reader of that format: `check_criteria` and
`import_proposal` must exit 0, 2 or 3 with a one-line error naming the field, the criteria
API must answer 200 or 400. The programme CSV import gets generated rows and must answer
with row errors or sessions, never an exception. Examples are bounded so the suite stays fast.
"""

from __future__ import annotations

import json
import os
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summaries.programme import REQUIRED_COLUMNS, import_programme
from tests.coalitions.eoi_helpers import interchange_sample
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# IMPACT_FUZZ_EXAMPLES=2000 for a long hunt; the suite's default is bounded and repeatable.
FUZZ = settings(
    max_examples=int(os.environ.get("IMPACT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=os.environ.get("IMPACT_FUZZ_EXAMPLES") is None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Leaves a JSON document can hold, with the strings the format treats specially.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "",
            " ",
            "KE",
            "xx",
            "africa",
            "civil_society",
            "lead",
            "2024-05-10",
            "2024-13-40",
            "member_states",
            "un-csc-2024",
            "no-such-edition",
            "a@b",
            "https://x.example",
            "a\x00b",
            "x" * 260,
            "0",
        ]
    ),
    st.text(max_size=30),
)
# Containers where a scalar is expected (and the reverse) are what hand-written readers miss.
HOSTILE = st.sampled_from([[], {}, [[]], [{}], [None], {"": []}, [["KE"]], [1, "x"]])
JSON = st.recursive(
    st.one_of(SCALARS, HOSTILE),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, prefix=()):
    """Every place in the document: (path, value) pairs, the root included."""
    yield prefix, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(document, path, new):
    if not path:
        return new
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return document


@st.composite
def documents(draw):
    """A valid proposal with one to three mutations anywhere in it."""
    document = interchange_sample(
        summary="s", themes=["climate_environment"], contacts=[{"name": "A", "email": "a@b.org"}]
    )
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        places = list(_paths(document))
        path, value = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "drop", "add"]))
        if action == "drop" and path:
            parent = document
            for step in path[:-1]:
                parent = parent[step]
            del parent[path[-1]]
        elif action == "add" and isinstance(value, dict):
            value[draw(st.text(max_size=8))] = draw(JSON)
        elif action == "add" and isinstance(value, list):
            value.append(draw(JSON))
        else:
            document = _replace(document, path, draw(JSON))
    return document


def _run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def _assert_cli(code: int, out: str, err: str) -> None:
    assert code in (0, 2, 3), (code, err)
    if code == 2:
        assert err.startswith("error: ") and "\n" not in err.strip(), err
    else:
        assert json.loads(out)["eligible"] is (code == 0)


@FUZZ
@given(document=documents())
def test_check_criteria_exits_0_2_or_3_on_any_document(document, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "p.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _assert_cli(*_run("check_criteria", str(path)))


@FUZZ
@given(document=documents())
def test_import_proposal_exits_0_or_2_on_any_document(document, tmp_path_factory):
    owner = UserFactory(email="fuzz-owner@example.org") if not _owner_exists() else None
    del owner
    path = tmp_path_factory.mktemp("fuzz") / "p.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, out, err = _run("import_proposal", str(path), "--owner", "fuzz-owner@example.org")
    assert code in (0, 2), (code, err)
    if code == 2:
        assert err.startswith("error: ") and "\n" not in err.strip(), err
    else:
        assert out.startswith("Imported proposal ")


def _owner_exists() -> bool:
    from impact.models import User

    return User.objects.filter(email="fuzz-owner@example.org").exists()


@FUZZ
@given(document=documents())
def test_criteria_api_answers_200_or_400_on_any_document(document, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "criteria_api": ""}
    response = client.post("/api/criteria/check", json.dumps(document), "application/json")
    assert response.status_code in (200, 400), response.content
    body = response.json()
    assert ("eligible" in body) if response.status_code == 200 else ("error" in body)


CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "Plenary",
            "plenary",
            "workshop",
            "2024-05-10",
            "2024-02-30",
            "10:00",
            "25:61",
            "9:00",
            "hybrid",
            "online",
            "en; fr",
            "klingon",
            "A (B); C",
            "((",
            "x@y.org",
            "CR-8",
            "https://meet.example/x",
            "javascript:alert(1)",
        ]
    ),
    st.text(max_size=20),
)


@FUZZ
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=16), min_size=0, max_size=4))
def test_programme_import_reports_errors_for_any_rows(rows, edition):
    import csv

    buffer = StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*REQUIRED_COLUMNS, "room", "format", "interpretation", "panelists"])
    writer.writerows(rows)
    result = import_programme(edition, buffer.getvalue())
    assert result.errors or result.created >= 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"themes": [[]]}, "themes[0]"),
        ({"support_requested": [{}]}, "support_requested[0]"),
        ({"title": "a\x00b"}, "title"),
        ({"summary": "\x00"}, "summary"),
        ({"contacts": [{"name": "n" * 151, "email": "a@b.org"}]}, "contacts[0].name"),
    ],
)
def test_import_names_the_field_the_database_would_refuse(change, field, tmp_path):
    """Found by the fuzzing above: these once ended in a traceback."""
    UserFactory(email="fuzz-owner@example.org")
    path = tmp_path / "p.json"
    path.write_text(json.dumps(interchange_sample(**change)), encoding="utf-8")
    code, _out, err = _run("import_proposal", str(path), "--owner", "fuzz-owner@example.org")
    assert (code, err.split(":")[1].strip()) == (2, field)


def test_import_refuses_a_member_name_longer_than_its_column(tmp_path):
    UserFactory(email="fuzz-owner@example.org")
    document = interchange_sample()
    document["members"][1]["name"] = "x" * 201
    path = tmp_path / "p.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _out, err = _run("import_proposal", str(path), "--owner", "fuzz-owner@example.org")
    assert code == 2
    assert err.strip() == "error: members[1].name: must be at most 200 characters"
