"""The claimtrack command line: serve, migrate, demo, keys, import, export."""

import asyncio
import logging
import socket
import sqlite3
from collections.abc import Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Literal, cast

import asyncpg
import orjson
import typer
import uvicorn
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app import __version__
from app.claims.derived_cli import ensure_documents
from app.core import heap
from app.core.errors import AppError
from app.db.engine import create_engine
from app.db.migrations import database_revision, head_revision, schema_state, upgrade
from app.ops.serving import uvicorn_options
from app.settings import Settings, get_settings

MIGRATE_FIRST = "run `claimtrack migrate` first"

# Plain help (click's, rich_markup_mode=None): rich help panels label every flag with a
# type, `--dry-run <bool>`.
cli = typer.Typer(
    help="claimtrack: who claimed which figures, where and when.",
    pretty_exceptions_show_locals=False,
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@cli.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Show the version and exit.",
    ),
) -> None:
    """claimtrack: who claimed which figures, where and when."""


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )


@cli.command()
def serve(
    host: str | None = typer.Option(
        None, metavar="HOST", help="Interface to bind (CLAIMTRACK_HOST)."
    ),
    port: int | None = typer.Option(None, metavar="PORT", help="Port (CLAIMTRACK_PORT)."),
    workers: int | None = typer.Option(
        None, metavar="N", help="Worker processes (CLAIMTRACK_WORKERS)."
    ),
) -> None:
    """Serve the HTTP API (not on a database without the schema this version needs: run
    `claimtrack migrate` first)."""
    settings = get_settings()
    _configure_logging(settings.log_level)
    _check_schema(settings)
    uvicorn.run(
        "app.main:serve_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers or settings.workers,
        **uvicorn_options(settings),
    )


