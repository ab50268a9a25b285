"""What every `probable` command shares: the consoles, failing cleanly, step progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

out_console = Console()
err_console = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Print `message` as an error and exit with status 2 (bad input or state)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


def progress_bar(*, quiet: bool) -> Progress:
    """The bar every long command shows on stderr (none with --json)."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err_console,
        disable=quiet,
    )


@contextmanager
def steps(title: str, names: Sequence[str], *, quiet: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar over named steps; yields the callback that marks one done."""
    with progress_bar(quiet=quiet) as bar:
        task = bar.add_task(title, total=len(names))
        done: list[str] = []

        def step(name: str) -> None:
            done.append(name)
            following = names[len(done)] if len(done) < len(names) else "done"
            bar.update(
                task, completed=min(len(done), len(names)), description=f"{title}: {following}"
            )

        bar.update(task, description=f"{title}: {names[0]}")
        yield step
        bar.update(task, completed=len(names), description=f"{title}: done")
