"""Our database: SQLite by default, PostgreSQL via DATABASE_URL. One engine per URL, made lazily."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, SQLModel, create_engine

import models.tables  # noqa: F401 - registers the tables with SQLModel's metadata
from tasks.settings import get_settings

_engines: dict[str, Engine] = {}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # Several processes (runner's flow runs, the CLI) write at once: WAL lets readers go on.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def engine() -> Engine:
    url = get_settings().resolved_database_url
    if url not in _engines:
        if url.startswith("sqlite"):
            get_settings().home.mkdir(parents=True, exist_ok=True)
            created = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            event.listen(created, "connect", _sqlite_pragmas)
        else:
            created = create_engine(url, pool_pre_ping=True)
        SQLModel.metadata.create_all(created)
        _engines[url] = created
    return _engines[url]


@contextmanager
def session() -> Iterator[Session]:
    """A session that commits only when told to; anything else rolls back."""
    with Session(engine(), expire_on_commit=False) as opened:
        yield opened
