"""A recording fake of the notifier interface (tasks/notifier.py), and an apprise
configuration to switch notifications on; the e2e tests use real receivers instead."""

from dataclasses import dataclass, field
from pathlib import Path

from models.messages import Message
from tasks.notifier import Delivery


@dataclass
class RecordingNotifier:
    down: set[str] = field(default_factory=set)  # channels that fail
    sent: list[tuple[str, Message]] = field(default_factory=list)

    def to_channel(self, tag: str, message: Message) -> Delivery:
        if tag in self.down:
            return Delivery(False, f"the channel of {tag} failed")
        self.sent.append((tag, message))
        return Delivery(True)

    def to_address(self, email: str, message: Message) -> Delivery:
        self.sent.append((email, message))
        return Delivery(True)


def apprise_config(directory: Path, *routes: tuple[str, str]) -> Path:
    """An apprise YAML configuration: (URL, tag) per channel."""
    lines = ["version: 1", "urls:"]
    for url, tag in routes:
        lines += [f"  - {url}:", f"    - tag: {tag}"]
    path = directory / "notify.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path
