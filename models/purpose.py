"""Why a newcomer comes: it decides whether a qualification needs recognising."""

from enum import StrEnum


class Purpose(StrEnum):
    WORK = "work"
    TRAINING = "training"
    STUDY = "study"
    JOB_SEARCH = "job_search"
