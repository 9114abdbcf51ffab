"""Fresh databases for tests: a SQLite file, or a PostgreSQL database of its own on the local
server (127.0.0.1:5432, trust auth), dropped afterwards."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from tasks.schema import upgrade

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


@contextmanager
def fresh_database(kind: str, tmp_path: Path, *, schema: bool = True) -> Iterator[Engine]:
    """An empty database, brought to the newest revision unless `schema` is False."""
    if kind == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'office.db'}")
        if schema:
            upgrade(engine)
        yield engine
        engine.dispose()
        return
    name = f"ankommen_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(f"{POSTGRES_SERVER}/{name}")
    try:
        if schema:
            upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
