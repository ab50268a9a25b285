"""A 64-bit hash of text that DuckDB's SQL and Python compute alike.

The resident copies (of the identity index, of the world's record systems) find rows
by binary search over sorted hashes: written by DuckDB in bulk, probed from Python one
key at a time, so both sides must agree to the bit. DuckDB's own `hash` is not
specified; MD5 is, and `md5_number_lower` is its last eight bytes, little-endian.
"""

from __future__ import annotations

import hashlib


def key_hash_sql(expression: str) -> str:
    """SQL for the hash of a VARCHAR expression (NULL for NULL)."""
    return f"md5_number_lower({expression})"


def key_hash(text: str) -> int:
    """The hash `key_hash_sql` gives for `text`, in Python."""
    return int.from_bytes(hashlib.md5(text.encode()).digest()[8:], "little")
