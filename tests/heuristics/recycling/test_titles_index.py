"""The prebuilt index of the office-title lexicon (`data/titles.index`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_heuristics.recycling import titles


def _tables(lexicon: titles.Lexicon) -> list[object]:
    """Everything the reader looks up, in order."""
    return [
        list(lexicon.endings.items()),
        list(lexicon.countries.items()),
        list(lexicon.kinds.items()),
        sorted(lexicon.country_parts),
        list(dict(lexicon.senses).items()),
        list(lexicon.forms.items()),
    ]


def test_the_shipped_index_is_the_lexicon_built_from_the_tsvs() -> None:
    assert titles.INDEX.read_bytes() == titles.build_index(), (
        "run: python benchmarks/build_tenures.py --index"
    )
    assert _tables(titles.load_lexicon()) == _tables(titles._build())


@pytest.mark.parametrize("content", [None, b"\x93\x01\x02\x03", b"not msgpack"])
def test_a_missing_or_foreign_index_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None
) -> None:
    index = tmp_path / "titles.index"
    if content is not None:
        index.write_bytes(content)
    monkeypatch.setattr(titles, "INDEX", index)
    titles.load_lexicon.cache_clear()
    try:
        assert _tables(titles.load_lexicon()) == _tables(titles._build())
    finally:
        titles.load_lexicon.cache_clear()


def test_an_index_of_other_tsvs_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a table is edited, the index (of the tables before) is not used."""
    office_titles, title_words, inflections = titles.TABLES
    edited = tmp_path / "office_titles.tsv"
    row = "es\tsuperpresidenta\thead_of_state\t\t\ta row added in the test\n"
    edited.write_text(office_titles.read_text("utf-8") + row, "utf-8")
    monkeypatch.setattr(titles, "TABLES", (edited, title_words, inflections))
    titles.load_lexicon.cache_clear()
    try:
        assert titles.load_lexicon().base("superpresidenta") == "superpresidenta"
    finally:
        titles.load_lexicon.cache_clear()
        monkeypatch.undo()
    assert titles.load_lexicon().base("superpresidenta") is None
