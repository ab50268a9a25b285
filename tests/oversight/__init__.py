"""Tests of the oversight metrics, charts, CSV tables and public-data import."""
