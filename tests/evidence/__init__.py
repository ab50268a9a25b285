"""Tests of probable.evidence."""
