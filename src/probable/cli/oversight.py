"""`probable oversight`: the oversight tables in the terminal, from a public release or a store.

`ddp FILE` summarises a Deportation Data Project detainer release (CSV or Parquet,
`probable.oversight.ddp`); `metrics` prints the case store's tables as the dashboard
shows them (`probable.oversight.dashboard.StoreDashboard`, read-only sessions). Thin:
the figures and their words come from `probable.oversight`; this module only opens the
inputs, refuses bad ones (exit status 2, naming the file, the columns or the store) and
prints Rich tables, or JSON with `--json`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import duckdb
import typer
from rich import box
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError

from probable.cli.common import fail, out_console
from probable.oversight.dashboard import StoreDashboard
from probable.oversight.ddp import DdpFormatError, DdpSummary, summarise
from probable.oversight.panels import PANELS
from probable.oversight.tables import Rows
from probable.store import StoreError, make_engine, session_factory
from probable.web.pages.dashboard import cell
from probable.web.settings import load_settings

oversight_app = typer.Typer(
    help="Oversight figures: public detainer releases and the case store's tables.",
    no_args_is_help=True,
)


def _table(name: str, rows: Sequence[Mapping[str, Any]]) -> Table:
    """Table `name` with the dashboard's title and headers, its cells as the page shows them."""
    text = PANELS[name]
    table = Table(title=text.title, title_justify="left", box=box.SIMPLE_HEAD)
    for column, header in text.columns:
        numeric = any(isinstance(r.get(column), int | float) for r in rows)
        table.add_column(header, justify="right" if numeric else "left")
    for row in rows:
        # Text, not markup: a public file's values may hold anything, brackets included.
        table.add_row(*(Text(cell(column, row.get(column))) for column, _ in text.columns))
    return table


def _print_tables(tables: Mapping[str, Rows]) -> None:
    """Each table as the dashboard words it: the table, its main figures in a sentence (the
    chart's text alternative on the page) and its note, if any."""
    for name, rows in tables.items():
        text = PANELS[name]
        out_console.print(_table(name, rows))
        out_console.print(text.describe(rows), markup=False, highlight=False)
        if text.note:
            out_console.print(text.note, style="dim", markup=False, highlight=False)
        out_console.print()


def _fail(message: str) -> NoReturn:
    """`fail` with `message` shown as written (a file name or a DuckDB error may hold brackets)."""
    fail(escape(message))


def _ddp_tables(summary: DdpSummary) -> dict[str, Rows]:
    return {
        "ddp_citizenship": summary.citizenship,
        "ddp_lift_reasons": summary.lift_reasons,
        "ddp_by_month": summary.by_month_state,
    }


@oversight_app.command("ddp")
def ddp_command(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A detainer release: .csv, .csv.gz, .parquet or .pq."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Summarise a public detainer release (Deportation Data Project format).

    Detainers by month and facility state, lift reasons, the share lifted for citizenship.

    The file needs detainer_prepare_date, facility_state and detainer_lift_reason.
    """
    try:
        summary = summarise(file)
    except DdpFormatError as exc:
        _fail(str(exc))
    except duckdb.Error as exc:
        # A malformed row past the part DuckDB sniffed surfaces only when it is read.
        _fail(f"{file.name}: cannot be read ({exc})")
    if as_json:
        out_console.print_json(json.dumps(dataclasses.asdict(summary)))
        return
    out_console.print(
        f"[bold]{escape(summary.source)}[/]: {summary.detainers:,} detainers, "
        f"{summary.undated:,} without a readable prepare date",
        highlight=False,
    )
    _print_tables(_ddp_tables(summary))


def _shown_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    try:
        parsed = make_url(url)
    except Exception:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).expanduser()


def store_tables(url: str) -> dict[str, Rows]:
    """The case store's oversight tables at `url`, read-only; exits 2 when it cannot be read."""
    shown = _shown_url(url)
    path = _sqlite_file(url)
    if path is not None and not path.is_file():
        _fail(f"no case store at {path} (`probable serve` creates it; or pass --database-url)")
    try:
        engine = make_engine(url)
    except StoreError as exc:
        _fail(str(exc))
    try:
        return StoreDashboard(session_factory(engine, read_only=True)).tables()
    except SQLAlchemyError as exc:
        first = str(exc).strip().splitlines()[0]
        _fail(
            f"the case store at {shown} cannot be read ({first}); "
            "`probable serve` creates and migrates it"
        )
    finally:
        engine.dispose()


@oversight_app.command("metrics")
def metrics_command(
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="Case store URL (PROBABLE_DATABASE_URL; default as `probable serve`).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the tables as JSON.")] = False,
) -> None:
    """Print the case store's oversight tables (read-only).

    Documents by week, lift reasons, hold hours, cases by status and by action.

    The store is the one `probable serve` uses, unless --database-url names another.
    """
    try:
        url = load_settings(database_url=database_url).url
    except ValueError as exc:
        _fail(str(exc))
    tables = store_tables(url)
    if as_json:
        out_console.print_json(json.dumps(tables))
        return
    out_console.print(f"Case store [bold]{escape(_shown_url(url))}[/]", highlight=False)
    _print_tables(tables)
