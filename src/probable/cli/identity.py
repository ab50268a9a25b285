"""`probable identity build | lookup | evaluate`: the identity index from the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import pyarrow as pa
import pyarrow.compute as pc
import typer
from rich import box
from rich.table import Table

from probable.cli.common import err_console, fail, out_console, steps
from probable.evaluation.identity import (
    IdentityEvaluation,
    evaluate_febrl4,
    evaluate_records_file,
    evaluate_world,
)
from probable.identity import (
    IdentityIndex,
    IdentityIndexError,
    IdentityModel,
    Link,
    ModelError,
    build_index,
    load_model,
)
from probable.identity.backends import BackendError, get_backend
from probable.sources import (
    SourceError,
    clean_records,
    read_records_file,
    read_world_bookings,
    read_world_records,
)

identity_app = typer.Typer(
    help="Identity resolution: build the index, look a subject up, score against truth.",
    no_args_is_help=True,
)

#: Index file a world's build writes when no --out is given.
WORLD_INDEX = "identity.duckdb"
BUILD_STEPS = ["read", "prepare", "train", "predict", "cluster", "write"]


def build_steps(model: IdentityModel | None) -> list[str]:
    """The build's steps: training only when no model is given."""
    return BUILD_STEPS if model is None else [s for s in BUILD_STEPS if s != "train"]


_ERRORS = (SourceError, ModelError, IdentityIndexError, BackendError)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
ThresholdOption = Annotated[
    float | None,
    typer.Option(min=0.0, max=1.0, help="Decision threshold (default: the model's, 0.99)."),
]
ModelOption = Annotated[
    Path | None, typer.Option("--model", help="Use this trained model instead of training one.")
]
BackendOption = Annotated[str, typer.Option(help="Where Splink runs: duckdb or spark.")]


def _model(path: Path | None) -> IdentityModel | None:
    return None if path is None else load_model(path)


@identity_app.command(name="build")
def build_command(
    world: Annotated[
        Path | None, typer.Option("--world", help="Index a world's record systems.")
    ] = None,
    records: Annotated[
        Path | None,
        typer.Option("--records", help="Index a CSV/Parquet file in the common schema."),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Source name for --records rows without one.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help=f"Index file (default: WORLD/{WORLD_INDEX}).")
    ] = None,
    model: ModelOption = None,
    save_model: Annotated[
        Path | None,
        typer.Option("--save-model", help="Where to write the model (default: beside the index)."),
    ] = None,
    threshold: ThresholdOption = None,
    backend: BackendOption = "duckdb",
    seed: Annotated[int, typer.Option(min=0, help="Seed for training's sampling.")] = 20151110,
    as_json: JsonOption = False,
) -> None:
    """Link every record into identities and write the identity index (DuckDB)."""
    if (world is None) == (records is None):
        fail("give exactly one of --world DIR or --records FILE")
    if out is None:
        if world is None:
            fail("--out is required with --records")
        out = world / WORLD_INDEX
    started = time.perf_counter()
    try:
        engine = get_backend(backend)
        trained = _model(model)
        names = build_steps(trained)
        with steps("building the identity index", names, quiet=as_json) as step:
            table = (
                read_world_records(world)
                if world is not None
                else read_records_file(Path(str(records)), source=source)
            )
            step("read")
            result = build_index(
                table, out, model=trained, threshold=threshold, seed=seed,
                backend=engine, step=step,
            )  # fmt: skip
        model_path = save_model or out.with_suffix(".model.json")
        result.model.save(model_path)
    except _ERRORS as exc:
        fail(str(exc))
    summary: dict[str, Any] = {
        "index": str(result.path),
        "model": str(model_path),
        **result.summary.as_dict(),
        "wall_seconds": round(time.perf_counter() - started, 2),
    }
    if as_json:
        out_console.print_json(json.dumps(summary))
        return
    out_console.print(
        f"Identity index written to [bold]{out}[/]: {summary['records']:,} records in "
        f"{summary['identities']:,} identities (largest {summary['largest_identity']}), "
        f"{summary['links_at_threshold']:,} links at p >= {summary['threshold']} of "
        f"{summary['pairs_scored']:,} pairs kept; model {model_path}; "
        f"{summary['wall_seconds']} s on {summary['backend']}.",
        highlight=False,
    )


