"""Whatever a write accepts, every read of it works: claims at the extreme days and magnitudes
(tests/extremes.py), then the comparison, every chart, /v1/compare, facets, lists in every
order, exports, ClaimReview and the claims themselves, on SQLite and on PostgreSQL.

The @examples are the boundaries and run every time; the random search runs
CLAIMTRACK_FUZZ_EXAMPLES examples (5 by default, to keep the suite quick; `make fuzz` runs 100).
"""

import os
from typing import Any

import httpx
import hypothesis
import pytest
from hypothesis import strategies as st

from app.db.session import Database
from tests.conftest import empty_tables
from tests.extremes import (
    CLAIMS,
    FIRST_DAY,
    LAST_DAY,
    LENGTH_UNITS,
    SOURCES,
    change_unit,
    length_figure,
    read_everything,
    write,
)

EXAMPLES = int(os.environ.get("CLAIMTRACK_FUZZ_EXAMPLES", "5"))
# An example takes 2-3 s (about 80 requests); the whole search is one pytest test.
TIMEOUT = 300 + 10 * EXAMPLES
EVERY_DAY = {"as_of": FIRST_DAY, "period_start": FIRST_DAY, "period_end": LAST_DAY}


def claim(said_on: str, *figures: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A drawn claim, written out for an @example."""
    return {"said_on": said_on, "figures": list(figures), **fields}


@pytest.mark.timeout(TIMEOUT)
@hypothesis.settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.reuse, hypothesis.Phase.generate],
)
@hypothesis.given(
    claims=CLAIMS,
    unit=st.sampled_from(LENGTH_UNITS),
    published=SOURCES,
    new_unit=st.none() | st.sampled_from(LENGTH_UNITS),
)
# A y span that underflowed to a zero tick step made the charts a 500.
@hypothesis.example(
    claims=[
        claim(FIRST_DAY, length_figure(0, "km")),
        claim(LAST_DAY, length_figure(5e-324, "km")),
    ],
    unit="km",
    published=[],
    new_unit=None,
)
# The written days' limits everywhere a day goes, and publication times at them with ±14:00.
@hypothesis.example(
    claims=[
        claim(FIRST_DAY, length_figure(1e100, "km", **EVERY_DAY), sources=[0, 1]),
        claim(LAST_DAY, length_figure(-1e100, "km", as_of=LAST_DAY), sources=[2]),
        claim(
            LAST_DAY,
            {"measure_id": "troops", "value": 1e100, "unit": "count", **EVERY_DAY},
            length_figure(1, "km", period_start=LAST_DAY, period_end=LAST_DAY),
        ),
    ],
    unit="km",
    published=["1000-01-01T00:00:00-14:00", "2999-12-31T23:59:59+14:00", "1000-01-01T00:00:00Z"],
    new_unit="light_year",
)
# Just past the limits: refused with a 422, and the reads of the rest still work.
@hypothesis.example(
    claims=[claim("0999-12-31", length_figure(1, "m")), claim("3000-01-01", length_figure(1, "m"))],
    unit="m",
    published=["1000-01-01T00:00:00+14:00", "2999-12-31T23:59:59-14:00"],
    new_unit=None,
)
# Magnitudes at 1e100 in the measure's unit, reached from units 1e24 larger and smaller, the
# smallest doubles, and a range spanning all of it; one just past the bound is refused.
@hypothesis.example(
    claims=[
        claim(
            FIRST_DAY,
            length_figure(1e97, "km"),
            length_figure(1e76, "Ym", qualifier="approximately"),
            length_figure(1e100, "ym", qualifier="more_than"),
        ),
        claim(
            LAST_DAY,
            length_figure(5e-324, "ym", qualifier="less_than"),
            length_figure(-5e-324, "Ym"),
            {"measure_id": "length", "unit": "m", "qualifier": "range", "lower": -1e100,
             "upper": 1e100},
        ),
        claim("2024-08-14", length_figure(1.0000000000000002e100, "m")),
        claim("2024-08-15", length_figure(0.0, "light_year", **EVERY_DAY)),
    ],
    unit="m",
    published=[],
    new_unit="ym",
)  # fmt: skip
# The largest and smallest in a measure of yoctometres, compared in light years; the measure
# then in yottametres (the smallest figures underflow to zero there).
@hypothesis.example(
    claims=[
        claim(FIRST_DAY, length_figure(9.999999999999999e99, "ym")),
        claim(LAST_DAY, length_figure(2.2250738585072014e-308, "light_year")),
        claim(LAST_DAY, length_figure(1e-300, "nm", qualifier="at_most")),
    ],
    unit="ym",
    published=[],
    new_unit="Ym",
)
# The smallest count below a bound, compared in millions: its interval [0, 5e-324) rounded to
# [0, 0), empty, and the comparison was a 500 (found by the random search).
@hypothesis.example(
    claims=[
        claim(
            FIRST_DAY,
            {"measure_id": "troops", "value": 5e-324, "unit": "count", "qualifier": "less_than"},
            {"measure_id": "troops", "value": 5e-324, "unit": "count"},
        ),
    ],
    unit="km",
    published=[],
    new_unit=None,
)
async def test_whatever_a_write_accepts_every_read_of_it_serves(
    client: httpx.AsyncClient,
    database: Database,
    claims: list[dict[str, Any]],
    unit: str,
    published: list[str],
    new_unit: str | None,
) -> None:
    await empty_tables(database)  # a failed example leaves nothing behind for the next either
    try:
        ids = await write(client, unit=unit, published=published, claims=claims)
        await read_everything(client, ids)
        if new_unit is not None:
            await change_unit(client, new_unit, ids)
    finally:
        await empty_tables(database)
