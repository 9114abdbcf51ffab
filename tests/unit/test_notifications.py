"""Who is told what, once: a step that opens, a deadline that approaches or passes, a journey
that completes; the outbox sent once whatever stops or fails; the dry run and the log."""

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from cli.main import main
from models.steps import Stage
from models.tables import JourneyStep, Newcomer, Notification, NotificationStatus
from tasks.delivery import MAX_ATTEMPTS, deliver
from tasks.prefect_address import ui_url
from tasks.settings import get_settings
from tasks.stage import advance_stage
from tests.utils.factories import arrival_data
from tests.utils.notifying import RecordingNotifier, apprise_config

TODAY = date(2027, 3, 1)


@pytest.fixture
def notifying(
    office: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Session]:
    config = apprise_config(tmp_path, ("json://127.0.0.1:9/", "org:housing-partner"),
                            ("json://127.0.0.1:9/c", "role:coordinator"))  # fmt: skip
    monkeypatch.setenv("ANKOMMEN_NOTIFY_CONFIG", str(config))
    get_settings.cache_clear()
    yield office
    get_settings.cache_clear()


def _launch(capsys: pytest.CaptureFixture[str], tmp_path: Path, **fields: object) -> str:
    path = tmp_path / "arrival.json"
    path.write_text(json.dumps(arrival_data(**fields)))
    assert main(["launch", str(path)]) == 0
    return capsys.readouterr().out.split("journey ")[1].split(";")[0]


def _outbox(db: Session) -> list[Notification]:
    db.expire_all()
    return list(db.exec(select(Notification).order_by(Notification.id)).all())


