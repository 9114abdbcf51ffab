"""Social integration: a Kita place through the Familienbüro, and a mentor, club or volunteering
place through the integration partners. No legal deadline: the goal is that people stay."""

from models.steps import Stage
from tasks.stage import stage_task

social_integration = stage_task(Stage.SOCIAL_INTEGRATION)
