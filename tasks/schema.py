"""Our database's schema, managed with Alembic (tasks/migrations/).

A new, empty database is brought to the newest revision on first use, so that the embedded
default still needs no setup. Any other database must be at the newest revision: ankommen
refuses to work on one that is behind, saying how to upgrade (`ankommen upgrade`). A
database made by release 0.1.0, before migrations, has our tables but no revision: upgrading
marks it as the first revision, which is 0.1.0's schema, and goes on from there.
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
RELEASE_0_1_0 = "0001"  # the schema of release 0.1.0, the first, made before migrations
VERSION_TABLE = "alembic_version"
LOCK_KEY = 20270042  # PostgreSQL advisory lock: ankommen's schema is being made


class SchemaBehind(RuntimeError):
    pass


# Alembic is imported where it is used: every command checks the revision, few migrate.


def _config(connection: Connection) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    found = script.get_current_head()
    assert found is not None
    return found


def revision(engine: Engine) -> str | None:
    """The database's revision; RELEASE_0_1_0 for one made before migrations; None if empty."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names()) - {VERSION_TABLE}
        current = MigrationContext.configure(connection).get_current_revision()
    return current or (RELEASE_0_1_0 if tables else None)


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to the newest revision; (from, to). Callers other than `ready`
    hold no lock: upgrading is done once, by hand, while ankommen is stopped."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    before = revision(engine)
    with engine.begin() as connection:
        config = _config(connection)
        if (
            before == RELEASE_0_1_0
            and not MigrationContext.configure(connection).get_current_revision()
        ):
            command.stamp(config, RELEASE_0_1_0)
        command.upgrade(config, "head")
    return before, head()


@contextmanager
def _one_at_a_time(engine: Engine) -> Iterator[None]:
    """Processes that find an empty database at the same moment (a runner's first flow runs,
    a command) make it one after the other: a file lock beside SQLite, an advisory lock on
    PostgreSQL."""
    if engine.dialect.name == "sqlite":
        with open(f"{engine.url.database}.migrating", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        return
    with engine.connect() as connection:
        connection.execute(text("select pg_advisory_lock(:key)"), {"key": LOCK_KEY})
        try:
            yield
        finally:
            connection.execute(text("select pg_advisory_unlock(:key)"), {"key": LOCK_KEY})


def ready(engine: Engine, where: str) -> None:
    """Use a database at the newest revision; make an empty one so. Raises SchemaBehind."""
    current = revision(engine)
    if current != head():  # empty, behind, or being made by another process right now
        with _one_at_a_time(engine):
            if revision(engine) is None:
                upgrade(engine)
            current = revision(engine)
    if current != head():
        raise SchemaBehind(
            f"the database {where} is at revision {current}, this ankommen needs {head()}: "
            "back it up, then run `ankommen upgrade`"
        )