def test_an_open_step_tells_its_organisation_and_the_newcomer_in_her_language(
    notifying: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journey = _launch(capsys, tmp_path, name="María Pérez", language="es",
                      arrival_date="2027-04-01", move_in_date=None)  # fmt: skip
    advance_stage(journey, Stage.HOUSING, final_attempt=True, today=TODAY)
    staff, newcomer = _outbox(notifying)
    assert (staff.recipient, staff.language) == ("org:housing-partner", "de")
    assert staff.subject == f"{journey}: Accommodation wartet auf housing partner"
    assert "María" not in staff.body and ui_url() in staff.body  # the link
    assert (newcomer.recipient, newcomer.language) == ("newcomer", "es")
    assert newcomer.subject == "Su próximo paso en Bochum: Accommodation"
    assert "Hola María Pérez" in newcomer.body and "passport" in newcomer.body

    advance_stage(journey, Stage.HOUSING, final_attempt=True, today=TODAY)  # a retry, a resume
    assert len(_outbox(notifying)) == 2


def test_without_a_configuration_no_messages_are_made(
    office: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journey = _launch(capsys, tmp_path, arrival_date="2027-04-01", move_in_date=None)
    advance_stage(journey, Stage.HOUSING, final_attempt=True, today=TODAY)
    assert _outbox(office) == []


def _anmeldung_due(db: Session, journey: str, due: date) -> None:
    step = db.exec(
        select(JourneyStep).where(
            JourneyStep.journey_id == journey, JourneyStep.step == "anmeldung"
        )
    ).one()
    step.status, step.due = "waiting", due
    db.add(step)
    db.commit()


def test_the_anmeldung_is_reminded_on_day_10_and_escalated_when_overdue_each_once(
    notifying: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journey = _launch(capsys, tmp_path, name="Ayşe Yılmaz", language="tr", nationality="TR")
    _anmeldung_due(notifying, journey, TODAY + timedelta(days=5))
    assert main(["notifications", "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # day 9 of 14: not yet

    assert main(["notifications", "--dry-run", "--json", "--today", "2027-03-02"]) == 0
    near = json.loads(capsys.readouterr().out)
    assert [(n["recipient"], n["language"]) for n in near] == [
        ("org:buergerbuero-bochum", "de"),
        ("newcomer", "tr"),
    ]
    assert near[1]["subject"] == "Hatırlatma: 2027-03-06 tarihine kadar Anmeldung"
    assert "4 gün sonra" in near[1]["body"]
    assert _outbox(notifying) == []  # a dry run stores nothing

    from tasks.outbox import sweep

    assert sweep(date(2027, 3, 2), digest=False) == 2
    assert sweep(date(2027, 3, 2), digest=False) == 0  # the sweep again: nothing twice
    assert sweep(date(2027, 3, 7), digest=False) == 1
    assert _outbox(notifying)[-1].recipient == "role:coordinator"
    assert "1 Tage überfällig" in _outbox(notifying)[-1].body
    assert sweep(date(2027, 3, 8), digest=False) == 0  # escalated once per deadline


def test_the_outbox_is_sent_once_whatever_fails_or_stops(
    notifying: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    journey = _launch(capsys, tmp_path, arrival_date="2027-04-01", move_in_date=None)
    advance_stage(journey, Stage.HOUSING, final_attempt=True, today=TODAY)
    channel = RecordingNotifier(down={"org:housing-partner"})
    deliver(channel)
    assert [to for to, _ in channel.sent] == ["katarzyna.nowak@example.org"]
    staff, newcomer = _outbox(notifying)
    assert (staff.status, staff.attempts) == (NotificationStatus.PENDING, 1)
    assert newcomer.status is NotificationStatus.SENT
    for _ in range(MAX_ATTEMPTS):
        deliver(channel)
    assert _outbox(notifying)[0].status is NotificationStatus.FAILED
    assert len(channel.sent) == 1  # the newcomer's message went once

    # A sender that stopped between sending and recording: its message is not sent again.
    stopped = Notification(key="x", journey_id=journey, kind="step_opened", subject="s",
                           body="b", recipient="org:housing-partner", language="de",
                           status=NotificationStatus.SENDING)  # fmt: skip
    notifying.add(stopped)
    notifying.commit()
    deliver(RecordingNotifier())
    assert _outbox(notifying)[-1].status is NotificationStatus.SENDING
    assert main(["notifications", "--log", journey]) == 0
    log = capsys.readouterr().out
    assert "unknown: the sender stopped while sending" in log and "sent" in log


def test_a_journey_that_completes_tells_the_coordinator_and_the_employer(
    notifying: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tasks.journeys import get_journey
    from tasks.notices import journey_done

    journey = _launch(capsys, tmp_path, employer="Hotel am Stadtpark")
    journey_done(notifying, get_journey(session=notifying, journey_id=journey))
    notifying.commit()
    assert [n.recipient for n in _outbox(notifying)] == [
        "role:coordinator",
        "employer:hotel-am-stadtpark",
    ]
    newcomer = notifying.exec(select(Newcomer)).one()
    assert all(newcomer.name not in n.body for n in _outbox(notifying))


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (None, "no apprise configuration at"),
        ("version: 1\nurls: [", "cannot read the apprise configuration"),
        ("version: 1\nurls: []\n", "holds no URL apprise can use"),
        (
            "version: 1\nurls:\n  - json://localhost\n  - xyz://secret@host/x\n",
            "apprise cannot use xyz://host (a typo",
        ),
        (
            "version: 1\nurls:\n  - json://localhost:\n    - tag: org:nowhere\n",
            "unknown tag 'org:nowhere'",
        ),
    ],
)
def test_a_bad_configuration_is_named_and_nothing_is_sent(
    office: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], config: str | None, message: str,
) -> None:  # fmt: skip
    path = tmp_path / "notify.yaml"
    if config is not None:
        path.write_text(config)
    monkeypatch.setenv("ANKOMMEN_NOTIFY_CONFIG", str(path))
    get_settings.cache_clear()
    assert main(["notifications"]) == 2
    assert message in capsys.readouterr().err
    assert _outbox(office) == []


def test_the_example_configuration_is_one_apprise_uses_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tasks.notifier import office_notifier

    example = Path(__file__).resolve().parents[2] / "examples" / "notify.yaml"
    monkeypatch.setenv("ANKOMMEN_NOTIFY_CONFIG", str(example))
    get_settings.cache_clear()
    assert len(office_notifier().channels) == 5
    get_settings.cache_clear()


def test_each_organisation_gets_one_digest_a_day_overdue_first(
    notifying: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tasks.outbox import sweep

    late = _launch(capsys, tmp_path, name="Late Person")
    early = _launch(capsys, tmp_path, name="Early Person")
    _anmeldung_due(notifying, late, TODAY - timedelta(days=2))
    _anmeldung_due(notifying, early, TODAY + timedelta(days=10))
    sweep(TODAY, digest=True)
    (digest,) = [n for n in _outbox(notifying) if n.kind == "digest"]
    assert digest.recipient == "org:buergerbuero-bochum"
    assert digest.subject == "Bürgerbüro Bochum: 2 offene Schritte am 2027-03-01"
    lines = digest.body.splitlines()[-2:]
    assert lines == [
        f"- {late} Anmeldung, due 2027-02-27 (overdue)",
        f"- {early} Anmeldung, due 2027-03-11",
    ]
    assert "Person" not in digest.body
    assert sweep(TODAY, digest=True) == 0


def test_a_filing_that_fails_for_good_tells_the_coordinators(
    notifying: Session, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    journey = _launch(capsys, tmp_path, arrival_date="2027-04-01", move_in_date=None)
    monkeypatch.setenv("ANKOMMEN_AUTHORITY_URL", "http://127.0.0.1:9")  # nobody answers
    get_settings.cache_clear()
    advance_stage(journey, Stage.RECOGNITION, final_attempt=True, today=TODAY)
    (failed,) = [n for n in _outbox(notifying) if n.kind == "failed"]
    assert failed.recipient == "role:coordinator"
    assert failed.subject == f"Fehlgeschlagen: {journey} Recognition application"
    assert f"ankommen retry {journey}" in failed.body
