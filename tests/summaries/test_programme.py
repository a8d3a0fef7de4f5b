"""Programme import: row by row, all or nothing, errors with their line numbers."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from summaries.enums import ParticipantRole, SessionFormat, SessionKind
from summaries.models import Session
from summaries.programme import import_programme
from tests.factories import TEST_PASSWORD, ProposalFactory

HEADER = (
    "title,kind,date,start,end,room,format,online_link,interpretation,moderator,speakers,"
    "panelists,organizers,coalition\n"
)


def test_valid_programme_is_imported_with_people_and_links(edition, session_organizer):
    coalition = ProposalFactory(edition=edition, title="Coalition for open UN")
    day = edition.starts_on.isoformat()
    text = HEADER + (
        f"Opening,plenary,{day},10:00,11:30,Hall 1,hybrid,https://meet.example.org/a,"
        f'"en; French; es",Ada Moderator (Network A),"B One (Org B); C Two",,'
        f"SESSION.LEAD@example.org,\n"
        f"Coalition hour,ImPACT Coalition session,{day},12:30,14:00,CR-8,in person,,,,,"
        f'"P One (Org P)",,coalition for open un\n'
    )
    result = import_programme(edition, text)
    assert result.ok and result.created == 2
    opening = Session.objects.get(title="Opening")
    assert opening.kind == SessionKind.PLENARY and opening.format == SessionFormat.HYBRID
    assert opening.interpretation == ["en", "fr", "es"]
    assert list(opening.organizers.all()) == [session_organizer]
    assert [(p.role, p.name, p.affiliation) for p in opening.participants.all()] == [
        (ParticipantRole.MODERATOR, "Ada Moderator", "Network A"),
        (ParticipantRole.SPEAKER, "B One", "Org B"),
        (ParticipantRole.SPEAKER, "C Two", ""),
    ]
    assert Session.objects.get(title="Coalition hour").coalition == coalition


def test_a_bad_row_imports_nothing_and_names_its_line(edition):
    day = edition.starts_on.isoformat()
    text = HEADER + (
        f"Good one,workshop,{day},10:00,11:00,,,,,,,,,\n"
        f"Bad kind,banquet,{day},10:00,11:00,,,,,,,,,\n"
        f"Ends early,workshop,{day},11:00,10:00,,,,,,,,,\n"
        f"Online without link,workshop,{day},10:00,11:00,,online,,,,,,,\n"
        f"Bad date,workshop,10/05/2024,10:00,11:00,,,,,,,,,\n"
        f"Unknown lead,workshop,{day},10:00,11:00,,,,,,,,nobody@example.org,\n"
        f"Good one,workshop,{day},10:00,11:00,,,,,,,,,\n"
    )
    result = import_programme(edition, text)
    assert not result.ok and Session.objects.count() == 0
    lines = {error.line: error.message for error in result.errors}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8]
    assert "banquet" in lines[3] and lines[4].startswith("end:")
    assert "online link" in lines[5] and lines[6].startswith("date:")
    assert "nobody@example.org" in lines[7] and "already" in lines[8]
    assert str(result.errors[0]) == f"Line 3: {lines[3]}"


def test_missing_columns_are_reported_on_line_1(edition):
    result = import_programme(edition, "title,kind\nA,workshop\n")
    assert [(e.line, e.message) for e in result.errors] == [
        (1, "missing columns: date, start, end")
    ]


def test_import_page_is_for_organizers_only(client, edition, outsider):
    client.login(email=outsider.email, password=TEST_PASSWORD)
    assert client.get(reverse("summaries:import", args=[edition.slug])).status_code == 403


def test_import_page_shows_errors_and_refuses_non_csv(client, edition, organizer):
    client.login(email=organizer.email, password=TEST_PASSWORD)
    page = reverse("summaries:import", args=[edition.slug])
    response = client.post(page, {"file": SimpleUploadedFile("p.xlsx", b"PK\x03\x04")})
    assert response.status_code == 400 and b"Upload a .csv file." in response.content
    bad = HEADER + f"X,banquet,{edition.starts_on},10:00,11:00,,,,,,,,,\n"
    response = client.post(page, {"file": SimpleUploadedFile("p.csv", bad.encode())})
    assert response.status_code == 400 and b"Line 2: kind:" in response.content
    good = HEADER + f"X,workshop,{edition.starts_on},10:00,11:00,,,,,,,,,\n"
    response = client.post(page, {"file": SimpleUploadedFile("p.csv", good.encode("utf-8-sig"))})
    assert response.status_code == 302 and Session.objects.filter(title="X").exists()


def test_language_labels_are_understood_whatever_the_active_language(edition):
    from django.utils import translation

    from summaries.enums import INTERPRETATION_LANGUAGES
    from summaries.programme import _choice

    with translation.override("fr"):
        assert _choice("French", INTERPRETATION_LANGUAGES) == "fr"
        assert _choice("Spanish", INTERPRETATION_LANGUAGES) == "es"
    assert _choice("fr", INTERPRETATION_LANGUAGES) == "fr"


def test_the_programme_gives_each_session_its_time_zone(edition):
    text = (
        "title,kind,date,start,end,time_zone\n"
        "Dialogue,dialogue,2024-05-10,15:00,17:00,Europe/Paris\n"
        "Workshop,workshop,2024-05-10,10:00,11:00,\n"
    )
    assert import_programme(edition, text).ok
    zones = dict(Session.objects.values_list("title", "time_zone"))
    assert zones == {"Dialogue": "Europe/Paris", "Workshop": "UTC"}


def test_an_unknown_time_zone_is_an_error_on_its_line(edition):
    text = "title,kind,date,start,end,time_zone\nA,workshop,2024-05-10,10:00,11:00,Mars/Base\n"
    result = import_programme(edition, text)
    assert not result.ok and not Session.objects.exists()
    assert [(e.line, e.message[:10]) for e in result.errors] == [(2, "time_zone:")]
