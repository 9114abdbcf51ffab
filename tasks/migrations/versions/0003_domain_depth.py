"""domain depth: the profession matched at launch, salary and §81a, checklists, the clock

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

Newcomers launched before keep their profession's key as the catalogue names it today, so
that no journey matches free text again when its recognition is filed. Journeys launched
before get the new steps as not needed (a partial recognition's measure can still make its
steps needed), and no checklist: nothing is asked of them that their plan did not ask.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

from models.professions import named_profession

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The steps of this revision that journeys launched before it do not have, by stage.
NEW_STEPS = {
    "fast_track_agreement": "registration",
    "employment_approval": "registration",
    "pre_approval": "registration",
    "visa": "registration",
    "residence_card": "registration",
    "competent_body": "recognition",
    "recognition_posted": "recognition",
    "interim_licence": "recognition",
    "kenntnispruefung": "recognition",
    "kenntnispruefung_retake": "recognition",
    "anpassungslehrgang": "recognition",
    "recognition_final": "recognition",
    "school_enrolment": "social_integration",
}


def upgrade() -> None:
    op.create_table(
        "documentreceived",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("document", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("ticked_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("journey_id", "step", "document"),
    )
    with op.batch_alter_table("documentreceived", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documentreceived_journey_id"), ["journey_id"], unique=False
        )
    with op.batch_alter_table("journeystep", schema=None) as batch_op:
        batch_op.add_column(sa.Column("documents", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("paused_since", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("paused_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("extended_on", sa.Date(), nullable=True))
    with op.batch_alter_table("newcomer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("profession_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
        batch_op.add_column(sa.Column("annual_salary", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("fast_track", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _new_steps_not_needed()
    newcomer = sa.table(
        "newcomer", sa.column("id", sa.Integer), sa.column("profession", sa.String),
        sa.column("profession_key", sa.String),
    )  # fmt: skip
    connection = op.get_bind()
    for row in connection.execute(sa.select(newcomer.c.id, newcomer.c.profession)):
        if profession := named_profession(row.profession):
            connection.execute(
                newcomer.update()
                .where(newcomer.c.id == row.id)
                .values(profession_key=profession.key)
            )


def _new_steps_not_needed() -> None:
    step = sa.table(
        "journeystep", sa.column("journey_id", sa.String), sa.column("position", sa.Integer),
        sa.column("stage", sa.String), sa.column("step", sa.String),
        sa.column("organisation", sa.String), sa.column("required", sa.Boolean),
        sa.column("depends_on", sa.JSON),
        sa.column("status", sa.Enum("pending", "waiting", "running", "retrying", "failed",
                                    "done", "skipped", name="stepstatus")),
        sa.column("since", sa.DateTime(timezone=True)), sa.column("attempts", sa.Integer),
        sa.column("note", sa.String), sa.column("documents", sa.JSON),
    )  # fmt: skip
    connection = op.get_bind()
    last = sa.select(step.c.journey_id, sa.func.max(step.c.position)).group_by(step.c.journey_id)
    now = datetime.now(UTC)
    rows = [
        {"journey_id": journey_id, "position": position + offset, "stage": stage, "step": name,
         "organisation": None, "required": False, "depends_on": [], "status": "skipped",
         "since": now, "attempts": 0, "documents": [],
         "note": "not in the plan this journey was launched with"}
        for journey_id, position in connection.execute(last)
        for offset, (name, stage) in enumerate(NEW_STEPS.items(), start=1)
    ]  # fmt: skip
    if rows:
        connection.execute(step.insert(), rows)


def downgrade() -> None:
    op.execute(f"delete from journeystep where step in ({', '.join(repr(n) for n in NEW_STEPS)})")
    with op.batch_alter_table("newcomer", schema=None) as batch_op:
        batch_op.drop_column("fast_track")
        batch_op.drop_column("annual_salary")
        batch_op.drop_column("profession_key")
    with op.batch_alter_table("journeystep", schema=None) as batch_op:
        batch_op.drop_column("extended_on")
        batch_op.drop_column("paused_due")
        batch_op.drop_column("paused_since")
        batch_op.drop_column("documents")
    with op.batch_alter_table("documentreceived", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documentreceived_journey_id"))
    op.drop_table("documentreceived")
