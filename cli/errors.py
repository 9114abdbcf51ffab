"""How the command line fails: a message for people and an exit code for scripts."""

from collections.abc import Iterator
from contextlib import contextmanager

BAD_INPUT, REFUSED = 2, 1


class Failure(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def case_number(text: str) -> str:
    """A case number as typed (any case, stray blanks) as stored: WO-2026-0004."""
    return text.strip().upper()


@contextmanager
def said_plainly(
    *,
    bad: tuple[type[Exception], ...] = (),
    refused: tuple[type[Exception], ...] = (),
    nothing: str = "nothing changed",
) -> Iterator[None]:
    """The office's errors as messages: bad input (exit 2) or a refusal (exit 1)."""
    try:
        yield
    except bad as error:
        raise Failure(str(error), BAD_INPUT) from None
    except refused as error:
        raise Failure(f"refused, {nothing}: {error}", REFUSED) from None
