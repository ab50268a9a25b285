"""Tests of the law layer: rules, jurisdictions, hold clocks and determinations."""
