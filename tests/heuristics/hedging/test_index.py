"""Hedging's prebuilt index of its tables (`data/hedging.index`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_heuristics.hedging import lexicon


def _shape(table: object) -> list[object]:
    groups = table.groups  # type: ignore[attr-defined]
    return [(a, [(o, n, list(p.items())) for o, n, p in s]) for a, s in groups.items()]


def test_the_shipped_index_is_the_tables_built_from_the_tsvs() -> None:
    """Loading from the index gives the tables the TSVs make, in the same order."""
    assert lexicon.INDEX.read_bytes() == lexicon.build_index(), (
        "run: python benchmarks/build_hedging_index.py"
    )
    cue_table, cues = lexicon.load_cues()
    assert _shape(lexicon.CUE_TABLE) == _shape(cue_table)
    assert _shape(lexicon.REPORT_TABLE) == _shape(lexicon.load_reporting())
    assert list(lexicon.CUES.items()) == list(cues.items())


@pytest.mark.parametrize("content", [None, b"\x93\x01\x02\x03", b"not msgpack"])
def test_a_missing_or_foreign_index_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None
) -> None:
    index = tmp_path / "hedging.index"
    if content is not None:
        index.write_bytes(content)
    monkeypatch.setattr(lexicon, "INDEX", index)
    cue_table, cues, report_table = lexicon._load()
    assert _shape(cue_table) == _shape(lexicon.CUE_TABLE)
    assert _shape(report_table) == _shape(lexicon.REPORT_TABLE)
    assert cues == lexicon.CUES


def test_an_index_of_other_tsvs_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a TSV is edited, the index (of the TSVs before) is not used."""
    tsv = tmp_path / "hedging.tsv"
    text = lexicon.TABLES[0].read_text("utf-8")
    tsv.write_text(text + "reportedly maybe\thedge\tauthor\tadded\n", "utf-8")
    monkeypatch.setattr(lexicon, "TABLES", (tsv, lexicon.TABLES[1]))
    monkeypatch.setattr(lexicon, "DATA_DIR", tmp_path)
    (tmp_path / "hedging_reporting.tsv").write_bytes(lexicon.TABLES[1].read_bytes())
    _, cues, _ = lexicon._load()
    assert "reportedly maybe" in cues