def _check_schema(settings: Settings) -> None:
    """Refuse to serve a database that is not migrated, or migrated by an older version (every
    request would fail); warn of one a newer version migrated. A database that does not
    answer yet is served (it may be starting; /readyz says how it stands)."""

    async def revision() -> str | None:
        engine = create_engine(settings)
        try:
            return await database_revision(engine)
        finally:
            await engine.dispose()

    where = _safe_url(settings.database_url)
    try:
        state = schema_state(asyncio.run(revision()))
    except (SQLAlchemyError, OSError) as exc:
        reason = exc.orig if isinstance(exc, DBAPIError) else exc
        typer.echo(f"warning: the database at {where} does not answer yet: {reason}", err=True)
        return
    refused = {"none": "is not migrated", "behind": "has an older schema"}.get(state)
    if refused is not None:
        typer.echo(f"error: the database at {where} {refused}: {MIGRATE_FIRST}", err=True)
        raise typer.Exit(1)
    if state == "unknown":
        typer.echo(
            f"warning: the database at {where} was migrated by a newer claimtrack "
            f"(this one knows migrations up to {head_revision()})",
            err=True,
        )


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    settings = get_settings()
    try:
        upgrade(settings.database_url)
        rebuilt = asyncio.run(ensure_documents(settings))
    except (SQLAlchemyError, OSError) as exc:
        reason = exc.orig if isinstance(exc, DBAPIError) else exc
        typer.echo(f"migration failed on {_safe_url(settings.database_url)}: {reason}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"database at the newest schema ({_safe_url(settings.database_url)})")
    if rebuilt:
        typer.echo(f"rebuilt the ready-made documents of {rebuilt} claims")


@cli.command()
def demo() -> None:
    """Record the claims of the Kursk article of 2024-08-14 (idempotent)."""
    from app.demo.loader import load_demo

    summary = asyncio.run(load_demo(get_settings()))
    typer.echo(summary)


keys_cli = typer.Typer(
    help="API keys: create, list, revoke.", no_args_is_help=True, rich_markup_mode=None
)
cli.add_typer(keys_cli, name="keys")


@keys_cli.command("create")
def keys_create(
    name: str = typer.Option(
        ..., metavar="NAME", help="A name for the key's holder, shown in history."
    ),
    scope: str = typer.Option(
        "write",
        metavar="SCOPE",
        help="read (reads a server with CLAIMTRACK_PUBLIC_READ=false), write (also creates "
        "and changes) or admin (also deletes and reverts).",
    ),
) -> None:
    """Create a key; it is printed once, alone on the last line."""
    from app.auth.cli import create

    key = _run(create(get_settings(), name=name, scope=scope))
    typer.echo(f"created {scope} key {name!r}; it is shown only now:", err=True)
    typer.echo(key)


@keys_cli.command("list")
def keys_list() -> None:
    """List keys: name, prefix, scope, created, last used, revoked."""
    from app.auth.cli import list_table

    _run(list_table(get_settings()))


@keys_cli.command("revoke")
def keys_revoke(name: str = typer.Argument(..., help="The key's name.")) -> None:
    """Revoke a key; it stops working on the next request."""
    from app.auth.cli import revoke

    _run(revoke(get_settings(), name=name))
    typer.echo(f"revoked key {name!r}")


@cli.command("import")
def import_file(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, help="NDJSON, or a .json array."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report, write nothing."),
    match: str = typer.Option(
        "exact",
        "--match",
        metavar="HOW",
        help="exact (same speaker, day and text is the stored claim), similar (and link a "
        "new claim that matches an earlier one as its repeat) or none (every row is new).",
    ),
) -> None:
    """Import claims from a file, all or nothing, creating missing speakers and sources."""
    from app.newsroom.cli import run_import

    if match not in ("exact", "similar", "none"):
        typer.echo("error: --match is exact, similar or none", err=True)
        raise typer.Exit(2)
    how = cast(Literal["exact", "similar", "none"], match)
    heap.settle()  # one long import in this process (app.core.heap)
    result = _run(run_import(get_settings(), path, dry_run=dry_run, match=how))
    typer.echo(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())


def _filter(help_text: str, metavar: str = "TEXT") -> Any:
    return typer.Option(None, metavar=metavar, help=help_text)


@cli.command("export")
def export(
    kind: str = typer.Option(
        "ndjson", "--format", metavar="FORMAT", help="csv, ndjson or claimreview."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="File (default: stdout)."
    ),
    what: str = typer.Option(
        "claims", "--what", metavar="WHAT", help="claims, speakers, sources or measures."
    ),
    speaker: str | None = _filter(
        "Only this speaker's claims (id, slug, name or alias).", "SPEAKER"
    ),
    measure: str | None = _filter("Only claims with a figure on this measure.", "MEASURE"),
    source: str | None = _filter(
        "Only claims appearing in this source (id, URL or title).", "SOURCE"
    ),
    tag: str | None = _filter("Only claims with this tag."),
    said_from: str | None = _filter("Only claims said on or after this day.", "YYYY-MM-DD"),
    said_to: str | None = _filter("Only claims said on or before this day.", "YYYY-MM-DD"),
    q: str | None = typer.Option(None, "--q", metavar="WORDS", help="Full-text search."),
    rating: str | None = _filter("Only claims with a review of this rating label."),
    language: str | None = _filter("Only claims in this language (en, uk, ru...).", "CODE"),
) -> None:
    """Export claims (every one, or those the filters select, as the API's list filters do) as
    CSV (a row per figure), NDJSON or ClaimReview JSON-LD; or with --what every speaker,
    source or measure as CSV or NDJSON (their API read form)."""
    from pydantic import ValidationError

    from app.claims.listing import ClaimFilters
    from app.newsroom.cli import run_export, stdout

    if kind not in ("csv", "ndjson", "claimreview"):
        typer.echo("error: --format is csv, ndjson or claimreview", err=True)
        raise typer.Exit(2)
    if what not in ("claims", "speakers", "sources", "measures"):
        typer.echo("error: --what is claims, speakers, sources or measures", err=True)
        raise typer.Exit(2)
    given = {
        "speaker": speaker, "measure": measure, "source": source, "tag": tag,
        "said_from": said_from, "said_to": said_to, "q": q, "rating": rating,
        "language": language,
    }  # fmt: skip
    try:
        filters = ClaimFilters.model_validate({k: v for k, v in given.items() if v is not None})
    except ValidationError as exc:
        for error in exc.errors():
            option = "--" + str(error["loc"][0]).replace("_", "-")
            typer.echo(f"error: {option}: {error['msg']}", err=True)
        raise typer.Exit(2) from None
    if what != "claims":
        _export_table(what, kind, output, filtered=any(v is not None for v in given.values()))
        return
    with output.open("wb") if output else nullcontext(stdout()) as target:
        count = _run(run_export(get_settings(), target, kind=kind, filters=filters))
    typer.echo(f"exported {count} claims", err=True)


def _export_table(what: str, kind: str, output: Path | None, *, filtered: bool) -> None:
    from app.newsroom.cli import run_table_export, stdout

    if filtered or kind == "claimreview":
        typer.echo(f"error: {what} export as csv or ndjson, without filters", err=True)
        raise typer.Exit(2)
    with output.open("wb") if output else nullcontext(stdout()) as target:
        count = _run(run_table_export(get_settings(), target, what=what, kind=kind))
    typer.echo(f"exported {count} {what}", err=True)


def _run(coroutine: Any) -> Any:
    try:
        return asyncio.run(coroutine)
    except AppError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        for item in (exc.errors or [])[:20]:
            typer.echo(f"  {_place(item)}: {item.get('msg')}", err=True)
        raise typer.Exit(1) from None


def _field(parts: list[Any]) -> str:
    """figures[0].unit from ["figures", 0, "unit"]."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts).lstrip(
        "."
    )


def _place(item: Mapping[str, Any]) -> str:
    """Where an error is, as a person finds it in the file: line 4, figures[0].unit (NDJSON);
    $[3].figures[0].unit (a JSON document)."""
    loc = [part for part in item.get("loc", []) if part != "body"]
    if "line" in item:
        field = _field(loc[1:])
        return f"line {item['line']}" + (f", {field}" if field else "")
    if "path" in item:
        return str(item["path"]) + (f" ({item['field']})" if item.get("field") else "")
    return _field(loc) or "the input"


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _settings_problems(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        name = f"CLAIMTRACK_{str(item['loc'][0]).upper()}: " if item["loc"] else ""
        lines.append(f"  {name}{item['msg'].removeprefix('Value error, ')}")
    return "\n".join(lines)


UNDEFINED_TABLE = "42P01"  # PostgreSQL's SQLSTATE for a table that does not exist


def database_problem(error: BaseException) -> str:
    """What a database error means to the person at the command line: a missing table is a
    database that was never migrated; a refused connection, a server that is not there."""
    reason = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    where = _safe_url(get_settings().database_url)
    lines = str(reason).strip().splitlines()
    message = lines[0] if lines else type(reason).__name__
    state = getattr(reason, "sqlstate", None) or getattr(reason, "pgcode", None)
    if state == UNDEFINED_TABLE or message.startswith("no such table"):
        return f"the database at {where} is not migrated ({message}): {MIGRATE_FIRST}"
    if isinstance(reason, OSError):
        return f"the database at {where} does not answer: {message}"
    return f"the database at {where} failed: {message}"


def main() -> None:
    """Entry point of the console script; settings that cannot work and a database that
    cannot serve the command are a message, not a traceback."""
    try:
        cli()
    except ValidationError as error:
        if error.title != "Settings":
            raise
        typer.echo(f"error: the settings cannot work:\n{_settings_problems(error)}", err=True)
        raise SystemExit(2) from None
    except (
        SQLAlchemyError,
        sqlite3.Error,
        asyncpg.PostgresError,
        ConnectionError,
        socket.gaierror,  # a database host name that does not resolve
    ) as error:
        typer.echo(f"error: {database_problem(error)}", err=True)
        raise SystemExit(1) from None
