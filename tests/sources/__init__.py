"""Tests of `probable.sources`: the common schema, cleaning, readers and catalogue."""
