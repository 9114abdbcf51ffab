"""A cohort: the newcomers one employer brings at once (e.g. a Diakonie's 40 care trainees
every half year). Its name becomes a Prefect tag, `cohort:<name>`, so it names no person."""

import re

COHORT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


class BadCohortName(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"'{name}' cannot name a cohort: use 2 to 40 lowercase letters, digits and dashes, "
            "e.g. pflege-2027-1 (it becomes a Prefect tag, so no names of people)"
        )


def cohort_name(name: str) -> str:
    if not COHORT_NAME.match(name):
        raise BadCohortName(name)
    return name
