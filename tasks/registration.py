"""Registration: the Anmeldung at the Bürgerbüro within 2 weeks of moving in (§17 BMG), then the
residence permit at the Ausländerbehörde for third-country nationals."""

from models.steps import Stage
from tasks.stage import stage_task

registration = stage_task(Stage.REGISTRATION)
