"""New ids for many rows at once, so that they are inserted with one plain executemany.

An INSERT ... RETURNING that must give the ids back in the rows' order runs one statement per
row on SQLite; taking the ids first lets a batch go in as one multi-row statement on both
engines, and the caller knows which id each row got.
"""

from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.bulk import insert_many
from app.db.session import dialect_of


async def new_ids(session: AsyncSession, table: Table, count: int) -> list[int]:
    """`count` ids no row of the table has had, in increasing order.

    PostgreSQL: taken from the table's sequence (nextval, so concurrent writers get others).
    SQLite: the next ones after both the AUTOINCREMENT counter and the largest id; a write
    transaction holds the database alone (every one begins IMMEDIATE), so nobody else takes
    them before the insert, which moves the counter past them.
    """
    if count <= 0:
        return []
    if dialect_of(session) == "postgresql":
        statement = text(
            f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
            "FROM generate_series(1, :count)"
        )
        return sorted((await session.execute(statement, {"count": count})).scalars())
    statement = text(
        f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table.name}'), 0), "
        f"coalesce((SELECT max(id) FROM {table.name}), 0))"
    )
    last = int((await session.execute(statement)).scalar_one())
    return list(range(last + 1, last + 1 + count))


async def insert_rows(session: AsyncSession, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows under new ids in one statement (`insert_many`); the ids, in order. A single
    row takes the id the database gives it (INSERT ... RETURNING: one statement, not two)."""
    if len(rows) == 1:
        returned = await session.execute(insert(table).returning(table.c.id), rows[0])
        return [int(returned.scalar_one())]
    ids = await new_ids(session, table, len(rows))
    if rows:
        values = [{**row, "id": new_id} for new_id, row in zip(ids, rows, strict=True)]
        await insert_many(session, table, values)
    return ids
