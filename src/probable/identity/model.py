"""The trained linkage model and its versioned JSON artefact.

A model is Splink's settings (comparisons with their m and u probabilities, the
prior, blocking rules) wrapped with what Probable needs to use it safely: the
artefact format version, the Splink version that trained it, the columns it was
trained on, its decision threshold and a summary of the training data. A file of
another format version, or from another major version of Splink, is refused with a
message that says what to do.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import splink

#: What the artefact is; a file without this mark is not a Probable identity model.
FORMAT = "probable-identity-model"
#: Bumped whenever the artefact or the prepared columns change incompatibly.
FORMAT_VERSION = 1
#: Link probability at or above which two records are taken to be the same person.
DEFAULT_THRESHOLD = 0.99


class ModelError(ValueError):
    """A model file that cannot be used: missing, malformed, or from another version."""


@dataclass(frozen=True)
class IdentityModel:
    """A trained model: Splink settings plus Probable's metadata."""

    splink_settings: Mapping[str, Any]
    columns: tuple[str, ...]
    prediction_rules: Mapping[str, tuple[str, ...]]
    threshold: float = DEFAULT_THRESHOLD
    trained_on: Mapping[str, Any] = field(default_factory=dict)
    splink_version: str = splink.__version__
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def link_type(self) -> str:
        """Splink's link type: dedupe_only (one pool of records) or link_only (two sides)."""
        return str(self.splink_settings.get("link_type", "dedupe_only"))

    def comparison_names(self) -> list[str]:
        """The model's comparisons, in order."""
        return [str(c["output_column_name"]) for c in self.splink_settings["comparisons"]]

    def as_dict(self) -> dict[str, Any]:
        """The artefact as JSON-ready data."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "splink_version": self.splink_version,
            "created_at": self.created_at,
            "threshold": self.threshold,
            "columns": list(self.columns),
            "prediction_rules": {k: list(v) for k, v in self.prediction_rules.items()},
            "trained_on": dict(self.trained_on),
            "splink_settings": dict(self.splink_settings),
        }

    def save(self, path: Path) -> Path:
        """Write the artefact atomically (a reader never sees half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.as_dict(), f, indent=2)
                f.write("\n")
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def with_threshold(self, threshold: float) -> IdentityModel:
        """The same model with another decision threshold."""
        check_threshold(threshold)
        return IdentityModel(
            self.splink_settings, self.columns, self.prediction_rules, threshold,
            self.trained_on, self.splink_version, self.created_at,
        )  # fmt: skip


def check_threshold(threshold: float) -> None:
    """Refuse a probability threshold outside (0, 1]."""
    if not 0.0 < threshold <= 1.0:
        raise ModelError(f"threshold must be a probability in (0, 1], got {threshold}")


def _major(version: str) -> str:
    return version.split(".", maxsplit=1)[0]


def model_from_dict(data: Mapping[str, Any], origin: str = "model") -> IdentityModel:
    """Check an artefact's format and versions and build the model from it."""
    if data.get("format") != FORMAT:
        raise ModelError(f"{origin} is not a Probable identity model (no '{FORMAT}' mark)")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(
            f"{origin} is identity model format version {version}; this Probable reads "
            f"version {FORMAT_VERSION}. Train a new model with `probable identity build`."
        )
    trained_with = str(data.get("splink_version", "unknown"))
    if _major(trained_with) != _major(splink.__version__):
        raise ModelError(
            f"{origin} was trained with Splink {trained_with}; this Probable runs Splink "
            f"{splink.__version__}. Train a new model with `probable identity build`."
        )
    try:
        model = IdentityModel(
            splink_settings=data["splink_settings"],
            columns=tuple(data["columns"]),
            prediction_rules={k: tuple(v) for k, v in data["prediction_rules"].items()},
            threshold=float(data["threshold"]),
            trained_on=data.get("trained_on", {}),
            splink_version=trained_with,
            created_at=str(data.get("created_at", "")),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ModelError(f"{origin} is malformed: {exc!r}") from exc
    check_threshold(model.threshold)
    return model


def load_model(path: Path) -> IdentityModel:
    """Read and check a model artefact."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ModelError(f"model file not found: {path}") from exc
    except UnicodeDecodeError as exc:
        raise ModelError(f"model file {path} is not JSON: {exc}") from exc
    except OSError as exc:
        raise ModelError(f"cannot read model file {path}: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(f"model file {path} is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ModelError(f"model file {path} is not a JSON object")
    return model_from_dict(data, origin=f"model file {path}")


def present_columns(
    counts: Mapping[str, int], total: int, columns: Sequence[str]
) -> tuple[str, ...]:
    """Columns filled in at least 1% of records (a comparison on an empty column is noise)."""
    return tuple(c for c in columns if total and counts.get(c, 0) >= max(1, total // 100))
