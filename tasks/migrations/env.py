"""Alembic's environment for our database: the tables of models/tables.py, on the connection
that tasks/schema.py hands over (SQLite or PostgreSQL)."""

from alembic import context
from sqlmodel import SQLModel

import models.tables  # noqa: F401 - registers the tables with SQLModel's metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters a table by copying it
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
