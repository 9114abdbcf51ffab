"""Recognition (Anerkennung) of a foreign qualification by the one competent body.

ankommen submits the application itself; the body then confirms the documents complete (the
3-month clock of the BQFG starts) and decides: full, partial (Defizitbescheid) or refused.
"""

from datetime import date

from models.decisions import ApplicationSubmitted
from models.professions import find_profession
from models.steps import Stage
from models.tables import JourneyStep, Newcomer
from tasks.authority import submit_application
from tasks.stage import stage_task


def submit_recognition_application(
    step: JourneyStep, newcomer: Newcomer, today: date
) -> ApplicationSubmitted:
    assert step.organisation is not None  # a required recognition step has its competent body
    return submit_application(
        organisation=step.organisation,
        payload={
            "case": step.journey_id,
            "profession": find_profession(newcomer.profession).key,
            "qualification_country": newcomer.qualification_country,
        },
        idempotency_key=f"{step.journey_id}:{step.step}",
        today=today,
    )


recognition = stage_task(
    Stage.RECOGNITION, automations={"recognition_application": submit_recognition_application}
)
