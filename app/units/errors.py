"""Errors for units that cannot be read or converted, worded for people."""

_SHOWN_LENGTH = 64


def _shown(text: str) -> str:
    """The text quoted for a message, cut short if it is too long to be a unit."""
    if len(text) > _SHOWN_LENGTH:
        text = text[:_SHOWN_LENGTH] + "…"
    return repr(text)


class UnitError(ValueError):
    """A unit that cannot be used; .unit is the text as written."""

    def __init__(self, message: str, *, unit: str) -> None:
        super().__init__(message)
        self.unit = unit


class UnknownUnitError(UnitError):
    """Text that is not a unit this service can read."""

    def __init__(self, unit: str, *, word: str | None = None) -> None:
        detail = "" if word is None else f": unknown word {_shown(word)}"
        super().__init__(f"unknown unit {_shown(unit)}{detail}", unit=unit)
        self.word = word


class IncompatibleUnitsError(UnitError):
    """Two units of different dimensions, such as hours and square kilometres."""

    def __init__(
        self, *, unit: str, target: str, unit_dimension: str, target_dimension: str
    ) -> None:
        super().__init__(
            f"cannot convert {_shown(unit)} ({unit_dimension}) "
            f"to {_shown(target)} ({target_dimension})",
            unit=unit,
        )
        self.target = target
        self.unit_dimension = unit_dimension
        self.target_dimension = target_dimension
