"""Our database: SQLite by default, PostgreSQL via DATABASE_URL. One engine per URL, made lazily."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from tasks import schema
from tasks.settings import get_settings

_engines: dict[str, Engine] = {}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # Several processes (runner's flow runs, the CLI) write at once: WAL lets readers go on.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # What is erased or deleted is overwritten with zeros, not left in free space of the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _connect(url: str) -> Engine:
    if url.startswith("sqlite"):
        get_settings().home.mkdir(parents=True, exist_ok=True)
        created = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(created, "connect", _sqlite_pragmas)
        return created
    return create_engine(url, pool_pre_ping=True)


def engine() -> Engine:
    """Our database, at the newest schema (an empty one is made so; raises SchemaBehind)."""
    url = get_settings().resolved_database_url
    if url not in _engines:
        created = _connect(url)
        schema.ready(created, created.url.render_as_string(hide_password=True))
        _engines[url] = created
    return _engines[url]


def upgrade_database() -> tuple[str | None, str]:
    """Bring our database to the newest schema; (the revision it was at, the newest)."""
    upgraded = _connect(get_settings().resolved_database_url)
    try:
        return schema.upgrade(upgraded)
    finally:
        upgraded.dispose()


@contextmanager
def session() -> Iterator[Session]:
    """A session that commits only when told to; anything else rolls back."""
    with Session(engine(), expire_on_commit=False) as opened:
        yield opened


ERASED_TABLES = ("newcomer", "decision", "journeystep", "stepevent", "notification")


def forget_old_versions() -> None:
    """After an erasure, leave nothing of the erased values in the database's files: SQLite's
    write-ahead log still holds the pages as they were until it is checkpointed; PostgreSQL
    keeps old row versions until they are vacuumed."""
    with engine().connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            connection.exec_driver_sql(f"VACUUM {', '.join(ERASED_TABLES)}")
