"""Staying for good: when a newcomer may apply for a settlement permit and for naturalisation.

From the residence history (titles held, in the order issued), the arrival date and the German
level, this module gives the earliest day for each application, the rule applied and what is
still missing. A day in the past means: may apply now. Pure rules, no clock and no I/O.

The law as it stands (text: gesetze-im-internet.de; BAMF; the Bundestag's record):

- Settlement permit for skilled workers (Niederlassungserlaubnis für Fachkräfte), §18c(1)
  AufenthG: 3 years holding a title under §18a, §18b, §18d or §18g, a job the title allows,
  36 months of pension contributions, sufficient German (B1, §2(11) AufenthG) and the conditions
  of §9(2); sentence 2: 2 years and 24 months after a German vocational training or degree. As
  amended by the Act on the Further Development of Skilled Immigration (BGBl. 2023 I Nr. 217):
  §18g (Blue Card) joined the list on 18 Nov 2023; the cut from 4 years and 48 months to 3 years
  and 36 months took effect on 1 March 2024 (its Article 2).
- Blue Card holders (Blaue Karte EU), §18c(2) AufenthG: 27 months of employment under §18g with
  contributions and simple German (A1, §2(9) AufenthG), or 21 months with B1 (27 was 33 months
  before 1 March 2024).
- EU/EEA/Swiss citizens need no settlement permit: free movement; the permanent right of
  residence follows after 5 years (§4a FreizügG/EU).
- Naturalisation (Einbürgerung), §10(1) StAG: 5 years of lawful habitual residence since the
  Act to Modernise Nationality Law (BGBl. 2024 I Nr. 104) took effect on 27 June 2024 (before:
  8 years), and sufficient German, B1 (§10(1) no. 6). The 3-year fast track for exceptional
  integration (§10(3) StAG as introduced in 2024) is gone: the Bundestag passed its abolition
  on 8 October 2025; the Act amending the StAG of 27 October 2025 (BGBl. 2025 I Nr. 256 per
  asyl.net and umwelt-online; one secondary source says Nr. 257) took effect on 30 October 2025.

Not computed here: the general settlement permit after 5 years (§9 AufenthG), family and
humanitarian routes, and time spent abroad.

`journey_outlook` reads these inputs from what a journey recorded (for `ankommen status`).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.countries import needs_residence_permit
from models.deadlines import add_months
from models.levels import GermanLevel
from models.tables import JourneyStep, Newcomer

# Titles as the plain section of the AufenthG ("18b"), so that titles added to
# models.decisions.ResidenceTitle later ("18d", "20") need no change here.
SKILLED_TITLES = frozenset({"18a", "18b", "18d", "18g"})
BLUE_CARD = "18g"
FIKTIONSBESCHEINIGUNG = "81"

NATURALISATION_MONTHS = 60
GERMANY = "DE"  # a qualification obtained here shortens §18c(1) to 2 years


@dataclass(frozen=True)
class HeldTitle:
    """One residence title held, by its section of the AufenthG, from the day it was issued."""

    title: str
    since: date


@dataclass(frozen=True)
class Eligibility:
    """The earliest day to apply (None: no day can be given yet) and why."""

    earliest: date | None
    rule: str
    missing: tuple[str, ...] = ()
    # Conditions the residence history cannot show; the advisor checks them with the newcomer.
    to_check: tuple[str, ...] = ()
    # False: there is nothing to apply for (an EU citizen's settlement), rather than no day yet.
    needed: bool = True


@dataclass(frozen=True)
class StayingOutlook:
    settlement: Eligibility
    naturalisation: Eligibility


@dataclass(frozen=True)
class _Route:
    start: date
    months: int
    german: GermanLevel
    rule: str

    @property
    def earliest(self) -> date:
        return add_months(self.start, self.months)


def _code(held: HeldTitle) -> str:
    return str(held.title).strip()


def _current_run(titles: Sequence[HeldTitle], kinds: frozenset[str]) -> date | None:
    """Start of the unbroken run of titles of these kinds that lasts until the latest title.

    A Fiktionsbescheinigung neither starts nor breaks a run: under §81(4) AufenthG the title held
    before it goes on until the authority decides, so it belongs to whatever came before. Time
    under it after a study title therefore does not count, and any other title ends the run.
    """
    start: date | None = None
    for held in sorted(titles, key=lambda held: held.since):  # stable: same-day order is kept
        if _code(held) == FIKTIONSBESCHEINIGUNG:
            continue
        start = (start or held.since) if _code(held) in kinds else None
    return start


def _title_today(titles: Sequence[HeldTitle]) -> str:
    """The title held today, for the reader: none may be recorded yet (a journey before its
    residence permit step), which is not the same as holding none."""
    held = [_code(t) for t in sorted(titles, key=lambda t: t.since)]
    real = [code for code in held if code != FIKTIONSBESCHEINIGUNG]
    return f"today §{real[-1]}" if real else (f"today §{held[-1]}" if held else "none recorded yet")


def _settlement_routes(titles: Sequence[HeldTitle], german_qualification: bool) -> list[_Route]:
    routes: list[_Route] = []
    if skilled_since := _current_run(titles, SKILLED_TITLES):
        if german_qualification:
            rule = (
                "2 years holding a skilled worker's title after a German vocational training or "
                "degree (§18c(1) sentence 2 AufenthG)"
            )
            routes.append(_Route(skilled_since, 24, GermanLevel.B1, rule))
        else:
            rule = "3 years holding a skilled worker's title (§18c(1) AufenthG)"
            routes.append(_Route(skilled_since, 36, GermanLevel.B1, rule))
    # §18c(2) asks for months of employment under §18g: only the Blue Card's own run counts.
    if card_since := _current_run(titles, frozenset({BLUE_CARD})):
        for months, german in ((21, GermanLevel.B1), (27, GermanLevel.A1)):
            rule = f"{months} months of employment with a Blue Card and German {german}"
            rule += " (§18c(2) AufenthG)"
            routes.append(_Route(card_since, months, german, rule))
    return routes


def settlement_permit(
    *,
    titles: Sequence[HeldTitle],
    german_level: GermanLevel,
    german_qualification: bool,
    eu_citizen: bool = False,
) -> Eligibility:
    """Niederlassungserlaubnis for skilled workers (§18c AufenthG).

    `german_qualification`: the qualification was obtained in Germany (qualification_country
    "DE"), which shortens §18c(1) to 2 years. `eu_citizen`: EU/EEA/Swiss.
    """
    if eu_citizen:
        return Eligibility(
            earliest=None,
            rule="EU/EEA/Swiss citizen: free movement, no settlement permit needed; permanent "
            "right of residence after 5 years (§4a FreizügG/EU)",
            needed=False,
        )
    routes = _settlement_routes(titles, german_qualification)
    if not routes:
        return Eligibility(
            earliest=None,
            rule="no settlement permit under §18c AufenthG without a skilled worker's title",
            missing=(
                "needs a skilled worker's title (§18a, §18b, §18d or §18g AufenthG); "
                + _title_today(titles),
            ),
        )
    reachable = [route for route in routes if german_level.reaches(route.german)]
    missing: tuple[str, ...] = ()
    if reachable:
        route = min(reachable, key=lambda r: r.earliest)
    else:
        # Nothing is reachable with today's German: show the route that asks for the least.
        route = min(routes, key=lambda r: (r.german.rank, r.earliest))
        missing = (f"needs German {route.german}; today {german_level.value}",)
    return Eligibility(
        earliest=route.earliest,
        rule=route.rule,
        missing=missing,
        to_check=(
            "a job the title allows",
            f"{route.months} months of pension contributions",
            "§9(2) AufenthG: livelihood, living space, basic knowledge of the legal and social "
            "order, no threat to public safety",
        ),
    )


def naturalisation(*, arrival_date: date, german_level: GermanLevel) -> Eligibility:
    """Einbürgerung (§10 StAG): 5 years from arrival and German B1."""
    missing: tuple[str, ...] = ()
    if not german_level.reaches(GermanLevel.B1):
        missing = (f"needs German B1 (§10(1) no. 6 StAG); today {german_level.value}",)
    return Eligibility(
        earliest=add_months(arrival_date, NATURALISATION_MONTHS),
        rule="5 years of lawful habitual residence since arrival (§10(1) StAG, 5 years since "
        "27 June 2024; the 3-year fast track ended on 30 October 2025)",
        missing=missing,
        to_check=(
            "lawful residence throughout, and a right of residence that qualifies when applying",
            "own livelihood without citizen's income or social assistance",
            "naturalisation test passed, no criminal convictions, commitment to the free "
            "democratic basic order",
        ),
    )


def staying_outlook(
    *,
    titles: Sequence[HeldTitle],
    arrival_date: date,
    german_level: GermanLevel,
    german_qualification: bool,
    eu_citizen: bool = False,
) -> StayingOutlook:
    return StayingOutlook(
        settlement=settlement_permit(
            titles=titles,
            german_level=german_level,
            german_qualification=german_qualification,
            eu_citizen=eu_citizen,
        ),
        naturalisation=naturalisation(arrival_date=arrival_date, german_level=german_level),
    )


def held_titles(outcomes: Iterable[Mapping[str, Any] | None]) -> list[HeldTitle]:
    """The residence history a journey recorded, in the order issued: every step outcome that
    names a `title` and the day it was `issued_on`. Today only the residence_permit step does;
    a later title or a Fiktionsbescheinigung of a step of its own is found here as it is."""
    held = [
        # Outcomes are stored as JSON, the day as ISO text (str() also passes a date through).
        HeldTitle(str(outcome["title"]), date.fromisoformat(str(outcome["issued_on"])))
        for outcome in outcomes
        if outcome and outcome.get("title") and outcome.get("issued_on")
    ]
    return sorted(held, key=lambda title: title.since)


def journey_outlook(*, newcomer: Newcomer, steps: Iterable[JourneyStep]) -> StayingOutlook:
    """Both days for one newcomer, from the titles the journey's steps recorded."""
    return staying_outlook(
        titles=held_titles(step.outcome for step in steps),
        arrival_date=newcomer.arrival_date,
        # The level given at launch: no step records a language certificate yet. Once one does,
        # its level (the higher of both) belongs here.
        german_level=GermanLevel(newcomer.german_level),
        german_qualification=newcomer.qualification_country.strip().upper() == GERMANY,
        eu_citizen=not needs_residence_permit(newcomer.nationality),
    )
