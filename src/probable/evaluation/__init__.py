"""Scoring decisions against the simulated world's truth (the only reader of truth)."""
