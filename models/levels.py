"""German language levels (CEFR), ordered so that levels can be compared."""

from enum import StrEnum


class GermanLevel(StrEnum):
    NONE = "none"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        return list(GermanLevel).index(self)

    def reaches(self, other: "GermanLevel") -> bool:
        return self.rank >= other.rank
