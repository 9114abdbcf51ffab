"""What the office's looking commands do: read our database (never Prefect, so that they
answer at once and without a server) and turn what they find into tables, JSON or pages."""

import json

from cli.errors import BAD_INPUT, REFUSED, Failure, case_number
from cli.render import journey_text, status_json, status_text, summary_json
from models.organisations import UnknownOrganisation
from tasks.journeys import UnknownJourney
from tasks.overview import BadFilter, StatusFilter, detail, status_page


def status_filter(**options: object) -> StatusFilter:
    try:
        return StatusFilter(**options)  # type: ignore[arg-type]
    except (UnknownOrganisation, BadFilter) as error:
        raise Failure(str(error), BAD_INPUT) from None


def status(wanted: StatusFilter, *, as_json: bool) -> str:
    page = status_page(wanted)
    return json.dumps(status_json(page), indent=2) if as_json else status_text(page)


def journey_status(journey: str, *, as_json: bool) -> str:
    try:
        found = detail(case_number(journey))
    except UnknownJourney as error:
        raise Failure(str(error), REFUSED) from None
    return json.dumps(summary_json(found.summary), indent=2) if as_json else journey_text(found)
