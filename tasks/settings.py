"""Configuration, read from the environment once, on first use (never at import)."""

from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.tables import as_utc

OFFICE_TIMEZONE = ZoneInfo("Europe/Berlin")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ANKOMMEN_", extra="ignore")

    home: Path = Field(default=Path(".ankommen"), description="where the embedded default lives")
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "ANKOMMEN_DATABASE_URL")
    )
    authority_url: str | None = Field(
        default=None, description="base URL of the authorities' intake API; unset: by post"
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
    staff_language: str = Field(default="de", description="of messages to advisors")

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home.resolve() / 'ankommen.db'}"

    def current_date(self) -> date:
        return self.today or datetime.now(OFFICE_TIMEZONE).date()

    @property
    def notifying(self) -> bool:
        """Whether the office has set up notifications: only then are messages made."""
        return self.notify_config is not None


@cache
def get_settings() -> Settings:
    return Settings()


def office_time(moment: datetime, *, seconds: bool = False) -> str:
    """A moment in the office's time zone, with the zone: 2026-11-26 14:05 CET."""
    return (
        as_utc(moment)
        .astimezone(OFFICE_TIMEZONE)
        .strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")
    )
