"""`manage.py check_criteria`, `import_proposal` and `export_proposal`: the CLI contract of
docs/interchange.md (JSON report on stdout; exit 0 eligible, 3 not eligible, 2 invalid input with
one line on stderr naming the field)."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from coalitions.enums import ProposalStatus
from coalitions.models import Organization, Proposal
from tests.coalitions.eoi_helpers import interchange_sample as sample
from tests.factories import OrganizationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path, data, name="p.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(*args):
    """call_command, returning (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_eligible_exits_0_with_the_report_on_stdout(tmp_path):
    code, out, err = run("check_criteria", write(tmp_path, sample()))
    assert code == 0
    assert json.loads(out)["eligible"] is True
    assert err == ""


@pytest.mark.django_db
def test_not_eligible_exits_3(tmp_path):
    data = sample(work_plan=[{"date": "2024-05-10", "title": "Only one"}])
    code, out, _err = run("check_criteria", write(tmp_path, data))
    assert code == 3
    report = json.loads(out)
    assert report["eligible"] is False
    assert report["criteria"][3]["status"] == "not_met"


@pytest.mark.django_db
def test_the_conference_option_picks_the_thresholds(tmp_path, edition):
    path = write(tmp_path, sample())
    assert run("check_criteria", path, "--conference", edition.slug)[0] == 3
    assert run("check_criteria", path, "--conference", "un-csc-2024")[0] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "args", "field"),
    [
        (sample(members=[{"name": "X", "sector": "nope"}]), (), "members[0].sector"),
        ({"members": []}, (), "title"),
        (sample(), ("--conference", "no-such-edition"), "conference"),
        ("{broken", (), "FILE"),
    ],
)
def test_invalid_input_exits_2_with_one_line_naming_the_field(tmp_path, data, args, field):
    code, out, err = run("check_criteria", write(tmp_path, data), *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") <= 1 and err.startswith(f"error: {field}:")


@pytest.mark.django_db
def test_a_missing_file_exits_2(tmp_path):
    code, _out, err = run("check_criteria", str(tmp_path / "absent.json"))
    assert (code, err.startswith("error: FILE:")) == (2, True)


@pytest.mark.django_db
@pytest.mark.postgres
@pytest.mark.parametrize("command", ["check_criteria", "import_proposal"])
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"[" * 100_000, "error: FILE: nested more than 32 levels deep"),
        (
            json.dumps(sample(title="A\x00B")).encode(),
            "error: title: must not contain NUL characters",
        ),
        (
            json.dumps(
                sample(members=[{"name": "Org \ud800", "sector": "civil_society"}])
            ).encode(),
            "error: members[0].name: must not contain an unpaired surrogate (\\ud800)",
        ),
        (b'{"title": "\xff"}', "error: FILE: not UTF-8 text: byte 11 cannot be read"),
        (
            b'{"members": [], "title": ' + b"9" * 5_000 + b"}",
            "error: title: must be a finite number of at most 100 digits, "
            "not 9999999999\u202699999",
        ),
    ],
)
def test_hostile_json_exits_2_with_one_line_and_no_traceback(tmp_path, command, raw, expected):
    """Each of these ended in a traceback on PostgreSQL (RecursionError, NUL or a lone
    surrogate in a query, an integer too long to convert)."""
    UserFactory(email="filer@example.org")
    path = tmp_path / "p.json"
    path.write_bytes(raw)
    args = ("--owner", "filer@example.org") if command == "import_proposal" else ()
    code, out, err = run(command, str(path), *args)
    assert (code, out, err.strip()) == (2, "", expected)
    assert not Proposal.objects.exists()


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_conference_option_that_is_not_utf8_exits_2(tmp_path):
    # Bytes that are not UTF-8 on a command line arrive as lone surrogates.
    code, _out, err = run("check_criteria", write(tmp_path, sample()), "--conference", "x\udcff")
    assert (code, err.strip()) == (
        2,
        "error: --conference: must not contain an unpaired surrogate (\\udcff)",
    )


