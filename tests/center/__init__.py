"""Tests of the response center."""
