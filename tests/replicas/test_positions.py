"""WAL positions and what a look at a standby makes of it, without a server."""

import pytest

from app.db.lsn import parse_lsn
from app.db.replicas import judged


def test_wal_positions_compare_as_numbers() -> None:
    assert parse_lsn("0/16B3748") == 0x16B3748
    assert parse_lsn("0/FFFFFFFF") < parse_lsn("1/0") < parse_lsn("1/a")
    assert parse_lsn("1/A") == parse_lsn("1/a")


@pytest.mark.parametrize("text", ["", "16B3748", "0/", "0/16B3748\n", "0/-1", "0/123456789", "x/1"])
def test_anything_else_is_not_a_wal_position(text: str) -> None:
    with pytest.raises(ValueError, match="not a WAL position"):
        parse_lsn(text)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ((True, "0/3000060", 0.0), None),
        ((True, "0/3000060", 9.5), None),
        ((True, "0/3000060", 10.5), "10.5 s behind the primary (> 10 s)"),
        ((True, "0/3000060", None), "behind the primary by an unknown time"),
        ((False, "0/3000060", 0.0), "not a standby (promoted, or a primary)"),
        ((False, None, None), "not a standby (promoted, or a primary)"),
    ],
)
def test_a_standby_serves_while_in_recovery_and_within_the_lag_allowed(
    row: tuple[bool, str | None, float | None], problem: str | None
) -> None:
    position = judged(row, max_lag=10)
    assert position.problem == problem
    if row[0]:
        assert position.replayed == 0x3000060