def _subject(
    world: Path | None, booking: str | None, fields: dict[str, str | None]
) -> dict[str, Any]:
    if booking is not None:
        if world is None:
            fail("--booking needs --world")
        bookings = read_world_bookings(world)
        row = bookings.filter(pc.equal(bookings["record_id"], booking))
        if len(row) == 0:
            fail(f"no booking {booking!r} in {world}")
        return dict(row.to_pylist()[0])
    given = {k: v for k, v in fields.items() if v is not None}
    if not given:
        fail("describe the subject: --booking ID with --world, or --given-name, --dob, ...")
    raw = {"record_id": "subject", "source": "query", "given_name": None, "family_name": None}
    raw.update(given)
    raw.setdefault("date_of_birth", None)
    table = pa.table({k: pa.array([v], pa.string()) for k, v in raw.items()})
    return dict(clean_records(table, what="the subject").to_pylist()[0])


def _links_table(links: tuple[Link, ...], threshold: float) -> Table:
    table = Table(title="Candidate records", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("record", "kind", "probability", "weight", "identity", "linked"):
        table.add_column(column, justify="right" if column in ("probability", "weight") else "left")
    for link in links:
        table.add_row(
            link.uid,
            link.kind,
            f"{link.probability:.6f}",
            f"{link.match_weight:.2f}",
            str(link.cluster_id),
            "yes" if link.probability >= threshold else "no",
        )
    return table


def _waterfall(link: Link) -> Table:
    table = Table(
        title=f"Why {link.uid}: match weight {link.match_weight:.2f}, p = {link.probability:.6f}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in ("comparison", "level", "subject", "record", "weight", ""):
        table.add_column(column, justify="right" if column == "weight" else "left")
    for c in link.contributions:
        bar = ("[green]" if c.match_weight > 0 else "[red]") + "█" * min(
            20, round(abs(c.match_weight))
        )
        table.add_row(
            c.comparison, c.level, str(c.subject_value or ""), str(c.record_value or ""),
            f"{c.match_weight:+.2f}", bar,
        )  # fmt: skip
    return table


@identity_app.command(name="lookup")
def lookup_command(
    index: Annotated[Path, typer.Option("--index", help="An index made by `identity build`.")],
    world: Annotated[Path | None, typer.Option("--world", help="World holding --booking.")] = None,
    booking: Annotated[str | None, typer.Option(help="Look up this booking's subject.")] = None,
    given_name: Annotated[str | None, typer.Option()] = None,
    middle_name: Annotated[str | None, typer.Option()] = None,
    family_name: Annotated[str | None, typer.Option()] = None,
    second_family_name: Annotated[str | None, typer.Option()] = None,
    dob: Annotated[str | None, typer.Option(help="Date of birth, YYYY-MM-DD.")] = None,
    sex: Annotated[str | None, typer.Option()] = None,
    birth_country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-2.")] = None,
    a_number: Annotated[str | None, typer.Option()] = None,
    fin: Annotated[str | None, typer.Option(help="FIN from the fingerprint match.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Candidates to show.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Find one subject's candidate records, with probabilities and why."""
    fields = {
        "given_name": given_name, "middle_name": middle_name, "family_name": family_name,
        "second_family_name": second_family_name, "date_of_birth": dob, "sex": sex,
        "birth_country": birth_country, "a_number": a_number, "fin": fin,
    }  # fmt: skip
    try:
        subject = _subject(world, booking, fields)
        with IdentityIndex(index) as opened:
            started = time.perf_counter()
            result = opened.lookup(subject, limit=limit)
            elapsed = (time.perf_counter() - started) * 1000
    except _ERRORS as exc:
        fail(str(exc))
    if as_json:
        out_console.print_json(json.dumps(result.as_dict() | {"milliseconds": round(elapsed, 2)}))
        return
    err_console.print(f"{len(result.links)} candidates in {elapsed:.1f} ms", highlight=False)
    out_console.print(_links_table(result.links, result.threshold))
    for link in result.conflicts():
        out_console.print(
            f"[yellow]FIN conflict:[/] {link.uid} carries the subject's FIN but its "
            f"biographics say another person (p = {link.probability:.2g}).",
            highlight=False,
        )
    if result.links:
        out_console.print(_waterfall(result.links[0]))


def _print_evaluation(evaluation: IdentityEvaluation) -> None:
    figures = evaluation.as_dict()
    pw, cl = figures["pairwise"], figures["clusters"]
    out_console.print(
        f"[bold]{figures['dataset']}[/]: {figures['records']:,} records, threshold "
        f"{figures['threshold']}",
        highlight=False,
    )
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("", "precision", "recall", "F1", "TP", "FP", "FN"):
        table.add_column(column, justify="right")
    for name, f in (("pairwise links", pw), ("clusters", cl)):
        table.add_row(
            name, f"{f['precision']:.5f}", f"{f['recall']:.5f}", f"[bold]{f['f1']:.5f}[/]",
            f"{f['tp']:,}", f"{f['fp']:,}", f"{f['fn']:,}",
        )  # fmt: skip
    out_console.print(table)
    out_console.print(
        f"identities {cl['clusters']:,} for {cl['entities']:,} true entities; exactly right "
        f"{cl['exact_share']:.2%}; merges {cl['merges']:,}; splits {cl['splits']:,}; "
        f"B-cubed F1 {cl['bcubed_f1']:.5f}",
        highlight=False,
    )
    bookings = figures.get("bookings")
    if bookings:
        out_console.print(
            f"bookings looked up {bookings['bookings']:,}; linked to a final removal order "
            f"{bookings['bookings_to_final_orders']:,}; [bold]linked to another person's final "
            f"order: {bookings['wrong_bookings']}[/] "
            f"(by kind: {bookings['wrong_bookings_by_kind']})",
            highlight=False,
        )


@identity_app.command(name="evaluate")
def evaluate_command(
    dataset: Annotated[
        str | None, typer.Option(help="A labelled dataset that ships with a package: febrl4.")
    ] = None,
    records: Annotated[
        Path | None, typer.Option("--records", help="A labelled CSV/Parquet file.")
    ] = None,
    truth_column: Annotated[
        str | None, typer.Option(help="The column of --records naming each true entity.")
    ] = None,
    world: Annotated[
        Path | None, typer.Option("--world", help="Score against a simulated world's truth.")
    ] = None,
    index: Annotated[
        Path | None, typer.Option("--index", help="With --world: score this index, not a new one.")
    ] = None,
    model: ModelOption = None,
    threshold: ThresholdOption = None,
    backend: BackendOption = "duckdb",
    as_json: JsonOption = False,
) -> None:
    """Pairwise precision, recall and F1, and cluster figures, against known truth."""
    chosen = [x for x in (dataset, records, world) if x is not None]
    if len(chosen) != 1:
        fail("give exactly one of --dataset febrl4, --records FILE --truth-column COL, --world DIR")
    if dataset is not None and dataset != "febrl4":
        fail(f"unknown dataset {dataset!r}; the one shipped is febrl4")
    if records is not None and truth_column is None:
        fail("--records needs --truth-column")
    try:
        trained = _model(model)
        engine = get_backend(backend)
        names = build_steps(trained)[1:] + (["bookings"] if world is not None else [])
        with steps("evaluating", names, quiet=as_json) as step:
            if dataset is not None:
                result = evaluate_febrl4(
                    model=trained, threshold=threshold, backend=engine, step=step
                )
            elif records is not None:
                result = evaluate_records_file(
                    records, truth_column or "", model=trained, threshold=threshold,
                    backend=engine, step=step,
                )  # fmt: skip
            else:
                assert world is not None
                result = evaluate_world(
                    world, index=index, model=trained, threshold=threshold, backend=engine,
                    step=step,
                )  # fmt: skip
    except _ERRORS as exc:
        fail(str(exc))
    if as_json:
        out_console.print_json(json.dumps(result.as_dict(), default=str))
        return
    _print_evaluation(result)