@pytest.mark.django_db
def test_import_then_export_round_trips_and_reuses_organizations(tmp_path):
    owner = UserFactory(email="filer@example.org")
    existing = OrganizationFactory(name="Org KE", country="KE")
    data = sample(
        summary="Why",
        themes=["health"],
        contacts=[{"name": "Amani", "email": "amani@example.org", "organization": "Org KE"}],
    )
    code, out, _err = run("import_proposal", write(tmp_path, data), "--owner", "FILER@example.org")
    assert code == 0 and "Imported proposal" in out
    p = Proposal.objects.get()
    assert (p.owner, p.status, p.edition.slug) == (owner, ProposalStatus.DRAFT, "un-csc-2024")
    assert p.eligible is True
    assert p.organizations.filter(pk=existing.pk).exists()
    assert Organization.objects.count() == 5

    out_path = tmp_path / "out.json"
    assert run("export_proposal", str(p.pk), "--output", str(out_path))[0] == 0
    exported = json.loads(out_path.read_text())
    assert exported["themes"] == ["health"]
    assert {m["name"] for m in exported["members"]} == {m["name"] for m in data["members"]}
    # What is exported checks the same, and imports again without new organizations.
    assert run("check_criteria", str(out_path))[0] == 0
    assert run("import_proposal", str(out_path), "--owner", owner.email)[0] == 0
    assert Organization.objects.count() == 5


@pytest.mark.django_db
def test_import_refuses_bad_input_and_saves_nothing(tmp_path):
    UserFactory(email="filer@example.org")
    bad = sample(contacts=[{"name": "Amani", "email": "nope"}])
    code, _out, err = run("import_proposal", write(tmp_path, bad), "--owner", "filer@example.org")
    assert (code, err.strip()) == (2, "error: contacts[0].email: must be a valid e-mail address")
    code, _out, err = run("import_proposal", write(tmp_path, sample()), "--owner", "no@x.org")
    assert code == 2 and err.startswith("error: --owner:")
    assert not Proposal.objects.exists()
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_export_of_an_unknown_proposal_exits_2():
    assert run("export_proposal", "999")[0] == 2


@pytest.fixture(scope="module")
def cli_database(tmp_path_factory):
    """A migrated SQLite database of its own: the subprocess cannot see the test database."""
    path = tmp_path_factory.mktemp("cli") / "cli.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return env


def test_the_exit_codes_of_the_real_process(tmp_path, cli_database):
    def check(*args):
        return subprocess.run(
            [sys.executable, "manage.py", "check_criteria", *args],
            cwd=ROOT,
            env=cli_database,
            capture_output=True,
            text=True,
        )

    eligible = check(write(tmp_path, sample(), "a.json"))
    assert (eligible.returncode, json.loads(eligible.stdout)["eligible"]) == (0, True)
    not_eligible = check(write(tmp_path, sample(work_plan=[]), "b.json"))
    assert (not_eligible.returncode, json.loads(not_eligible.stdout)["eligible"]) == (3, False)
    invalid = check(write(tmp_path, sample(members=[{"name": "X"}]), "c.json"))
    assert invalid.returncode == 2
    assert invalid.stdout == ""
    assert invalid.stderr.strip() == "error: members[0].sector: is required"
    unknown = check(write(tmp_path, sample(), "d.json"), "--conference", "nope")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "error: conference: unknown conference 'nope'"
    deep = check(write(tmp_path, "[" * 100_000, "e.json"))
    assert (deep.returncode, deep.stderr) == (2, "error: FILE: nested more than 32 levels deep\n")
    # Bytes that are not UTF-8 in an option arrive as a lone surrogate: no traceback either.
    odd = subprocess.run(
        [sys.executable.encode(), b"manage.py", b"check_criteria", b"x.json", b"--conference=\xff"],
        cwd=ROOT,
        env=cli_database,
        capture_output=True,
    )
    assert odd.returncode == 2
    assert (
        odd.stderr.strip()
        == b"error: --conference: must not contain an unpaired surrogate (\\udcff)"
    )
