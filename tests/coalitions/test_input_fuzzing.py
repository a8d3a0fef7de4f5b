"""Generated input never ends in a traceback.

Hypothesis mutates a valid interchange document (a value replaced by any JSON, a key dropped
or added, at any depth) and throws it at every reader of that format: `check_criteria` and
`import_proposal` must exit 0, 2 or 3 with a one-line error naming the field, the criteria
API must answer 200 or 400. The programme CSV import gets generated rows and must answer
with row errors or sessions, never an exception. Examples are bounded so the suite stays fast.

The readers of JSON also get hostile text spliced into the document as it is sent: nesting
thousands of levels deep, NUL characters and lone surrogates (escaped and raw), numbers too
long or not finite, bytes that are not UTF-8, documents cut short. Those run on PostgreSQL
(marker `postgres`), which refuses what SQLite stores; so does the EOI form, whose text fields
and edit token (JSON too) get the same strings.
"""

from __future__ import annotations

import base64
import copy
import json
import os
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summaries.programme import REQUIRED_COLUMNS, import_programme
from tests.coalitions.eoi_helpers import interchange_sample, member, post_data
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db

# IMPACT_FUZZ_EXAMPLES=2000 for a long hunt; the suite's default is bounded and repeatable.
FUZZ = settings(
    max_examples=int(os.environ.get("IMPACT_FUZZ_EXAMPLES", "60")),
    deadline=None,
    derandomize=os.environ.get("IMPACT_FUZZ_EXAMPLES") is None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# The JSON readers' hostile-text tests need PostgreSQL: SQLite stores what it would refuse.
POSTGRES = pytest.mark.postgres

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
# Copied: a mutation adds to a drawn container, which must not be the shared one.
HOSTILE = st.sampled_from([[], {}, [[]], [{}], [None], {"": []}, [["KE"]], [1, "x"]]).map(
    copy.deepcopy
)
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


def _no_rate_limit(settings) -> None:
    # Once per test: each assignment to the fixture stacks an override, and thousands of
    # examples would stack thousands.
    if settings.RATE_LIMITS.get("criteria_api"):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "criteria_api": ""}


def _owner_exists() -> bool:
    from impact.models import User

    return User.objects.filter(email="fuzz-owner@example.org").exists()


@FUZZ
@given(document=documents())
def test_criteria_api_answers_200_or_400_on_any_document(document, client, settings):
    _no_rate_limit(settings)
    response = client.post("/api/criteria/check", json.dumps(document), "application/json")
    assert response.status_code in (200, 400), response.content
    body = response.json()
    assert ("eligible" in body) if response.status_code == 200 else ("error" in body)


# --- hostile text, spliced into the document as sent; on PostgreSQL -------------------------

# Raw JSON text put where a value was: what the decoder must refuse before or while it reads.
RAW = st.one_of(
    st.sampled_from([40, 1_000, 5_000, 100_000]).map(lambda n: "[" * n + "]" * n),
    st.sampled_from([40, 3_000]).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.sampled_from([1_000, 5_000]).map(lambda n: "[" * n),  # deep and cut short
    st.sampled_from(["9" * 400, "-" + "9" * 5_000, "1e999", "-1e999", "NaN", "Infinity"]),
    st.sampled_from(['"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"x\\udfff"', '"\\udc00\\ud800"']),
    st.sampled_from(['"a\x00b"', '"\x00"', '{"\\u0000": 1}', '{"\\ud83d": "x"}', '"\\', '"abc']),
)
# Strings with what PostgreSQL cannot store, for values and keys (json.dumps escapes them).
UNSTORABLE = st.sampled_from(
    ["\x00", "Org\x00", "\ud800", "Réseau \udfff", "\ud83d", "a\x00\ud800"]
)
# Bytes put in the middle of a string: not UTF-8 (an encoded surrogate is not UTF-8 either).
NOT_UTF8 = st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"])


