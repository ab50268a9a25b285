"""Where Splink runs: DuckDB in-process by default, Spark local or cluster when outgrown.

Both sit behind `Backend`; the model, the build and the clusters are the same on each.
"""

from probable.identity.backends.base import Backend, BackendError, MissingExtraError, get_backend

__all__ = ["Backend", "BackendError", "MissingExtraError", "get_backend"]
