"""Building the EOI form's POST data the way a browser would, for the view tests."""

from __future__ import annotations

import datetime as dt


def member(name, sector="civil_society", country="KE", region="", role="member", **extra):
    return {
        "name": name,
        "sector": sector,
        "country": country,
        "region": region,
        "role": role,
        "organization": "",
        "acronym": "",
        "constituencies": [],
        **extra,
    }


def post_data(*, members=(), work_plan=(), contacts=(), initial=None, action="save", **fields):
    """The form as posted: proposal fields, then the three formsets (all rows extra unless
    `initial` gives the count of initial rows per prefix)."""
    data = {"action": action, "title": "A coalition", "origin": "new"}
    data.update(fields)
    initial = initial or {}
    for prefix, rows in (("members", members), ("work_plan", work_plan), ("contacts", contacts)):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial.get(prefix, 0))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "100"
        for i, row in enumerate(rows):
            for key, value in row.items():
                if isinstance(value, bool):
                    if value:
                        data[f"{prefix}-{i}-{key}"] = "on"
                elif isinstance(value, dt.date):
                    data[f"{prefix}-{i}-{key}"] = value.isoformat()
                else:
                    data[f"{prefix}-{i}-{key}"] = value
    return data


def eligible_members():
    """Five civil-society members from five regions, three in the global south, with three
    constituency types: C1 and C2 met at the 2024 thresholds."""
    return [
        member("Lead NGO", country="KE", role="lead", constituencies=["ngos"]),
        member("Asia Org", country="IN", constituencies=["women"]),
        member("Andes Org", country="PE", constituencies=["children_youth"]),
        member("Euro Org", country="FR"),
        member("Gulf Org", country="JO"),
    ]


def interchange_sample(**overrides):
    """An eligible proposal in the interchange JSON format (2024 thresholds)."""
    data = {
        "title": "The future of drug policy",
        "conference": "un-csc-2024",
        "members": [
            {
                "name": f"Org {c}",
                "sector": "civil_society",
                "country": c,
                "constituencies": [k],
                "role": "lead" if c == "KE" else "member",
            }
            for c, k in (
                ("KE", "ngos"),
                ("IN", "women"),
                ("PE", "farmers"),
                ("FR", "ngos"),
                ("JO", "ngos"),
            )
        ],
        "engagement": {"targets": ["member_states"], "plan": " ".join(["word"] * 25)},
        "work_plan": [
            {"date": "2024-05-10", "title": "Kick-off"},
            {"date": "2024-09-22", "title": "Summit"},
        ],
    }
    data.update(overrides)
    return data
