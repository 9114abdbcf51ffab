"""The one-visit day as a page a coordinator prints, to book the partners together: for each
newcomer expected, whom to see in which order, what to bring, and what cannot be done yet.

It names the newcomers (the desk must know whom it receives), so it says so at its top; it is
a file on the coordinator's machine, never something Prefect keeps.
"""

from datetime import date
from html import escape

from models.organisations import organisation_name
from models.steps import label
from tasks.agenda import Expected
from tasks.pages import BASE_STYLE

STYLE = (
    BASE_STYLE
    + """
section { break-inside: avoid; margin-bottom: 1.5em; }
ol li { margin: 0.4em 0; } .bring { color: #444; }
@media print { .banner { border: 1px solid #999; } }
"""
)


def _person(person: Expected) -> str:
    plan = person.plan
    visits = [
        f"<li><strong>{escape(organisation_name(v.organisation))}</strong>: "
        f"{escape(label(v.step))}"
        f'<div class="bring">bring: {escape("; ".join(v.bring))}</div></li>'
        for v in plan.visits
    ]
    blocked = [
        f"<li>{escape(label(b.step))}: waits on {escape(', '.join(label(w) for w in b.waits_on))}"
        "</li>"
        for b in plan.blocked
    ]
    return "\n".join(
        [
            f'<section id="{escape(plan.journey_id.lower())}">',
            f"<h2>{escape(plan.journey_id)} {escape(person.name)}</h2>",
            f"<ol>{''.join(visits)}</ol>"
            if visits
            else '<p class="none">Nothing to do in person that day.</p>',
            *([f"<p>Not yet:</p><ul>{''.join(blocked)}</ul>"] if blocked else []),
            "</section>",
        ]
    )


def agenda_page(day: date, expected: list[Expected]) -> str:
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>One-visit day {day.isoformat()}</title>",
            f"<style>{STYLE}</style></head><body>",
            '<p class="banner names">Names newcomers: personal data, for the office only.</p>',
            f"<h1>One-visit day {day.isoformat()}</h1>",
            f"<p>{len(expected)} newcomer(s) expected. Each sees the partners in this order, "
            "with the documents listed.</p>",
            *(_person(person) for person in expected),
            *([] if expected else ['<p class="none">Nobody is expected that day.</p>']),
            "</body></html>",
        ]
    )
