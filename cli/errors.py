"""How the command line fails: a message for people and an exit code for scripts."""

BAD_INPUT, REFUSED = 2, 1


class Failure(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def case_number(text: str) -> str:
    """A case number as typed (any case, stray blanks) as stored: WO-2026-0004."""
    return text.strip().upper()
