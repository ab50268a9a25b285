"""Tests of the HTML pages, in-process through Starlette's test client."""
