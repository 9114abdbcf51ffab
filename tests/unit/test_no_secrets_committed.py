"""No secret is committed: credentials come from Prefect's Secret blocks or the environment
(README, "Running it for real"). The repository's files are scanned for private keys, the
tokens of well-known services, and URLs with a password for a host that is not reserved for
documentation (RFC 2606: `.example`, `example.org`)."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SECRETS = {
    "a private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "an AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "a GitHub token": re.compile(r"\b(?:ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})"),
    "a GitLab token": re.compile(r"\bglpat-[A-Za-z0-9_-]{20}\b"),
    "a Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "a Stripe key": re.compile(r"\bsk_live_[A-Za-z0-9]{20,}"),
}
URL_WITH_PASSWORD = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:[^/\s@'\"]+@([^/\s:?'\"]+)")
DOCUMENTATION_HOSTS = re.compile(r"(?:^|\.)(?:example|example\.(?:com|org|net))$|^host$")


def found_secrets(files: dict[str, str]) -> list[str]:
    """'path: what' for each secret in the files' texts."""
    found = [
        f"{path}: {what}"
        for path, text in files.items()
        for what, pattern in SECRETS.items()
        if pattern.search(text)
    ]
    found += [
        f"{path}: a password for {match.group(1)}"
        for path, text in files.items()
        for match in URL_WITH_PASSWORD.finditer(text)
        if not DOCUMENTATION_HOSTS.search(match.group(1))
    ]
    return found


def _committed() -> dict[str, str]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()  # fmt: skip
    texts = {}
    for name in listed:
        try:
            texts[name] = (ROOT / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # binary (a picture), or deleted in the working tree
    return texts


def test_the_repository_holds_no_secret() -> None:
    files = _committed()
    assert len(files) > 100  # the scan read the repository
    assert found_secrets(files) == []


@pytest.mark.parametrize(
    ("text", "what"),
    [
        # made up, and put together here, so that this file holds none of them itself
        ("-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3Bl\n", "a private key"),
        ("aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE", "an AWS access key"),
        ("token: ghp_" + "a" * 36, "a GitHub token"),
        ("ANKOMMEN_NEWCOMER_MAIL=mailtos://welcome:Hunter2" + "@smtp.bochum.de",
         "a password for smtp.bochum.de"),
        ("DATABASE_URL=postgresql+psycopg://ankommen:pw" + "@10.0.0.5/ankommen",
         "a password for 10.0.0.5"),
    ],
)  # fmt: skip
def test_the_scan_finds_a_secret_where_one_is(text: str, what: str) -> None:
    assert found_secrets({"leak.env": text}) == [f"leak.env: {what}"]


def test_documentation_may_show_a_url_with_a_made_up_password() -> None:
    examples = "mailtos://welcome:secret@smtp.bochum.example postgresql://u:p@db.example/x"
    assert found_secrets({"README.md": examples}) == []