@st.composite
def hostile_bodies(draw) -> bytes:
    """A proposal as bytes on the wire, with one to three hostile changes anywhere."""
    document = draw(documents())
    raws = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path, value = draw(st.sampled_from(list(_paths(document))))
        kind = draw(st.sampled_from(["raw", "string", "key"]))
        if kind == "key" and isinstance(value, dict):
            value[draw(UNSTORABLE)] = draw(JSON)
        elif kind == "string":
            document = _replace(document, path, draw(UNSTORABLE))
        else:
            raws.append(draw(RAW))
            document = _replace(document, path, f"@raw{len(raws) - 1}@")
    text = json.dumps(document)  # ensure_ascii: surrogates and NUL as \\u escapes
    for index, raw in enumerate(raws):
        text = text.replace(f'"@raw{index}@"', raw)
    body = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(min_value=0, max_value=len(body)))
        body = body[:at] + draw(NOT_UTF8) + body[at:]
    return body


@POSTGRES
@FUZZ
@given(body=hostile_bodies())
def test_check_criteria_refuses_hostile_text_with_exit_2(body, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "p.json"
    path.write_bytes(body)
    _assert_cli(*_run("check_criteria", str(path)))


@POSTGRES
@FUZZ
@given(body=hostile_bodies())
def test_import_proposal_refuses_hostile_text_with_exit_2(body, tmp_path_factory):
    if not _owner_exists():
        UserFactory(email="fuzz-owner@example.org")
    path = tmp_path_factory.mktemp("fuzz") / "p.json"
    path.write_bytes(body)
    code, out, err = _run("import_proposal", str(path), "--owner", "fuzz-owner@example.org")
    assert code in (0, 2), (code, err)
    if code == 2:
        assert err.startswith("error: ") and "\n" not in err.strip(), err
    else:
        assert out.startswith("Imported proposal ")


@POSTGRES
@FUZZ
@given(body=hostile_bodies(), conference=st.one_of(st.just(""), UNSTORABLE))
def test_criteria_api_refuses_hostile_text_with_400(body, conference, client, settings):
    _no_rate_limit(settings)
    url = "/api/criteria/check?" + urlencode({"conference": conference}, errors="surrogatepass")
    response = client.post(url, body, "application/json")
    assert response.status_code in (200, 400), response.content
    answer = response.json()
    if response.status_code == 400:
        assert set(answer) == {"field", "error", "code"} and answer["error"], answer


EOI_TEXT = ("title", "summary", "principles", "asks", "engagement_plan", "support_needed")


@st.composite
def hostile_eoi_posts(draw) -> dict:
    """The EOI form with hostile strings in some of its text fields and its edit token."""
    text = st.one_of(st.just("Kept"), st.text(max_size=8), UNSTORABLE)
    fields = {name: draw(text) for name in EOI_TEXT}
    members = [member(draw(text), acronym=draw(text))]
    contacts = draw(
        st.lists(
            st.fixed_dictionaries(
                {"name": text, "email": st.just("a@b.org") | UNSTORABLE, "organization": text}
            ),
            max_size=1,
        )
    )
    token = draw(RAW).encode("utf-8", "surrogatepass")[:2_900]
    fields["edit_token"] = "1:" + base64.urlsafe_b64encode(token).decode()
    return post_data(members=members, contacts=contacts, **fields)


@POSTGRES
@FUZZ
@given(data=hostile_eoi_posts())
def test_the_eoi_form_answers_hostile_text_next_to_the_fields(data, client, edition):
    if not _owner_exists():
        UserFactory(email="fuzz-owner@example.org")
    from impact.models import User

    owner = User.objects.get(email="fuzz-owner@example.org")
    client.force_login(owner)
    draft = ProposalFactory(owner=owner, edition=edition)
    # Surrogates cannot be sent as text: they go as the UTF-8 bytes a client would send.
    body = urlencode(data, doseq=True, errors="surrogatepass")
    response = client.post(
        f"/proposals/{draft.pk}/edit/", body, "application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 302), response.status_code
    draft.refresh_from_db()
    assert "\x00" not in draft.title + draft.summary + draft.principles + draft.asks


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
