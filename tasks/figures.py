"""The report's figures, counted by the database: a handful of grouped queries whatever the
number of journeys. Only one row per group and step, organisation or week comes back to
Python; the overdue list is the one exception, being a list.
"""

from datetime import date, timedelta

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    Subquery,
    case,
    cast,
    func,
    literal,
    null,
    select,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models.report import (
    GROUPINGS,
    WEEKS,
    Bottleneck,
    Figures,
    OverdueStep,
    StageCount,
    StepCount,
    StepTime,
    Week,
)
from models.status import OPEN
from models.steps import Stage
from models.tables import Journey, JourneyStep, Newcomer, StepStatus
from tasks.journeys import OPEN_JOURNEY, past_due
from tasks.sql_dates import days_between, week_of

WAITS_ON_ORGANISATION = (StepStatus.WAITING, StepStatus.RUNNING, StepStatus.RETRYING)


class UnknownGrouping(ValueError):
    def __init__(self, grouping: str) -> None:
        super().__init__(f"cannot group by '{grouping}'; groupings are: {', '.join(GROUPINGS)}")


def group_column(grouping: str | None) -> ColumnElement:
    match grouping:
        case None:
            return cast(null(), String)
        case "employer":
            return Newcomer.employer  # type: ignore[return-value]
        case "cohort":
            return Journey.cohort  # type: ignore[return-value]
    raise UnknownGrouping(grouping)


def _journeys(grouping: str | None, *columns: ColumnElement) -> Select:
    statement = select(group_column(grouping).label("grp"), *columns).select_from(Journey)
    return statement.join(Newcomer) if grouping == "employer" else statement


def _steps(grouping: str | None, *columns: ColumnElement, of_open: bool = True) -> Select:
    """Steps with their group; of open journeys only, unless `of_open` is False."""
    if grouping is None and not of_open:  # no journey to look up for each step
        return select(group_column(None).label("grp"), *columns).select_from(JourneyStep)
    statement = _journeys(grouping, *columns)
    statement = statement.join(JourneyStep, JourneyStep.journey_id == Journey.id)  # type: ignore[arg-type]
    return statement.where(OPEN_JOURNEY) if of_open else statement


