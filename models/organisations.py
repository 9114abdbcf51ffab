"""The organisations a journey waits on: stable ids (DOMAIN.md) and the names people read.

Ids go wherever data is compared or filtered (Prefect tags, `--json`); names go in tables.
"""

ORGANISATIONS: dict[str, str] = {
    "welcome-office-bochum": "Welcome Office Bochum",
    "buergerbuero-bochum": "Bürgerbüro Bochum",
    "auslaenderbehoerde-bochum": "Ausländerbehörde Bochum",
    "familienbuero-bochum": "Familienbüro Bochum",
    # school placement of newly arrived children (Seiteneinstieg), with the school authority
    "integrationszentrum-bochum": "Kommunales Integrationszentrum Bochum",
    "agentur-arbeit-bochum": "Agentur für Arbeit Bochum",
    "auslandsvertretung": "German mission abroad (embassy or consulate)",
    "ihk-mittleres-ruhrgebiet": "IHK Mittleres Ruhrgebiet",
    "ihk-fosa": "IHK FOSA (Nürnberg)",
    "hwk-dortmund": "Handwerkskammer Dortmund",
    "bezreg-muenster": "Bezirksregierung Münster",
    "zab": "ZAB (Zentralstelle für ausländisches Bildungswesen)",
    "bamf": "BAMF",
    "ruhr-uni-bochum": "Ruhr-Universität Bochum",
    "housing-partner": "housing partner",
    "integration-partner": "integration partner (clubs, mentors)",
}


def organisation_name(organisation: str | None) -> str:
    if organisation is None:
        return "-"
    return ORGANISATIONS.get(organisation, organisation)


class UnknownOrganisation(ValueError):
    def __init__(self, organisation: str) -> None:
        super().__init__(
            f"unknown organisation '{organisation}'; organisations are: {', '.join(ORGANISATIONS)}"
        )


def known_organisation(organisation: str) -> str:
    if organisation not in ORGANISATIONS:
        raise UnknownOrganisation(organisation)
    return organisation
