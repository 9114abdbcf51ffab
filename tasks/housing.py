"""Housing: a flat or temporary room, and the landlord's Wohnungsgeberbestätigung (§19 BMG)
that the Anmeldung needs. Both are confirmed by the housing partner."""

from models.steps import Stage
from tasks.stage import stage_task

housing = stage_task(Stage.HOUSING)