def _spread(
    rows: Subquery, keys: list[str], value: str, sums: tuple[str, ...] = ()
) -> tuple[Subquery, list[ColumnElement]]:
    """Count, median, 90th percentile and maximum of `value` per key, read off a histogram:
    first one row per key and value (GROUP BY shrinks hundreds of thousands of steps to a few
    thousand rows), then running totals over it (window functions, SQLite and PostgreSQL
    alike). `sums` are columns added up per key beside them."""
    v = rows.c[value]
    histogram = (
        select(*(rows.c[k] for k in keys), v, func.count().label("here"))
        .add_columns(*(func.sum(rows.c[name]).label(name) for name in sums))
        .group_by(*(rows.c[k] for k in keys), v)
        .subquery()
    )
    partition = [histogram.c[k] for k in keys]
    here = histogram.c.here
    ranked = select(
        histogram,
        cast(
            func.sum(here).over(partition_by=partition, order_by=histogram.c[value]), Integer
        ).label("cum"),
        cast(func.sum(here).over(partition_by=partition), Integer).label("n"),
    ).subquery()
    cum, n, days = ranked.c.cum, ranked.c.n, ranked.c[value]
    # The middle ranks (n + 1) / 2 and n / 2 + 1 (integer division) are one rank for an odd n.
    lower = func.min(case((cum >= (n + 1) // 2, days)))
    upper = func.min(case((cum >= n // 2 + 1, days)))
    return ranked, [
        func.max(n),
        (lower + upper) / 2.0,
        func.min(case((10 * cum >= 9 * n, days))),
        func.max(days),
        *(func.sum(ranked.c[name]) for name in sums),
    ]


def stage_counts(db: Session, grouping: str | None) -> list[StageCount]:
    rows = (
        _steps(grouping, JourneyStep.stage, JourneyStep.journey_id)
        .where(JourneyStep.status.in_(OPEN))  # type: ignore[attr-defined]
        .subquery()
    )
    query = select(rows.c.grp, rows.c.stage, func.count(rows.c.journey_id.distinct()))
    found = db.exec(query.group_by(rows.c.grp, rows.c.stage))  # type: ignore[call-overload]
    return [StageCount(g, Stage(stage), count) for g, stage, count in found]


def step_counts(db: Session, grouping: str | None) -> list[StepCount]:
    rows = (
        _steps(grouping, JourneyStep.stage, JourneyStep.step, JourneyStep.status)
        .where(JourneyStep.required)
        .subquery()
    )
    keys = (rows.c.grp, rows.c.stage, rows.c.step)
    found = db.exec(  # type: ignore[call-overload]
        select(*keys, rows.c.status, func.count()).group_by(*keys, rows.c.status)
    )
    counts: dict[tuple, dict[str, int]] = {}
    for g, stage, step, status, count in found:
        column = _funnel_column(StepStatus(status))
        tally = counts.setdefault((g, stage, step), {})
        tally[column] = tally.get(column, 0) + count
    return [StepCount(g, Stage(stage), step, **tally) for (g, stage, step), tally in counts.items()]


def _funnel_column(status: StepStatus) -> str:
    if status in WAITS_ON_ORGANISATION:
        return "waiting"
    return {StepStatus.FAILED: "failed", StepStatus.PENDING: "pending"}.get(status, "done")


def step_times(db: Session, grouping: str | None) -> list[StepTime]:
    rows = (
        _steps(
            grouping,
            JourneyStep.step,
            days_between(JourneyStep.settled_on, JourneyStep.opened_on).label("days"),
            of_open=False,
        )
        .where(
            JourneyStep.status == StepStatus.DONE,
            JourneyStep.opened_on.is_not(None),  # type: ignore[union-attr]
            JourneyStep.settled_on.is_not(None),  # type: ignore[union-attr]
        )
        .subquery()
    )
    ranked, (count, median, p90, _longest) = _spread(rows, ["grp", "step"], "days")
    keys = (ranked.c.grp, ranked.c.step)
    found = db.exec(select(*keys, count, median, p90).group_by(*keys))  # type: ignore[call-overload]
    return [StepTime(g, step, n, float(med), int(p)) for g, step, n, med, p in found]


def bottlenecks(db: Session, grouping: str | None, today: date) -> list[Bottleneck]:
    rows = (
        _steps(
            grouping,
            JourneyStep.organisation,
            days_between(literal(today, Date), JourneyStep.opened_on).label("wait"),
            case((JourneyStep.due < today, 1), else_=0).label("late"),  # type: ignore[operator]
        )
        .where(
            JourneyStep.status.in_(WAITS_ON_ORGANISATION),  # type: ignore[attr-defined]
            JourneyStep.organisation.is_not(None),  # type: ignore[union-attr]
            JourneyStep.opened_on.is_not(None),  # type: ignore[union-attr]
        )
        .subquery()
    )
    ranked, (count, median, _p90, longest, late) = _spread(
        rows, ["grp", "organisation"], "wait", sums=("late",)
    )
    keys = (ranked.c.grp, ranked.c.organisation)
    query = select(*keys, count, median, longest, late).group_by(*keys)
    return [
        Bottleneck(g, org, n, float(med), int(top), int(late))
        for g, org, n, med, top, late in db.exec(query)  # type: ignore[call-overload]
    ]


def overdue_steps(db: Session, grouping: str | None, today: date) -> list[OverdueStep]:
    over = days_between(literal(today, Date), JourneyStep.due)
    query = (
        _steps(
            grouping,
            JourneyStep.journey_id,
            JourneyStep.step,
            JourneyStep.organisation,
            JourneyStep.due,
            over,
        )
        .where(past_due(today))
        .order_by(over.desc(), JourneyStep.journey_id)
    )
    return [OverdueStep(*row) for row in db.exec(query)]  # type: ignore[call-overload]


def weeks(db: Session, grouping: str | None, today: date) -> list[Week]:
    first = today - timedelta(days=today.weekday(), weeks=WEEKS - 1)
    counted: dict[tuple[str | None, date], dict[str, int]] = {}
    for name, query in (
        (
            "launched",
            _journeys(grouping, week_of(Journey.launched_on).label("week")).where(
                Journey.launched_on >= first  # type: ignore[operator]
            ),
        ),
        (
            "finished",
            _journeys(grouping, week_of(Journey.finished_on).label("week")).where(
                Journey.finished_on >= first  # type: ignore[operator]
            ),
        ),
        (
            "steps_done",
            _steps(grouping, week_of(JourneyStep.settled_on).label("week"), of_open=False).where(
                JourneyStep.settled_on >= first,  # type: ignore[operator]
                JourneyStep.status == StepStatus.DONE,
            ),
        ),
    ):
        rows = query.subquery()
        for g, week, count in db.exec(  # type: ignore[call-overload]
            select(rows.c.grp, rows.c.week, func.count()).group_by(rows.c.grp, rows.c.week)
        ):
            counted.setdefault((g, week), {})[name] = count
    return [Week(g, week, **tally) for (g, week), tally in sorted(counted.items(), key=_by_week)]


def _by_week(item: tuple[tuple[str | None, date], dict]) -> tuple:
    (g, week), _ = item
    return (g is not None, g or "", week)


def figures(db: Session, today: date, grouping: str | None = None) -> Figures:
    return Figures(
        today=today,
        grouping=grouping,
        stages=stage_counts(db, grouping),
        steps=step_counts(db, grouping),
        times=step_times(db, grouping),
        bottlenecks=bottlenecks(db, grouping, today),
        overdue=overdue_steps(db, grouping, today),
        weeks=weeks(db, grouping, today),
    )


def synthetic_journeys(db: Session) -> int:
    return db.exec(select(func.count()).where(Journey.synthetic)).scalar_one()  # type: ignore[call-overload]
