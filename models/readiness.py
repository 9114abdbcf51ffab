"""When a newcomer is ready to work: what employers ask first.

Ready means: the recognition decided where the profession requires it (a regulated profession;
one the catalogue does not know counts as regulated until a coordinator picks a body that only
compares, see REGULATING_BODIES),
the residence permit issued where one is needed, and the German level reached where the job
needs one. No step records the language certificate yet, so the level counts as reached a
course's length after the course is booked:
- an integration course to B1: 600 lessons of German and 100 of orientation at 25 lessons a
  week, full time, 28 weeks (BAMF);
- each module of job-related German (Berufssprachkurs, DeuFöV §45a) B1→B2, B2→C1, C1→C2:
  about 3 months full time.
"""

from dataclasses import dataclass

from models.levels import GermanLevel
from models.step_rules import (
    Arrival,
    german_needed,
    needs_course,
    needs_permit,
    needs_recognition,
)

INTEGRATION_COURSE_DAYS = 28 * 7
# The bodies that license: elsewhere recognition helps but is not required to work.
REGULATING_BODIES = frozenset({"bezreg-muenster"})
JOB_GERMAN_MODULE_DAYS = 91


@dataclass(frozen=True)
class Readiness:
    steps: list[str]  # done when these are done ...
    course_days: int  # ... and this long after the course booking, if it is one of them


def course_days(start: GermanLevel, goal: GermanLevel) -> int:
    days = INTEGRATION_COURSE_DAYS if not start.reaches(GermanLevel.B1) else 0
    modules = max(0, goal.rank - max(start.rank, GermanLevel.B1.rank))
    return days + modules * JOB_GERMAN_MODULE_DAYS


def readiness(arrival: Arrival, required: set[str]) -> Readiness:
    """What makes this arrival ready to work, among the steps its journey still has to do."""
    steps = []
    occupation = arrival.occupation
    if needs_recognition(arrival)[0] and (occupation is None or occupation.regulated):
        steps.append("recognition_decision")
    if needs_permit(arrival)[0]:
        steps.append("residence_permit")
    days = 0
    if needs_course(arrival)[0]:
        steps.append("course_booking")
        days = course_days(arrival.german_level, german_needed(arrival))
    wanted = [step for step in steps if step in required]
    return Readiness(wanted, days if "course_booking" in wanted else 0)
