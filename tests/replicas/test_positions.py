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


async def test_a_committed_write_whose_position_cannot_be_read_answers_unstamped() -> None:
    """The write is done: its answer goes out as it is, not as a 500 a client would retry."""
    import httpx
    from starlette.responses import Response

    from app.db.routing import READ_AFTER, ReadAfterWrite, read_after

    class Unreachable:
        async def fetch(self, _sql: str, _params: dict[str, object]) -> list[object]:
            raise OSError("connection refused")

    async def created(scope: object, receive: object, send: object) -> None:
        await Response(b"{}", status_code=201)(scope, receive, send)  # type: ignore[arg-type]

    app = ReadAfterWrite(created, primary=Unreachable())  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        answer = await http.post("/v1/speakers", json={})
    assert answer.status_code == 201
    assert READ_AFTER not in answer.headers and "set-cookie" not in answer.headers
    assert read_after(httpx.Headers(), {"claimtrack_read_after": "junk"}) == 0
