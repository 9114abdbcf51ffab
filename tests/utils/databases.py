"""Fresh databases for tests: a SQLite file, or a PostgreSQL database of its own on the local
server (127.0.0.1:5432, trust auth), dropped afterwards."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.pool import NullPool

from tasks.schema import upgrade

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


def create_databases(prefix: str, *kinds: str) -> dict[str, str]:
    """A fresh PostgreSQL database for each kind: {kind: its name}."""
    names = {kind: f"{prefix}_{kind}_{uuid.uuid4().hex[:8]}" for kind in kinds}
    with _admin() as connection:
        for name in names.values():
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    return names


def drop_databases(names: list[str]) -> None:
    if names:
        with _admin() as connection:
            for name in names:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _admin() -> Iterator[Connection]:
    admin = create_engine(
        f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    with admin.connect() as connection:
        yield connection
    admin.dispose()


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
    name = create_databases("ankommen_test", "ours")["ours"]
    engine = create_engine(f"{POSTGRES_SERVER}/{name}")
    try:
        if schema:
            upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        drop_databases([name])
