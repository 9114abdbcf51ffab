"""Language course: the Berechtigungsschein for the integration course (BAMF) where German is
below B1, then a seat in an integration or job-related German course (DeuFöV §45a)."""

from models.steps import Stage
from tasks.stage import stage_task

language_course = stage_task(Stage.LANGUAGE_COURSE)
