"""Identity resolution: which records across the record systems belong to one person.

Probabilistic record linkage with Splink (DuckDB by default, Spark for scale): the
model and its versioned artefact, the identity index (batch build), the fast lookup
of one booking subject, and the explanation of every link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from probable._lazy import lazy_exports

if TYPE_CHECKING:
    from probable.identity.explain import Contribution, Link, LinkKind
    from probable.identity.index import BuildResult, BuildSummary, IdentityIndexError, build_index
    from probable.identity.lookup import IdentityIndex, LookupResult
    from probable.identity.model import DEFAULT_THRESHOLD, IdentityModel, ModelError, load_model
    from probable.identity.train import train_model

__all__ = [
    "DEFAULT_THRESHOLD",
    "BuildResult",
    "BuildSummary",
    "Contribution",
    "IdentityIndex",
    "IdentityIndexError",
    "IdentityModel",
    "Link",
    "LinkKind",
    "LookupResult",
    "ModelError",
    "build_index",
    "load_model",
    "train_model",
]

if not TYPE_CHECKING:  # names are imported on first use (probable._lazy)
    __getattr__, __dir__ = lazy_exports(__name__, __file__)
