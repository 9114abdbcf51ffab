"""Configuration, read from the environment once, on first use (never at import)."""

from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.erasure import RETENTION_MONTHS
from models.tables import as_utc

OFFICE_TIMEZONE = ZoneInfo("Europe/Berlin")


class Settings(BaseSettings):
    # Empty is unset: `prefect deploy` turns a Prefect variable nobody set into "".
    model_config = SettingsConfigDict(env_prefix="ANKOMMEN_", extra="ignore", env_ignore_empty=True)

    home: Path = Field(default=Path(".ankommen"), description="where the embedded default lives")
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "ANKOMMEN_DATABASE_URL")
    )
    database_secret: str | None = Field(
        default=None,
        description="a Prefect Secret block holding the database URL, where DATABASE_URL is unset",
    )
    authority_url: str | None = Field(
        default=None,
        description="base URL of the partner organisations' APIs; unset: by post and by hand",
    )
    authority_token: str | None = Field(default=None, description="bearer token for those APIs")
    authority_token_secret: str | None = Field(
        default=None, description="a Prefect Secret block holding authority_token"
    )
    authority_timeout_seconds: float = Field(
        default=10.0, gt=0, description="to wait for an answer"
    )
    authority_attempts: int = Field(default=5, ge=1, description="of one call, before it fails")
    authority_backoff_seconds: float = Field(
        default=0.5, ge=0, description="the first retry's mean wait; it doubles each time"
    )
    authority_max_wait_seconds: float = Field(
        default=120.0, ge=0, description="longer waits are left to the stage's own retries"
    )
    authority_concurrency: int = Field(
        default=4, ge=1, description="calls in flight to one organisation, across all workers"
    )
    office_prefix: str = "WO"
    today: date | None = Field(default=None, description="a fixed clock, for rehearsals and tests")
    notify_config: Path | None = Field(
        default=None, description="apprise configuration (YAML) of the office's channels"
    )
    newcomer_mail: str | None = Field(
        default=None,
        description="apprise mailto:// URL without a recipient, for e-mail to newcomers",
    )
    newcomer_mail_secret: str | None = Field(
        default=None, description="a Prefect Secret block holding newcomer_mail"
    )
    staff_language: str = Field(default="de", description="of messages to advisors")
    retention_months: int = Field(
        default=RETENTION_MONTHS, ge=1, description="personal data kept after a journey finished"
    )

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        if self.database_secret:
            return _secret(self.database_secret)
        return f"sqlite:///{self.home.resolve() / 'ankommen.db'}"

    @property
    def resolved_newcomer_mail(self) -> str | None:
        if self.newcomer_mail_secret and not self.newcomer_mail:
            return _secret(self.newcomer_mail_secret)
        return self.newcomer_mail

    @property
    def resolved_authority_token(self) -> str | None:
        if self.authority_token_secret and not self.authority_token:
            return _secret(self.authority_token_secret)
        return self.authority_token

    def current_date(self) -> date:
        return self.today or datetime.now(OFFICE_TIMEZONE).date()

    @property
    def notifying(self) -> bool:
        """Whether the office has set up notifications: only then are messages made."""
        return self.notify_config is not None


@cache
def get_settings() -> Settings:
    return Settings()


@cache
def _secret(block: str) -> str:
    """A credential read from Prefect, on a worker as it runs: it is in no file, no deployment
    and no environment. Imported here only, as Prefect takes seconds to import."""
    from prefect.blocks.system import Secret

    return str(Secret.load(block).get())


def office_time(moment: datetime, *, seconds: bool = False) -> str:
    """A moment in the office's time zone, with the zone: 2026-11-26 14:05 CET."""
    return (
        as_utc(moment)
        .astimezone(OFFICE_TIMEZONE)
        .strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")
    )
