"""The office's settings as workers of the scale-out receive them: `prefect deploy` turns a
Prefect variable nobody set into an empty value, which must mean unset, not a path or a URL."""

from pathlib import Path

import pytest

from cli.errors import BAD_INPUT
from cli.main import main
from tasks.settings import Settings


def test_an_empty_setting_is_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NOTIFY_CONFIG", "AUTHORITY_URL", "TODAY", "NEWCOMER_MAIL_SECRET", "HOME"):
        monkeypatch.setenv(f"ANKOMMEN_{name}", "")
    settings = Settings()
    assert not settings.notifying  # not Path("."): notifications stay off
    assert settings.authority_url is None and settings.today is None
    assert settings.resolved_newcomer_mail is None and settings.home == Path(".ankommen")


def test_scaling_out_on_sqlite_is_refused_saying_why(
    office: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scale-out", "--results", str(tmp_path / "results")]) == BAD_INPUT
    said = capsys.readouterr().err
    assert "workers need a database they all reach: set DATABASE_URL to PostgreSQL" in said
    assert not (tmp_path / "results").exists()
