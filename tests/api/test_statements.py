"""Lists, searches, facets and reads cost a fixed, small number of SQL statements."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from app.db.session import Database
from tests.factories import make_claim, make_measure, make_source, make_speaker

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """Every statement run inside the block, on the raw read path and through SQLAlchemy."""
    seen: list[str] = []

    def on_sqlalchemy(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", on_sqlalchemy)
    database.fast.listeners.append(seen.append)
    try:
        yield seen
    finally:
        database.fast.listeners.remove(seen.append)
        event.remove(database.engine.sync_engine, "before_cursor_execute", on_sqlalchemy)


def _key_lookup(statement: str) -> bool:
    return statement.lstrip().startswith("SELECT api_keys.")


def _work(found: list[str]) -> int:
    """The route's statements: not transaction control, and not the look-up of the request's key
    (an expensive route counts a keyed request by its key), which happens at most once."""
    assert sum(map(_key_lookup, found)) <= 1, found
    return sum(
        not statement.lstrip().upper().startswith(TRANSACTION_CONTROL)
        and not _key_lookup(statement)
        for statement in found
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"limit": 5},
        {"speaker": "alice", "tag": "kursk", "measure": "area", "said_from": "2024-01-01"},
        # an empty page asks once whether its speaker and measure exist (one statement for both)
        {"speaker": "alice", "measure": "area", "said_from": "2030-01-01"},
        {"q": "border report", "has_figures": "true"},
        {"q": "border", "sort": "-said_on", "count": "true"},
        {"rating": "false", "language": "en", "source": "SOURCE"},
        # an empty page asks once whether speaker, measure and source exist (one statement)
        {"speaker": "alice", "measure": "area", "source": "SOURCE", "said_from": "2030-01-01"},
    ],
)
async def test_list_and_search_need_at_most_three_statements(
    client: httpx.AsyncClient, database: Database, params: dict[str, Any]
) -> None:
    speaker = await make_speaker(client, name="Alice")
    source = await make_source(client)
    await make_measure(client, slug="area")
    for n in range(30):
        await make_claim(
            client,
            speaker=speaker,
            text=f"Border report {n}",
            tags=["kursk"],
            language="en",
            appearances=[{"source_id": source["id"]}],
            figures=[{"measure_id": "area", "value": n, "unit": "km2"}],
        )
    if params.get("source") == "SOURCE":  # the source made here (an unknown one is a 404)
        params = {**params, "source": source["id"]}
    first = await client.get("/v1/claims", params={**params, "limit": params.get("limit", 10)})
    assert first.status_code == 200, first.text
    cursor = first.json()["next_cursor"]
    with statements(database) as found:
        response = await client.get(
            "/v1/claims", params={**params, "limit": 10, **({"cursor": cursor} if cursor else {})}
        )
    assert response.status_code == 200, response.text
    assert _work(found) <= 3, found


async def test_get_and_facets_need_few_statements(
    client: httpx.AsyncClient, database: Database
) -> None:
    claim = await make_claim(client, tags=["a"])
    for path, params in (
        (f"/v1/claims/{claim['id']}", {}),
        ("/v1/claims/facets", {}),
        ("/v1/claims/facets", {"q": "claim", "tag": "a"}),
    ):
        with statements(database) as found:
            assert (await client.get(path, params=params)).status_code == 200
        assert _work(found) <= (2 if "facets" in path else 1), (path, found)


async def test_a_write_naming_its_measures_by_slug_looks_them_up_once(
    client: httpx.AsyncClient, database: Database
) -> None:
    """Speaker and measures named by slug or name are turned into ids by one statement for all
    of them, however many figures name them (not one a figure)."""
    speaker = await make_speaker(client, name="Desk")
    for n in range(3):
        await make_measure(client, slug=f"area-{n}", name=f"Area {n}")
    figures = [
        {"measure": f"area-{n % 3}" if n % 4 else "Area 1", "value": n, "unit": "km2"}
        for n in range(40)
    ]
    body = {"speaker": speaker["slug"], "text": "Forty areas", "said_on": "2024-08-14"}
    with statements(database) as found:
        created = await client.post("/v1/claims", json={**body, "figures": figures})
    assert created.status_code == 201, created.text
    assert [f["measure"] for f in created.json()["figures"]][:5] == [
        "area-1", "area-1", "area-2", "area-0", "area-1"
    ]  # fmt: skip
    by_slug = [s for s in found if "WHERE slug = " in s and s.lstrip().startswith("SELECT (SELECT")]
    assert len(by_slug) == 1, by_slug
