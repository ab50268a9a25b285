"""`probable whatif`: every legal profile over a world's bookings, scored against truth."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from probable.cli.common import err_console, fail, out_console, progress_bar, steps
from probable.cli.identity import WORLD_INDEX, build_steps
from probable.evaluation.causes import WrongfulHold
from probable.evaluation.charts import profiles_chart
from probable.evaluation.corroboration import (
    CORROBORATION_MODES,
    CorroborationRates,
)
from probable.evaluation.whatif import DEFAULT_PROFILES, WhatIfReport, run_whatif
from probable.identity import IdentityIndexError, ModelError, build_index
from probable.identity.backends import BackendError
from probable.law.errors import LawError
from probable.law.profiles import get_profile
from probable.sources import SourceError, read_world_records

Rate = Annotated[float, typer.Option(min=0.0, max=1.0)]


def ensure_index(world: Path, index: Path | None, *, quiet: bool) -> Path:
    """The world's identity index, built (with training) when it is not there yet."""
    path = index or world / WORLD_INDEX
    if path.is_file():
        return path
    if index is not None:
        fail(f"--index {index} does not exist: build it with `probable identity build`")
    with steps("building the identity index", build_steps(None), quiet=quiet) as step:
        table = read_world_records(world)
        step("read")
        result = build_index(table, path, step=step)
    result.model.save(path.with_suffix(".model.json"))
    return path


