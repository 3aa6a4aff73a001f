"""The public toolkit of the analysis layer: tables, the fold, phrase tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from reliability.analysis import (
    Analysis,
    PhraseTable,
    TableError,
    expand_pattern,
    fold,
    lexicon,
    parse_table,
    read_table,
)
from reliability.document import make_document


def test_read_table_checks_header_and_every_row(tmp_path: Path) -> None:
    path = tmp_path / "cues.tsv"
    path.write_text("# a comment\nterm\tclass\nsaid\tneutral\n\nclaimed\tdistancing\n", "utf-8")
    assert read_table(path, ("term", "class")) == [["said", "neutral"], ["claimed", "distancing"]]
    assert read_table(path, 2) == [["said", "neutral"], ["claimed", "distancing"]]
    with pytest.raises(TableError, match=r"cues.tsv: the header is \['term', 'class'\]"):
        read_table(path, ("word", "class"))
    path.write_text("term\tclass\nsaid\n", "utf-8")
    with pytest.raises(TableError, match=r"cues\.tsv: data row 2 has 1 columns"):
        read_table(path, 2)
    with pytest.raises(TableError, match="mine: the header must have 3 columns"):
        parse_table("a\tb\n", 3, name="mine")


def test_fold_options() -> None:
    assert fold("Regime\u2019s so\u2011called") == "regime's so\u2011called"
    assert fold("Regime\u2019s so\u2011called", hyphens="ascii") == "regime's so-called"
    assert fold("well-known U.S. José", hyphens="space", dots=True, accents=True) == (
        "well known us jose"
    )
    assert fold("Straße", casefold=True) == "strasse"
    text = "He\u2019s A Long Word"
    assert len(fold(text)) == len(text)  # offsets survive the default fold


def test_expand_pattern() -> None:
    assert expand_pattern("is/was reportedly?") == [
        ("is", "reportedly"),
        ("is",),
        ("was", "reportedly"),
        ("was",),
    ]
    assert expand_pattern("perhaps? maybe") == [("perhaps", "maybe"), ("maybe",)]


def test_phrase_table_takes_the_longest_match_left_to_right() -> None:
    table = PhraseTable.from_patterns(
        [("according to", "cue"), ("according to officials", "vague"), ("said", "cue")],
        name="cues",
    )
    words = ["officials", "said", ",", "according", "to", "officials", "familiar"]
    found = [(m.start, m.length, m.payload) for m in table.find(words)]
    assert found == [(1, 1, "cue"), (3, 3, "vague")]
    refused = table.at(words, 3, accept=lambda i, length, payload: length < 3)
    assert refused is not None and (refused.length, refused.payload) == (2, "cue")
    assert table.at(words, 0) is None


def test_phrase_table_refuses_a_phrase_listed_twice_differently() -> None:
    with pytest.raises(TableError, match="cues: 'claimed' is listed twice"):
        PhraseTable.from_patterns(
            [("claimed", "distancing"), ("claimed/said", "neutral")], name="cues"
        )
    same = PhraseTable.from_patterns([("said", "neutral"), ("said/told", "neutral")], name="cues")
    assert len(same) == 2


def test_phrase_table_over_an_analysis() -> None:
    doc = Analysis(make_document("Officials SAID it was, reportedly, over."))
    table = PhraseTable.from_patterns([("reportedly", "hedge")], name="hedges")
    words = doc.folded.words
    (match,) = table.find(words)
    start = doc.folded.starts[match.start]
    end = doc.folded.ends[match.start + match.length - 1]
    assert doc.text[start:end] == "reportedly"


def test_word_lists_are_data_files_with_a_source_line() -> None:
    files = sorted(lexicon.WORDS.glob("*.tsv"))
    assert len(files) >= 30
    for path in files:
        head = path.read_text("utf-8").splitlines()[:6]
        assert any(line.startswith("# source:") for line in head), path.name
    assert lexicon.MONTHS["March"] == 3 and "said" in lexicon.SPEECH_VERBS
    assert lexicon.WEEKDAYS[0] == "Monday"
