"""`impact.jsoninput`: the one decoder for JSON people send, and the errors it names."""

from __future__ import annotations

import base64

import pytest
from django.utils import translation

from impact import jsoninput
from impact.concurrency import EditToken
from impact.jsoninput import JSONInputError


def refused(raw, **limits) -> JSONInputError:
    with pytest.raises(JSONInputError) as caught:
        jsoninput.loads(raw, **limits)
    return caught.value


def test_it_decodes_a_document_with_paired_surrogates_and_a_byte_order_mark():
    raw = '\ufeff{"name": "\\ud83c\\udf0d Réseau", "n": [1, 2.5, -3]}'.encode()
    assert jsoninput.loads(raw) == {"name": "🌍 Réseau", "n": [1, 2.5, -3]}


@pytest.mark.parametrize("levels", [33, 1_000, 100_000])
def test_it_refuses_deep_nesting_before_decoding(levels):
    error = refused("[" * levels + "]" * levels)
    assert (error.code, error.path) == ("too_deep", "")
    assert error.message == "nested more than 32 levels deep"


def test_it_takes_nesting_up_to_the_limit_and_brackets_inside_strings():
    assert jsoninput.loads("[" * 32 + "]" * 32)
    assert jsoninput.loads('["' + "[" * 5_000 + '\\"{"]') == ["[" * 5_000 + '"{']


@pytest.mark.parametrize(
    "text",
    ['"' + '\\"' * 200_000, '{"a": "' + "[" * 200_000, "[" * 10 + '"\\'],
)
def test_counting_depth_never_reads_a_string_twice(text):
    # An unclosed string runs to the end: nothing after it counts, nothing is rescanned.
    assert jsoninput.depth(text) <= 10


def test_it_refuses_a_document_over_the_size_limit():
    error = refused(b"[" + b" " * 2_000 + b"]", max_bytes=1_000)
    assert (error.code, error.message) == ("too_large", "larger than 1 kB")


@pytest.mark.parametrize(
    ("raw", "offset"),
    [(b'{"a": "\xff"}', 7), (b'["\xed\xa0\x80"]', 2), (b"\xc3", 0)],
)
def test_it_refuses_bytes_that_are_not_strict_utf8(raw, offset):
    error = refused(raw)
    assert error.code == "not_utf8"
    assert error.message == f"not UTF-8 text: byte {offset} cannot be read"


@pytest.mark.parametrize(
    ("raw", "code", "path"),
    [
        ('{"members": [{"name": "A\\u0000B"}]}', "nul_character", "members[0].name"),
        (
            '{"work_plan": [{}, {"ti\\u0000tle": 1}]}',
            "nul_character",
            'work_plan[1]["ti\\u0000tle"]',
        ),
        ('{"title": "\\ud800"}', "lone_surrogate", "title"),
        ('{"title": "x\\udfff"}', "lone_surrogate", "title"),
        ('["ok", {"\\ud83d": 1}]', "lone_surrogate", '[1]["\\ud83d"]'),
        ('{"a": NaN}', "number", "a"),
        ('{"a": [-Infinity]}', "number", "a[0]"),
        ('{"a": 1e999}', "number", "a"),
        ('{"a": ' + "9" * 5_000 + "}", "number", "a"),
    ],
)
def test_it_names_the_place_of_what_the_database_cannot_store(raw, code, path):
    error = refused(raw)
    assert (error.code, error.path) == (code, path)
    assert "\n" not in str(error) and "\x00" not in str(error)
    assert error.as_dict() == {"field": path, "error": error.message, "code": code}


def test_a_raw_nul_character_is_refused_by_line_and_column():
    error = refused(b'{\n  "title": "A\x00B"}')
    assert (error.code, error.path) == ("nul_character", "")
    assert error.message == "must not contain NUL characters (line 2, column 14)"


def test_it_refuses_text_that_is_not_json_with_the_reason():
    error = refused("{broken")
    assert error.code == "not_json" and error.message.startswith("not valid JSON: ")
    assert error.as_dict()["field"] is None


def test_check_tree_walks_python_data_without_recursion():
    deep: list = []
    node = deep
    for _ in range(50_000):
        node.append([])
        node = node[0]
    node.append("\x00")
    with pytest.raises(JSONInputError) as caught:
        jsoninput.check_tree(deep)
    assert caught.value.code == "nul_character"
    assert caught.value.path.endswith("[0][0]")


def test_check_text_refuses_one_string():
    jsoninput.check_text("Réseau 🌍", "q")
    with pytest.raises(JSONInputError) as caught:
        jsoninput.check_text("\udcff", "--conference")
    assert str(caught.value) == "--conference: must not contain an unpaired surrogate (\\udcff)"


def test_a_missing_file_is_refused_by_name(tmp_path):
    with pytest.raises(JSONInputError) as caught:
        jsoninput.load_file(tmp_path / "absent.json")
    assert caught.value.code == "unreadable"
    assert caught.value.message == "cannot be read: No such file or directory"


def test_the_messages_are_translated():
    with translation.override("fr"):
        assert refused('{"a": "\\u0000"}').message == "ne doit pas contenir de caractère NUL"
    with translation.override("es"):
        assert refused("[" * 40 + "]" * 40).message == (
            "anidado a más de 32 niveles de profundidad"
        )


def test_an_edit_token_nested_deep_reads_as_no_token():
    # The EOI and hub forms post it back; it once went to json.loads as it came.
    raw = "1:" + base64.urlsafe_b64encode(b"[" * 100_000).decode()
    assert EditToken.decode(raw) is None
    assert EditToken.decode(EditToken(3, {"title": "ab12"}).encode()) == EditToken(
        3, {"title": "ab12"}
    )
