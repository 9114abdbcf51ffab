"""Who acts, and for whom: advisors and coordinators as records of our database.

An office starts without them: anyone acts under a name they give. Once the first coordinator
is set up (`ankommen advisor add NAME --org welcome-office-bochum --coordinator`), everyone who
changes something says who they are (`--as STAFF-ID`, or ANKOMMEN_ACTOR): an advisor may act
only on steps of their own organisation, a coordinator on everything, and decisions carry the
staff id, never the name.
"""

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models.organisations import known_organisation
from models.tables import Advisor

STAFF_ATTEMPTS = 5


class ActorRefused(ValueError):
    """Who acts is unknown, or may not do this; nothing was changed."""


def identity_on(session: Session) -> bool:
    return session.exec(select(Advisor.id).limit(1)).first() is not None


def find_advisor(session: Session, who: str) -> Advisor | None:
    """By staff id (any case) or by exact name, when that name is unique."""
    if found := session.get(Advisor, who.strip().lower()):
        return found
    named = list(session.exec(select(Advisor).where(Advisor.name == who.strip())).all())
    return named[0] if len(named) == 1 else None


def _known(session: Session, who: str | None) -> Advisor:
    if not who:
        raise ActorRefused("say who acts: --as STAFF-ID, or set ANKOMMEN_ACTOR")
    if (advisor := find_advisor(session, who)) is None:
        raise ActorRefused(f"unknown advisor '{who}'; `ankommen advisor list` lists them")
    return advisor


def named_actor(session: Session, who: str | None, organisation: str | None, doing: str) -> str:
    """Who acts on a step of `organisation`: a staff id, or the name given while the office has
    no advisors yet. Raises ActorRefused, also when nobody is named ("say who `doing`")."""
    staff = acting_for(session, who, organisation)
    if staff is None and not who:
        raise ActorRefused(f"say who {doing}: --as NAME")
    return staff or who  # type: ignore[return-value]


def acting_for(session: Session, who: str | None, organisation: str | None) -> str | None:
    """The staff id of who acts on a step of `organisation`; None while the office has no
    advisors yet (then the name given stands). Raises ActorRefused."""
    if not identity_on(session):
        return None
    advisor = _known(session, who)
    if not advisor.coordinator and advisor.organisation != organisation:
        raise ActorRefused(
            f"{advisor.id} acts for {advisor.organisation}, not for {organisation}: "
            "only a coordinator acts for every organisation"
        )
    return advisor.id


def coordinating(session: Session, who: str | None) -> str | None:
    """The staff id of the coordinator who acts; None while the office has no advisors yet."""
    if not identity_on(session):
        return None
    advisor = _known(session, who)
    if not advisor.coordinator:
        raise ActorRefused(f"{advisor.id} is not a coordinator: only coordinators do this")
    return advisor.id


def add_advisor(
    *, session: Session, name: str, organisation: str, coordinator: bool, actor: str | None
) -> Advisor:
    """A new advisor, and commit. The first one sets the office up and is a coordinator;
    after that, only a coordinator adds advisors."""
    known_organisation(organisation)
    if not name.strip():
        raise ActorRefused("an advisor needs a name")
    if not identity_on(session) and not coordinator:
        raise ActorRefused("the first advisor sets the office up: add a coordinator first")
    coordinating(session, actor)
    for _ in range(STAFF_ATTEMPTS):
        number = (session.exec(select(func.max(Advisor.number))).one() or 0) + 1
        advisor = Advisor(
            id=f"st-{number:04d}",
            number=number,
            name=name.strip(),
            organisation=organisation,
            coordinator=coordinator,
        )
        session.add(advisor)
        try:
            session.commit()
            return advisor
        except IntegrityError:  # another coordinator took the number at the same moment
            session.rollback()
    raise RuntimeError("could not allocate a staff id; try again")


def advisors(session: Session) -> list[Advisor]:
    return list(session.exec(select(Advisor).order_by(Advisor.number)).all())
