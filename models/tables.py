"""Our database: newcomers (the only home of personal data), journeys, steps, decisions, history.

Prefect only ever sees the journey id; everything personal stays in these tables.
"""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; we only ever store UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def Timestamp(*, optional: bool = False) -> Any:  # noqa: N802 - reads like a type
    if optional:
        return Field(default=None, sa_type=DateTime(timezone=True))
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class StepStatus(StrEnum):
    PENDING = "pending"  # waits on earlier steps
    WAITING = "waiting"  # open: waits on an advisor or authority
    RUNNING = "running"
    RETRYING = "retrying"
    FAILED = "failed"
    DONE = "done"
    SKIPPED = "skipped"  # not needed for this newcomer, or done before the journey

    @property
    def settled(self) -> bool:
        return self in (StepStatus.DONE, StepStatus.SKIPPED)


class Newcomer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    nationality: str
    profession: str  # as the coordinator wrote it
    # The catalogue's key, matched once at launch (None: a coordinator picked the body).
    profession_key: str | None = None
    qualification_country: str
    purpose: str
    german_level: str
    arrival_date: date
    move_in_date: date | None = None
    birth_date: date | None = None
    employer: str | None = Field(default=None, index=True)
    children: list[int] = Field(default_factory=list, sa_column=Column(JSON))
    language: str
    email: str | None = None
    annual_salary: int | None = None
    fast_track: bool = False
    created_at: datetime = Timestamp()


class Journey(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("year", "number"),
        Index("ix_journey_open", "finished_on"),  # open journeys; finished ones by week
        Index("ix_journey_launched", "launched_on"),
    )

    id: str = Field(primary_key=True)  # case number, e.g. WO-2027-0042
    year: int
    number: int
    newcomer_id: int = Field(foreign_key="newcomer.id", index=True)
    flow_run_id: str | None = None
    wait_round: int = 0  # how many advisor answers the flow has taken from Prefect
    notice: str = ""  # why the last answer given in the Prefect UI was refused
    created_at: datetime = Timestamp()
    # Office dates (Europe/Berlin, or ANKOMMEN_TODAY in a rehearsal): what reports count in.
    launched_on: date
    finished_on: date | None = None
    cohort: str | None = Field(default=None, index=True)  # a group an employer brings at once
    # Ready to work once these steps are done, plus the German course after its booking.
    ready_steps: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    course_days: int = 0
    synthetic: bool = False  # the demo's made-up history, never mixed into real figures


class JourneyStep(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("journey_id", "step"),
        # Work lists and reports: open steps per organisation, steps past their deadline.
        Index("ix_step_status_organisation", "status", "organisation"),
        Index("ix_step_due", "due"),
        Index("ix_step_settled", "settled_on"),  # steps done by week
    )

    id: int | None = Field(default=None, primary_key=True)
    journey_id: str = Field(foreign_key="journey.id", index=True)
    position: int
    stage: str
    step: str
    organisation: str | None
    required: bool
    depends_on: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    # Stored by value ("waiting"), so that reports and other tools read plain words.
    status: StepStatus = Field(
        default=StepStatus.PENDING,
        sa_column=Column(
            SAEnum(StepStatus, values_callable=lambda statuses: [s.value for s in statuses])
        ),
    )
    since: datetime = Timestamp()
    opened_on: date | None = None  # office date the step began to wait on its organisation
    settled_on: date | None = None  # office date it was done
    due: date | None = None
    attempts: int = 0
    last_error: str | None = None
    outcome: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    note: str = ""
    claimed_by: str | None = None  # the advisor (staff id, or name) who took it on
    documents: list[str] = Field(default_factory=list, sa_column=Column(JSON))  # its checklist
    # A legal clock (models/steps.py `Step.clock`): stopped while the authority waits on the
    # newcomer, with the deadline as it stood; extended once.
    paused_since: date | None = None
    paused_due: date | None = None
    extended_on: date | None = None


class Decision(SQLModel, table=True):
    """An advisor's decision, stored before the journey applies it, so that none is lost."""

    __table_args__ = (UniqueConstraint("journey_id", "step"),)

    id: int | None = Field(default=None, primary_key=True)
    journey_id: str = Field(foreign_key="journey.id", index=True)
    step: str
    advisor: str
    payload: dict[str, Any] = Field(sa_column=Column(JSON))
    source: str  # cli or prefect-ui
    submitted_at: datetime = Timestamp()
    applied_at: datetime | None = Timestamp(optional=True)


class DocumentReceived(SQLModel, table=True):
    """A document of a step's checklist that arrived: ticked once, by whom, when."""

    __table_args__ = (UniqueConstraint("journey_id", "step", "document"),)

    id: int | None = Field(default=None, primary_key=True)
    journey_id: str = Field(foreign_key="journey.id", index=True)
    step: str
    document: str
    received_on: date
    ticked_by: str
    source: str  # cli, journey (arrived with another step's decision)
    at: datetime = Timestamp()


class StepEvent(SQLModel, table=True):
    """The audit trail: who did what, when and from where. Rows are only ever added."""

    id: int | None = Field(default=None, primary_key=True)
    journey_id: str = Field(foreign_key="journey.id", index=True)
    step: str
    at: datetime = Timestamp()
    event: str
    detail: str = ""
    actor: str = "ankommen"  # a staff id (or the name given, before the office has advisors)
    source: str = "journey"  # journey, cli, csv, prefect-ui, demo


class Advisor(SQLModel, table=True):
    """Someone who acts in ankommen: an advisor of a partner organisation, or a coordinator
    of the Welcome Office. The name is personal data; the staff id (st-0001) is what Prefect
    and decisions show."""

    id: str = Field(primary_key=True)  # staff id
    number: int = Field(unique=True)
    name: str
    organisation: str = Field(index=True)
    coordinator: bool = False
    created_at: datetime = Timestamp()


class NotificationStatus(StrEnum):
    PENDING = "pending"  # to send, or to send again after a channel failed
    SENDING = "sending"  # claimed by a sender; left so if it stopped: never sent twice
    SENT = "sent"
    FAILED = "failed"  # the channel failed every attempt, or there is nobody to send to


class Notification(SQLModel, table=True):
    """The outbox: each message once, by its key (journey, step, event, date), whoever makes
    it and however often. A sender claims a row before sending, so that a retry, a second
    sweep or a crash between sending and recording never sends it twice."""

    __table_args__ = (Index("ix_notification_status", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    journey_id: str | None = Field(default=None, foreign_key="journey.id", index=True)
    kind: str
    recipient: str  # an apprise tag (org:…, role:coordinator, employer:…) or "newcomer"
    language: str
    subject: str
    body: str
    status: NotificationStatus = Field(
        default=NotificationStatus.PENDING,
        sa_column=Column(
            SAEnum(NotificationStatus, values_callable=lambda statuses: [s.value for s in statuses])
        ),
    )
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime = Timestamp()
    sent_at: datetime | None = Timestamp(optional=True)
