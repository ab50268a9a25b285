"""The world's ground truth, kept in its own DuckDB file.

Who each person really is, their status on every date, who owns each record,
every error the simulator made, and who was really booked. Only the simulator
(which writes it) and `probable.evaluation` (which scores decisions against
it) may import this module; an import-linter contract enforces that, and the
decision code opens only `world.duckdb`, which holds no truth.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import duckdb

TRUTH_FILE = "truth.duckdb"

#: The tables of the truth file and what each holds.
TRUTH_TABLES: dict[str, str] = {
    "persons": "each person's true identity, path, citizenship basis and parents",
    "status_history": "each person's true status and removability, interval by interval",
    "record_owners": "the person each record really belongs to",
    "errors": "every error applied to a record (or a record never made)",
    "error_rates": "per source and error type: records exposed, errors applied, configured rate",
    "booking_truth": "the person really booked, and what the jail mistyped",
    "families": "each acquisition or derivation case and the provision that decided it",
}


class TruthReader:
    """Read-only access to a world's truth file."""

    def __init__(self, world_dir: Path) -> None:
        path = world_dir / TRUTH_FILE
        if not path.is_file():
            raise FileNotFoundError(f"no truth file at {path}: is {world_dir} a simulated world?")
        self.path = path
        self.connection = duckdb.connect(str(path), read_only=True)

    def __enter__(self) -> TruthReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the file."""
        self.connection.close()
