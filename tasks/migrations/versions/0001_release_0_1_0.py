"""Release 0.1.0 (tag v0.1.0): the schema its databases have, made before migrations

Revision ID: 0001
Revises: -
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "advisor",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("coordinator", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("advisor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_advisor_organisation"), ["organisation"], unique=False)

    op.create_table(
        "newcomer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("nationality", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("profession", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("qualification_country", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("german_level", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("arrival_date", sa.Date(), nullable=False),
        sa.Column("move_in_date", sa.Date(), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("employer", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("children", sa.JSON(), nullable=True),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("newcomer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_newcomer_employer"), ["employer"], unique=False)

    op.create_table(
        "journey",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("newcomer_id", sa.Integer(), nullable=False),
        sa.Column("flow_run_id", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("wait_round", sa.Integer(), nullable=False),
        sa.Column("notice", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("launched_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("cohort", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("ready_steps", sa.JSON(), nullable=True),
        sa.Column("course_days", sa.Integer(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["newcomer_id"],
            ["newcomer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("year", "number"),
    )
    with op.batch_alter_table("journey", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journey_cohort"), ["cohort"], unique=False)
        batch_op.create_index("ix_journey_launched", ["launched_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_journey_newcomer_id"), ["newcomer_id"], unique=False)
        batch_op.create_index("ix_journey_open", ["finished_on"], unique=False)

    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("advisor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("journey_id", "step"),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_journey_id"), ["journey_id"], unique=False)

    op.create_table(
        "journeystep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("organisation", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("depends_on", sa.JSON(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "waiting",
                "running",
                "retrying",
                "failed",
                "done",
                "skipped",
                name="stepstatus",
            ),
            nullable=True,
        ),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("journey_id", "step"),
    )
    with op.batch_alter_table("journeystep", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journeystep_journey_id"), ["journey_id"], unique=False)
        batch_op.create_index("ix_step_due", ["due"], unique=False)
        batch_op.create_index("ix_step_settled", ["settled_on"], unique=False)
        batch_op.create_index(
            "ix_step_status_organisation", ["status", "organisation"], unique=False
        )

    op.create_table(
        "stepevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("detail", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["journey_id"],
            ["journey.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("stepevent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stepevent_journey_id"), ["journey_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stepevent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stepevent_journey_id"))

    op.drop_table("stepevent")
    with op.batch_alter_table("journeystep", schema=None) as batch_op:
        batch_op.drop_index("ix_step_status_organisation")
        batch_op.drop_index("ix_step_settled")
        batch_op.drop_index("ix_step_due")
        batch_op.drop_index(batch_op.f("ix_journeystep_journey_id"))

    op.drop_table("journeystep")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_journey_id"))

    op.drop_table("decision")
    with op.batch_alter_table("journey", schema=None) as batch_op:
        batch_op.drop_index("ix_journey_open")
        batch_op.drop_index(batch_op.f("ix_journey_newcomer_id"))
        batch_op.drop_index("ix_journey_launched")
        batch_op.drop_index(batch_op.f("ix_journey_cohort"))

    op.drop_table("journey")
    with op.batch_alter_table("newcomer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_newcomer_employer"))

    op.drop_table("newcomer")
    with op.batch_alter_table("advisor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_advisor_organisation"))

    op.drop_table("advisor")
