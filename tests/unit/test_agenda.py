"""The one-visit day: for newcomers expected that day, whom to see in which order, what to
bring, and what cannot be done yet and why."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.agenda import opening_for_visit
from models.tables import JourneyStep, StepStatus
from tests.utils.factories import add_journey, stored_step

EXAMPLE = Path(__file__).resolve().parents[2] / "examples/cohorts/diakonie-pflege-2027-1.csv"


def test_a_care_trainee_can_do_five_steps_in_one_visit_in_order(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["launch", str(EXAMPLE), "--cohort", "diakonie-2027-1"]) == 0
    capsys.readouterr()
    # The Agentur für Arbeit approved the first one's training before entry (§16a(1) AufenthG):
    # her residence permit is part of the visit; the others' is not yet.
    approval = office.exec(
        select(JourneyStep).where(
            JourneyStep.journey_id == "WO-2027-0001", JourneyStep.step == "employment_approval"
        )
    ).one()
    approval.status = StepStatus.DONE
    office.add(approval)
    office.commit()
    assert main(["agenda", "01.03.2027"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Expected on 2027-03-01: 5 newcomer(s).")
    first = out.split("\n\n")[1]  # the first newcomer
    order = [
        line.strip()
        for line in first.splitlines()
        if line.strip()[:2] in ("1.", "2.", "3.", "4.", "5.")
    ]
    assert order == [
        "1. housing partner: Accommodation",
        "2. housing partner: Wohnungsgeberbestätigung",
        "3. Bürgerbüro Bochum: Anmeldung",
        "4. Ausländerbehörde Bochum: Residence permit",
        "5. integration partner (clubs, mentors): Mentor or club",
    ]
    assert "bring: passport; the Wohnungsgeberbestätigung signed by the landlord" in out
    second = out.split("\n\n")[2]
    assert "not yet: Residence permit, waits on Approval of the Agentur für Arbeit" in second
    assert main(["agenda", "2027-03-01", "--csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert (
        rows[0] == "journey,newcomer,order,organisation,step,bring" and len(rows) == 1 + 5 + 4 * 4
    )


def test_what_waits_on_an_authority_is_shown_as_not_yet(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    add_journey(
        office,
        1,
        [
            stored_step("recognition_decision", StepStatus.WAITING, "bezreg-muenster"),
            stored_step("anmeldung", StepStatus.PENDING, "buergerbuero-bochum",
                        depends_on=["landlord_confirmation"]),
            stored_step("landlord_confirmation", StepStatus.FAILED, "housing-partner"),
        ],
        launched_on=date(2027, 2, 1),
    )  # fmt: skip
    assert main(["agenda", "2027-02-01"]) == 0
    out = capsys.readouterr().out
    assert (
        "not yet: Recognition decision (Anerkennung), waits on a decision of bezreg-muenster" in out
    )
    assert "not yet: Anmeldung, waits on Wohnungsgeberbestätigung" in out


def test_a_day_without_newcomers_and_a_bad_day(
    office: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agenda", "24.12.2027"]) == 0
    assert "Nobody is expected on 2027-12-24." in capsys.readouterr().out
    assert main(["agenda", "tomorrow"]) == 2
    assert "'tomorrow' is not a date" in capsys.readouterr().err


def test_journeys_open_the_visits_steps_from_the_day_the_newcomer_arrives() -> None:
    steps = [
        stored_step("accommodation", StepStatus.WAITING, "housing-partner"),
        stored_step("landlord_confirmation", StepStatus.PENDING, "housing-partner",
                    depends_on=["accommodation"]),
        stored_step("anmeldung", StepStatus.PENDING, "buergerbuero-bochum",
                    depends_on=["landlord_confirmation"]),
        stored_step("recognition_application", StepStatus.PENDING, "bezreg-muenster"),
        stored_step("recognition_documents", StepStatus.PENDING, "bezreg-muenster",
                    depends_on=["recognition_application"]),
    ]  # fmt: skip
    arrival = date(2027, 3, 1)
    assert opening_for_visit(steps, arrival, today=date(2027, 2, 28)) == set()
    # Filed by ankommen, not at a desk: the documents wait for the filing, not for the visit.
    assert opening_for_visit(steps, arrival, today=arrival) == {
        "landlord_confirmation",
        "anmeldung",
    }


def test_the_agenda_as_a_page_to_print_names_whom_the_desk_receives(
    office: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["launch", str(EXAMPLE), "--cohort", "diakonie-2027-1"]) == 0
    capsys.readouterr()
    target = tmp_path / "agenda.html"
    assert main(["agenda", "01.03.2027", "--html", str(target)]) == 0
    assert f"5 newcomer(s): {target}" in capsys.readouterr().out
    page = target.read_text()
    assert "Names newcomers: personal data" in page
    assert (
        page.count("<section") == 5 and page.count("<li><strong>") == 5 * 4
    )  # the permit waits on the approval
    first = page.split("<section")[1]
    assert first.index("Accommodation") < first.index("Anmeldung") < first.index("Mentor")
    assert "bring: passport; the Wohnungsgeberbestätigung signed by the landlord" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["01.03.2027", "--html", "/no/such/dir/a.html"], "there is no directory /no/such/dir"),
        (["01.03.2027", "--html", "x.html", "--csv"], "--csv or --html, not both"),
        (["tomorrow", "--csv"], "'tomorrow' is not a date"),
    ],
)
def test_an_agenda_that_cannot_be_made_is_refused_plainly(
    office: Session, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code = main(["agenda", *args])
    assert code == 2 and message in capsys.readouterr().err
