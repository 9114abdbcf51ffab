"""the profession matched at launch

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30

Newcomers launched before keep their profession's key as the catalogue names it today, so
that no journey matches free text again when its recognition is filed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from models.professions import named_profession

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("newcomer", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("profession_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
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


def downgrade() -> None:
    with op.batch_alter_table("newcomer", schema=None) as batch_op:
        batch_op.drop_column("profession_key")
