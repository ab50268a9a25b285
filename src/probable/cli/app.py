"""The `probable` command: a thin face over the layers, with progress and tables."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from probable.cli.common import fail as _fail
from probable.cli.common import out_console, progress_bar
from probable.cli.identity import identity_app
from probable.cli.oversight import oversight_app
from probable.cli.serve import audit_app, replay_command, serve_command, users_app
from probable.cli.whatif import print_report, print_wrongful, whatif, whatif_command
from probable.evaluation.corroboration import CorroborationRates
from probable.world.config import ConfigError, default_config_text, load_config
from probable.world.output import OutputError
from probable.world.simulate import STEPS, simulate

app = typer.Typer(
    name="probable",
    help="Immigration detainer review over a simulated world with known truth.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(identity_app, name="identity")
app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit-log")
app.add_typer(oversight_app, name="oversight")
app.command(name="serve")(serve_command)
app.command(name="replay")(replay_command)


def build_world(
    out: Path,
    *,
    persons: int | None,
    bookings: int | None,
    seed: int | None,
    config_file: Path | None,
    force: bool,
    quiet: bool,
    namesake_rate: float | None = None,
) -> dict[str, Any]:
    try:
        config = load_config(config_file).with_overrides(
            persons=persons, bookings=bookings, seed=seed, namesake_rate=namesake_rate
        )
    except (ConfigError, ValueError) as exc:
        _fail(str(exc))
    text = config_file.read_text(encoding="utf-8") if config_file else default_config_text()
    with progress_bar(quiet=quiet) as bar:
        task = bar.add_task("simulating", total=len(STEPS))

        def step(description: str, done: int, total: int) -> None:
            bar.update(task, description=description, completed=done, total=total)

        try:
            result = simulate(config, out, config_text=text, force=force, progress=step)
        except OutputError as exc:
            _fail(str(exc))
        bar.update(task, description="done", completed=len(STEPS))
    return result.summary


@app.command(name="simulate")
def simulate_command(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the world to.")],
    persons: Annotated[int | None, typer.Option(min=1, help="People in the world.")] = None,
    bookings: Annotated[int | None, typer.Option(min=0, help="Bookings in the stream.")] = None,
    seed: Annotated[int | None, typer.Option(min=0, help="Random seed.")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="A world TOML file instead of the shipped one.")
    ] = None,
    namesake_rate: Annotated[
        float | None,
        typer.Option(
            "--namesake-rate",
            min=0.0,
            help="Multiplier of the namesakes a national index holds ([namesakes] rate; 0: none).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Replace a non-empty --out directory.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Build a simulated world: people, record systems, agencies, bookings and truth."""
    started = time.perf_counter()
    summary = build_world(
        out,
        persons=persons,
        bookings=bookings,
        seed=seed,
        config_file=config,
        force=force,
        quiet=as_json,
        namesake_rate=namesake_rate,
    )
    summary["seconds"] = round(time.perf_counter() - started, 2)
    if as_json:
        out_console.print_json(json.dumps(summary))
        return
    _print_world_summary(summary)


def _counts_table(
    title: str, counts: dict[str, int], *, key: str = "", value: str = "count"
) -> Table:
    """A table of counts with a bar beside each, scaled to the largest."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(key)
    table.add_column(value, justify="right")
    table.add_column("", style="cyan", no_wrap=True)
    largest = max(counts.values(), default=0)
    for name, count in counts.items():
        bar = "█" * max(1, round(30 * count / largest)) if count and largest else ""
        table.add_row(name, f"{count:,}", bar)
    return table


def _print_world_summary(summary: dict[str, Any]) -> None:
    out_console.print(
        f"World written to [bold]{summary['out']}[/] (seed {summary['seed']}, "
        f"{summary['persons']:,} people and {summary['namesakes']:,} namesakes, "
        f"{summary['bookings']:,} bookings, "
        f"{summary['bookings_fingerprint_matched']:,} fingerprint-matched; "
        f"period {summary['period'][0]} to {summary['period'][1]})"
    )
    out_console.print(
        _counts_table(
            "People by true status at the end of the period", summary["status_at_end"], key="status"
        )
    )
    out_console.print(
        _counts_table("Records per source", summary["records"], key="source", value="records")
    )
    out_console.print(
        _counts_table("Errors applied, by type", summary["errors"], key="error", value="errors")
    )
    out_console.print(f"content sha256: {summary['content_sha256']}")


app.command(name="whatif")(whatif_command)


#: The demo world's size: big enough for every profile to show its difference, small
#: enough to build, train on and decide in about a minute.
DEMO_PERSONS = 50_000
DEMO_BOOKINGS = 2_000


@app.command(name="demo")
def demo_command(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Keep the world here (default: a temporary directory)."),
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Keep the demo service running until Ctrl-C.")
    ] = False,
    persons: Annotated[
        int, typer.Option("--persons", min=1_000, help="People in the demo world.")
    ] = DEMO_PERSONS,
    bookings: Annotated[
        int, typer.Option("--bookings", min=100, help="Bookings in the demo world.")
    ] = DEMO_BOOKINGS,
) -> None:
    """Build a small world (by default 50,000 people, 2,000 bookings), compare the legal
    profiles on it, then run the response center on it and replay a day of its bookings."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="probable-demo-") as scratch:
        target = out or Path(scratch) / "world"
        summary = build_world(
            target,
            persons=persons,
            bookings=bookings,
            seed=None,
            config_file=None,
            force=out is not None,
            quiet=False,
        )
        _print_world_summary(summary)
        report = whatif(target, index=None, profiles=None, rates=CorroborationRates(), quiet=False)
        out_console.rule("What each legal profile does to the same people")
        print_report(report.as_dict())
        print_wrongful(report, "database_only", limit=10)
        out_console.print(
            "database_only is the practice struck down in Gonzalez v. ICE: a hold on database "
            "checks alone. This demo world is small, so its shares are noisy; the calibrated "
            "figures come from the default world: `probable simulate --out DIR` then "
            "`probable whatif --world DIR`.",
            soft_wrap=True,
        )
        from probable.cli.demo_service import run_service_demo

        service_dir = target.parent / "service" if out is None else out / "service"
        run_service_demo(target, service_dir, keep_serving=serve)
    out_console.print(
        f"Demo finished in {time.perf_counter() - started:.1f} s. "
        "All data is synthetic; nothing here is legal advice."
    )


def main() -> None:
    """Entry point of the `probable` script."""
    app()
