"""The source catalogue: every record system described, cited, and checked on load."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from probable.sources import SourceError, SourceInfo, UnknownSourceError, catalogue, source_info
from probable.sources.catalogue import CATALOGUE_FILE, parse_catalogue
from probable.world.schemas import CORROBORATION_SOURCES, SOURCES


def shipped() -> dict[str, Any]:
    text = resources.files("probable.sources").joinpath(CATALOGUE_FILE).read_text("utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return data


def as_toml(data: dict[str, Any]) -> str:
    """A minimal TOML writer for the catalogue's shape (strings, lists of strings or pairs)."""

    def value(item: Any) -> str:
        if isinstance(item, list):
            return "[" + ", ".join(value(part) for part in item) + "]"
        return '"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = []
    for name, entry in data.items():
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {value(item)}" for key, item in entry.items())
    return "\n".join(lines) + "\n"


def test_the_catalogue_covers_every_record_system_in_order() -> None:
    assert tuple(catalogue()) == SOURCES
    for name, info in catalogue().items():
        assert isinstance(info, SourceInfo)
        assert info.name == name


@pytest.mark.parametrize("name", SOURCES)
def test_every_entry_is_complete_and_cited_with_https(name: str) -> None:
    info = source_info(name)
    for field in ("title", "agency", "purpose"):
        assert getattr(info, field).strip(), field
    for field in ("facts", "not_designed_for", "flaws", "legal_restrictions"):
        assert getattr(info, field), field
    assert info.citations
    for title, url in info.citations:
        assert title.strip()
        assert url.startswith("https://")


def test_only_corroboration_sources_are_investigation_only() -> None:
    investigated = {name for name, info in catalogue().items() if not info.automated}
    assert investigated == set(CORROBORATION_SOURCES)


def test_unknown_source_is_an_error_listing_the_known_ones() -> None:
    with pytest.raises(UnknownSourceError, match=r"'sevis'.*ident"):
        source_info("sevis")


def test_the_shipped_file_round_trips_through_the_test_writer() -> None:
    assert parse_catalogue(as_toml(shipped())) == catalogue()


def test_a_missing_entry_is_rejected() -> None:
    data = shipped()
    del data["eoir"]
    with pytest.raises(SourceError, match=r"missing \['eoir'\]"):
        parse_catalogue(as_toml(data))


def test_an_http_citation_is_rejected() -> None:
    data = shipped()
    data["iii"]["citations"] = [["A page", "http://example.org/"]]
    with pytest.raises(SourceError, match=r"(?s)'iii' is invalid.*needs an https URL"):
        parse_catalogue(as_toml(data))


def test_a_corroboration_source_marked_automated_is_rejected() -> None:
    data = shipped()
    data["passports"]["access"] = "automated"
    with pytest.raises(SourceError, match="'passports' must have access = 'investigation'"):
        parse_catalogue(as_toml(data))


def test_an_entry_without_citations_is_rejected() -> None:
    data = shipped()
    data["cis"]["citations"] = []
    with pytest.raises(SourceError, match="'cis' is invalid"):
        parse_catalogue(as_toml(data))