def whatif(
    world: Path,
    *,
    index: Path | None,
    profiles: list[str] | None,
    rates: CorroborationRates,
    quiet: bool,
) -> WhatIfReport:
    """Run the what-if with progress on stderr; errors end the command with their message."""
    if not world.is_dir():
        fail(f"--world {world} is not a directory made by `probable simulate`")
    try:
        for name in profiles or ():
            get_profile(name)  # an unknown name fails before the index is built
        path = ensure_index(world, index, quiet=quiet)
        with progress_bar(quiet=quiet) as bar:
            task = bar.add_task("deciding matched bookings under each profile", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return run_whatif(
                world, path, profiles=profiles or DEFAULT_PROFILES, rates=rates, progress=progress
            )
    except (
        LawError, SourceError, ModelError, IdentityIndexError, BackendError, FileNotFoundError
    ) as exc:  # fmt: skip
        fail(str(exc))


def whatif_command(
    world: Annotated[
        Path, typer.Option("--world", help="A directory made by `probable simulate`.")
    ],
    profiles: Annotated[
        list[str] | None,
        typer.Option(
            "--profiles",
            help=f"Profiles to compare, repeatable or comma-separated "
            f"(default: {', '.join(DEFAULT_PROFILES)}).",
        ),
    ] = None,
    index: Annotated[
        Path | None,
        typer.Option(
            "--index", help=f"Identity index (default: WORLD/{WORLD_INDEX}, built if absent)."
        ),
    ] = None,
    answer_rate: Rate = CorroborationRates.answer_rate,
    document_rate: Rate = CorroborationRates.document_rate,
    a_file_rate: Rate = CorroborationRates.a_file_rate,
    derived_knows_rate: Rate = CorroborationRates.derived_knows_rate,
    investigation_rate: Rate = CorroborationRates.investigation_rate,
    false_claim_rate: Rate = CorroborationRates.false_claim_rate,
    corroboration: Annotated[
        str,
        typer.Option(
            "--corroboration",
            help="What A-files and interviews show: 'records' (what USCIS recorded and what "
            "the person knows) or 'oracle' (the truth, the earlier model).",
        ),
    ] = CorroborationRates.mode,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    chart: Annotated[
        Path | None,
        typer.Option("--chart", help="Also write a Vega-Lite chart comparing the profiles."),
    ] = None,
) -> None:
    """Decide every fingerprint-matched booking under each legal profile; score against truth."""
    names = [n.strip() for item in profiles or [] for n in item.split(",") if n.strip()]
    if corroboration not in CORROBORATION_MODES:
        fail(
            f"--corroboration must be one of {', '.join(CORROBORATION_MODES)}, "
            f"not {corroboration!r}"
        )
    rates = CorroborationRates(
        answer_rate,
        document_rate,
        a_file_rate,
        mode=corroboration,
        derived_knows_rate=derived_knows_rate,
        investigation_rate=investigation_rate,
        false_claim_rate=false_claim_rate,
    )
    started = time.perf_counter()
    report = whatif(world, index=index, profiles=names or None, rates=rates, quiet=as_json)
    report.seconds["wall_excluding_index_build"] = round(time.perf_counter() - started, 2)
    figures = report.as_dict()
    if chart is not None:
        chart.write_text(json.dumps(profiles_chart(figures), indent=2) + "\n", encoding="utf-8")
        err_console.print(f"chart written to {chart}", highlight=False, soft_wrap=True)
    if as_json:
        out_console.print_json(json.dumps(figures))
        return
    print_report(figures)


def _corroboration_said(figures: dict[str, Any]) -> str:
    """How the report's corroboration was simulated, in a sentence."""
    rates = figures["corroboration_rates"]
    if rates["mode"] == "oracle":
        where = "Corroboration from the truth (oracle: A-files show the true status)"
    else:
        where = (
            "Corroboration from the records (A-files show what USCIS recorded; "
            f"{rates['derived_knows_rate']:.0%} of unrecorded derived citizens know it; "
            f"{rates.get('investigation_rate', 0.0):.0%} of citizenship investigations learn "
            "the family facts the statute asks)"
        )
    return (
        f"{where}: answers {rates['answer_rate']:.0%}, documents "
        f"{rates['document_rate']:.0%}, A-file {rates['a_file_rate']:.0%}."
    )


def print_report(figures: dict[str, Any]) -> None:
    """The comparison table: what each profile does to the same people."""
    out_console.print(
        f"Bookings {figures['bookings']:,}; fingerprint-matched and decided "
        f"{figures['fingerprint_matched']:,}. {_corroboration_said(figures)}",
        highlight=False,
    )
    _table(
        "Holds: who each profile keeps beyond release",
        figures["profiles"],
        (
            ("holds", "holds"),
            ("citizens held", "us_citizens_held"),
            ("not removable held", "not_removable_held"),
            ("wrongful", "wrongful_share"),
            ("hold-hours", "hold_hours"),
        ),
    )
    _table(
        "Reach and workload: removable people reached, cases referred",
        figures["profiles"],
        (
            ("notices", "notifications"),
            ("reached", "removable_reach"),
            ("if corroborable", "removable_reach_when_corroborable"),
            ("referred", "referred"),
            ("unresolved", "still_referred_after"),
        ),
    )


#: Figures shown as percentages.
_SHARES = ("wrongful_share", "removable_reach", "removable_reach_when_corroborable")


def _table(
    title: str, profiles: list[dict[str, Any]], columns: tuple[tuple[str, str], ...]
) -> None:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("profile", no_wrap=True)
    for heading, _ in columns:
        table.add_column(heading, justify="right")
    for p in profiles:
        row = [p["profile"]]
        for _, key in columns:
            value = p[key] if key in p else p["corroboration"][key]
            row.append(f"{value:.1%}" if key in _SHARES else f"{value:,}")
        table.add_row(*row)
    out_console.print(table)


def print_wrongful(report: WhatIfReport, profile: str, limit: int) -> None:
    """The first wrongful holds under one profile: who, on what, and why."""
    holds: list[WrongfulHold] = report.profile(profile).wrongful[:limit]
    table = Table(
        title=f"Wrongful holds under {profile} (first {limit}): who, on what, and why",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column in ("booking", "truly", "held on", "why it was wrong"):
        table.add_column(column, overflow="fold")
    for hold in holds:
        table.add_row(
            hold.booking_id,
            hold.label,
            "; ".join(hold.held_on),
            hold.explain(),
        )
    out_console.print(table)
