"""A newcomer's journey, told as a story.

The journey brings every stage as far as the decisions recorded in our database allow, then
suspends (no process while it waits) until an advisor answers in the Prefect UI or
`ankommen complete` wakes it. Each resume runs this function again from the top; that is safe
because the stages only act on what is not yet done.
"""

from prefect import flow, get_run_logger
from prefect.flow_runs import suspend_flow_run

from flows.advisor_form import advisor_form
from tasks.housing import housing
from tasks.language_course import language_course
from tasks.recognition import recognition
from tasks.registration import registration
from tasks.settings import get_settings
from tasks.social_integration import social_integration
from tasks.waiting import finish, publish_status, take_answer, take_stock

STAGES = (housing, registration, recognition, language_course, social_integration)


def advance(journey_id: str) -> None:
    """Run the stages side by side until none of them moves any more."""
    while True:
        reports = [future.result() for future in [s.submit(journey_id) for s in STAGES]]
        if not any(report.advanced for report in reports):
            return


@flow(name="journey", persist_result=True)
def journey(journey_id: str) -> str:
    logger = get_run_logger()
    while True:
        advance(journey_id)
        situation = take_stock(journey_id)
        publish_status(journey_id)
        if situation.finished:
            finish(journey_id)
            logger.info("Journey %s is complete", journey_id)
            return "complete"
        for step in situation.open_steps:
            logger.info(
                "Waiting on %s for %s (due %s)", step.organisation, step.step, step.due or "-"
            )
        answer = suspend_flow_run(
            wait_for_input=advisor_form(situation, get_settings().current_date()),
            key=f"answer-{situation.wait_round}",
        )
        take_answer(journey_id, situation.wait_round, answer.model_dump(mode="json"))
