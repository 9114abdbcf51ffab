"""Sending a message: a small interface, whose real adapter is apprise (unit tests use a
recording fake). The office's channels are apprise URLs in an apprise configuration file
(YAML), routed by tags (`org:buergerbuero-bochum`, `role:coordinator`, `employer:…`), so
that e-mail, Matrix, Teams, ntfy or anything apprise knows needs no code. Newcomers' own
addresses come from our database: their e-mail goes through the mailto:// transport that
ANKOMMEN_NEWCOMER_MAIL names, with the address added as its recipient.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlsplit

from models.messages import Message
from models.organisations import ORGANISATIONS
from tasks.settings import get_settings


@dataclass(frozen=True)
class Delivery:
    ok: bool
    detail: str = ""
    again: bool = True  # whether trying again later may help (not for a tag nobody has)


class Notifier(Protocol):
    def to_channel(self, tag: str, message: Message) -> Delivery: ...

    def to_address(self, email: str, message: Message) -> Delivery: ...


def known_tag(tag: str) -> bool:
    kind, _, value = tag.partition(":")
    if kind == "org":
        return value in ORGANISATIONS
    return (kind, value) == ("role", "coordinator") or (kind == "employer" and bool(value))


class NotifyConfigBroken(ValueError):
    """The notification settings cannot be used; nothing is sent."""


def _unusable_urls(apprise: Any, config: Path) -> list[str]:
    """The configuration's URLs apprise drops (it only logs them), named without secrets."""
    import yaml

    loaded = yaml.safe_load(config.read_text())
    entries = (loaded.get("urls") if isinstance(loaded, dict) else None) or []
    urls = [next(iter(entry)) if isinstance(entry, dict) else str(entry) for entry in entries]
    return [
        f"{urlsplit(url).scheme}://{urlsplit(url).hostname or '…'}"
        for url in urls
        if apprise.Apprise.instantiate(url) is None
    ]


class AppriseNotifier:
    def __init__(self, config: Path, newcomer_mail: str | None) -> None:
        import apprise  # loads its plugins: only where something is sent

        self._apprise = apprise
        if not config.is_file():
            raise NotifyConfigBroken(f"no apprise configuration at {config}")
        loaded = apprise.AppriseConfig()
        self.channels = apprise.Apprise()
        if not loaded.add(str(config)) or not self.channels.add(loaded) or not self.channels:
            raise NotifyConfigBroken(
                f"cannot read the apprise configuration {config}: it holds no URL apprise "
                "can use (YAML needs `version: 1` and `urls:`)"
            )
        if unusable := _unusable_urls(apprise, config):
            raise NotifyConfigBroken(
                f"{config}: apprise cannot use {', '.join(unusable)} (a typo, or a service "
                "it does not know); nothing is sent until it is fixed"
            )
        for server in self.channels:
            for tag in map(str, server.tags):
                if not known_tag(tag):
                    raise NotifyConfigBroken(
                        f"{config}: unknown tag '{tag}'; tags are org:<organisation id, e.g. "
                        "buergerbuero-bochum>, role:coordinator and employer:<name>"
                    )
        if newcomer_mail and not newcomer_mail.startswith(("mailto://", "mailtos://")):
            raise NotifyConfigBroken("ANKOMMEN_NEWCOMER_MAIL must be a mailto:// URL")
        self.newcomer_mail = newcomer_mail

    def _result(self, result: object, where: str) -> Delivery:
        status = getattr(result, "status", None)
        if status == self._apprise.AppriseResultStatus.NOMATCH:  # falsy, yet not a failure
            return Delivery(False, f"no channel is tagged {where}", again=False)
        return Delivery(bool(result), "" if result else f"the channel of {where} failed")

    def to_channel(self, tag: str, message: Message) -> Delivery:
        result = self.channels.notify(body=message.body, title=message.subject, tag=tag)
        return self._result(result, tag)

    def to_address(self, email: str, message: Message) -> Delivery:
        if not self.newcomer_mail:
            return Delivery(
                False, "no e-mail transport for newcomers (ANKOMMEN_NEWCOMER_MAIL)", again=False
            )
        joiner = "&" if "?" in self.newcomer_mail else "?"
        sender = self._apprise.Apprise()
        if not sender.add(f"{self.newcomer_mail}{joiner}to={quote(email)}"):
            return Delivery(False, "the newcomer's e-mail address is not usable", again=False)
        result = sender.notify(
            body=message.html(),
            title=message.subject,
            body_format=self._apprise.NotifyFormat.HTML,
        )
        return self._result(result, "the newcomer's e-mail")


class NotificationsOff(NotifyConfigBroken):
    pass


def office_notifier() -> AppriseNotifier:
    """The office's channels, as its settings name them (raises NotifyConfigBroken)."""
    settings = get_settings()
    if settings.notify_config is None:
        raise NotificationsOff(
            "notifications are off: set ANKOMMEN_NOTIFY_CONFIG to the office's apprise "
            "configuration (YAML)"
        )
    return AppriseNotifier(settings.notify_config, settings.resolved_newcomer_mail)
