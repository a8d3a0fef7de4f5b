"""The demo programme of the 2024 conference: sessions from the seed documents (with fictional
people where the documents name none), each with its accepted report."""

from __future__ import annotations

import datetime

from .enums import ParticipantRole as R
from .enums import SessionFormat, SessionKind

D9, D10 = datetime.date(2024, 5, 9), datetime.date(2024, 5, 10)
NAIROBI = "Africa/Nairobi"
LINK = "https://meet.example.org/un-csc-2024/"
CS_GROUP = "Civil-society co-facilitators"
MS_GROUP = "Invited Member States' representatives"


def person(role, name, affiliation, title="", group=""):
    return {"role": role, "name": name, "affiliation": affiliation, "title": title, "group": group}


def item(starts_at, duration, title, speakers=""):
    return {"starts_at": starts_at, "duration": duration, "title": title, "speakers": speakers}


# Each: the session's fields, "people", "agenda", "report" (key messages, recommendations,
# next steps, attendance; None for a report still in draft) and "organizer" (index).
SESSIONS = [
    {
        "title": "Opening plenary: civil society and the Summit of the Future",
        "kind": SessionKind.PLENARY,
        "date": D9,
        "starts_at": "10:00",
        "ends_at": "11:30",
        "room": "Conference Room 1",
        "format": SessionFormat.HYBRID,
        "interpretation": ["en", "fr", "es"],
        "people": [
            person(R.MODERATOR, "Grace Mwangi", "Kenya Civic Forum (fictional)"),
            person(R.SPEAKER, "Tomás Ibarra", "Red Ciudadana del Sur (fictional)"),
            person(R.SPEAKER, "Leila Haddad", "Arab Youth Assembly (fictional)"),
        ],
        "report": (
            "Civil society asked for a seat at the table in the follow-up of the Pact for the "
            "Future, not only a place in the room.\nInclusion must reach small and grassroots "
            "organizations, especially from the global south.",
            "Create a civil-society focal point in the Secretary-General's office.\nPublish the "
            "negotiation drafts in time for civil society to comment.",
            "The conference networks will publish a joint statement before the Summit.",
            850,
        ),
        "organizer": 0,
    },
    {
        "title": "Youth and intergenerational action for global governance",
        "kind": SessionKind.WORKSHOP,
        "date": D9,
        "starts_at": "14:00",
        "ends_at": "15:30",
        "room": "CR-4",
        "format": SessionFormat.IN_PERSON,
        "people": [person(R.MODERATOR, "Samuel Okoro", "Youth Bridges Network (fictional)")],
        "report": (
            "Young people want to co-design, not be consulted at the end.\nIntergenerational "
            "mentoring makes coalitions last longer than one conference.",
            "Reserve speaking slots for youth-led organizations in every plenary.",
            "Participants will form a youth caucus that meets monthly online.",
            120,
        ),
        "organizer": 1,
    },
    {
        "title": "ImPACT Coalition session: financing for sustainable development",
        "kind": SessionKind.COALITION,
        "date": D10,
        "starts_at": "12:30",
        "ends_at": "14:00",
        "room": "CR-7",
        "format": SessionFormat.HYBRID,
        "interpretation": ["en", "fr"],
        "coalition": "Fair financing",
        "people": [
            person(R.MODERATOR, "Amara Diallo", "Sahel Finance Watch (fictional)"),
            person(R.PANELIST, "Priya Raman", "Debt Justice Collective (fictional)"),
        ],
        "report": (
            "The coalition will push for debt relief linked to climate resilience.\nSouthern "
            "partners must lead the advocacy agenda.",
            "Member States should support a UN framework convention on sovereign debt.",
            "A first policy brief will be shared with missions in New York by July 2024.",
            95,
        ),
        "organizer": 0,
    },
    {
        # From the seed documents: the coalition's kick-off session.
        "title": "Just Institutions and the International Court of Justice",
        "kind": SessionKind.COALITION,
        "date": D10,
        "starts_at": "12:30",
        "ends_at": "14:00",
        "room": "CR-8",
        "format": SessionFormat.HYBRID,
        "coalition": "Just Institutions",
        "expected_outcomes": "Launch the coalition and agree on its follow-up online discussions "
        "after the conference.",
        "people": [
            person(R.MODERATOR, "Jonas Lindqvist", "Open Multilateralism Lab (fictional)"),
            person(R.PANELIST, "Mei Chen", "Asia Pacific Civic Space Alliance (fictional)"),
            person(R.PANELIST, "Kwame Asante", "West African Jurists' Network (fictional)"),
        ],
        "agenda": [
            item("12:30", 15, "Opening and purpose of the coalition", "Jonas Lindqvist"),
            item(
                "12:45",
                50,
                "Why the World Court matters to civil society",
                "Mei Chen; Kwame Asante",
            ),
            item("13:35", 25, "Follow-up online discussions after the conference"),
        ],
        "report": (
            "Wider acceptance of the Court's compulsory jurisdiction is a civil-society ask.\n"
            "Those unable to attend joined online and will lead the follow-up discussions.",
            "Member States should accept the compulsory jurisdiction of the Court.",
            "Monthly online discussions will continue the coalition's work after the conference.",
            70,
        ),
        "organizer": 1,
    },
    {
        # From the seed documents: a hybrid coalition session whose time was to be confirmed.
        "title": "The future of drug policy – Civil Society perspectives on addressing the world "
        "drug situation",
        "kind": SessionKind.COALITION,
        "date": D10,
        "starts_at": "15:00",
        "ends_at": "16:30",
        "times_to_be_confirmed": True,
        "room": "CR-5",
        "format": SessionFormat.HYBRID,
        "coalition": "The future of drug policy",
        "expected_outcomes": "Agree on principles and recommendations.\nArticulate next steps.",
        "people": [
            person(R.MODERATOR, "Elena Marković", "UNODC Civil Society Unit", "Programme officer"),
            person(R.PANELIST, "Diego Salazar", "Harm Reduction Americas (fictional)"),
        ],
        "agenda": [
            item("15:00", 10, "Setting the scene: opening remarks", "Elena Marković"),
            item(
                "15:10",
                20,
                "Setting the scene: background and recommendations of the Global Civil Society "
                "Report",
                "Diego Salazar",
            ),
            item("15:30", 45, "Discussion"),
            item("16:15", 15, "Next steps"),
        ],
        "report": (
            "Drug policy must be grounded in health and human rights.\nCommunities affected by "
            "drug policy must be heard in the UN system.",
            "Member States should take up the recommendations of the Global Civil Society Report.",
            "The coalition will agree on principles and present next steps to the UN system.",
            60,
        ),
        "organizer": 0,
    },
    {
        # Modelled on a concept note for a migration-review dialogue.
        "title": "Civil society – Member States dialogue ahead of the migration review forum",
        "kind": SessionKind.DIALOGUE,
        "date": D10,
        "starts_at": "15:00",
        "ends_at": "17:00",
        "time_zone": "Europe/Paris",
        "room": "",
        "format": SessionFormat.ONLINE,
        "online_link": "https://zoom.example.org/webinar/un-csc-2024-dialogue",
        "interpretation": ["en", "fr", "es"],
        "expected_outcomes": "A summary of inputs for the review forum's co-facilitators.",
        "people": [
            person(R.MODERATOR, "Nadia Benali", "Global Dialogue Institute (fictional)", "Dr."),
            person(
                R.PANELIST,
                "Ruth Achieng",
                "East Africa Women's Platform (fictional)",
                group=CS_GROUP,
            ),
            person(
                R.PANELIST, "Pierre Lambert", "Francophone NGO Network (fictional)", group=CS_GROUP
            ),
            person(
                R.PANELIST,
                "Carlos Ortega",
                "Permanent Mission of a Member State (fictional)",
                "Ambassador, Permanent Representative",
                MS_GROUP,
            ),
            person(
                R.PANELIST,
                "Anna Kowalska",
                "Permanent Mission of a Member State (fictional)",
                "Counsellor",
                MS_GROUP,
            ),
        ],
        "agenda": [
            item("15:00", 10, "Welcome and introductions", "Nadia Benali"),
            item("15:10", 60, "Panel dialogue", "Co-facilitators and Member States"),
            item("16:10", 40, "Questions from participants and the chat"),
            item("16:50", 10, "Final comments", "Nadia Benali"),
        ],
        "report": (
            "Member States welcomed regular, structured dialogue with civil society.\n"
            "Interpretation in English, French and Spanish widened participation.",
            "Hold the dialogue before every review forum, with inputs shared in advance.",
            "A summary of inputs will be transmitted to the review forum's co-facilitators.",
            240,
        ),
        "organizer": 0,
    },
    {
        # A report still in draft, so the late-report overview has something to show.
        "title": "Workshop: local action for the SDGs",
        "kind": SessionKind.WORKSHOP,
        "date": D10,
        "starts_at": "10:00",
        "ends_at": "11:00",
        "room": "CR-3",
        "format": SessionFormat.IN_PERSON,
        "report": None,
        "organizer": 1,
    },
]
