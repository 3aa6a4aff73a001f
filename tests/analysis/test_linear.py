"""The analysis costs time linear in the text's length, whatever shape the text has.

Each text below once made one part of the analysis cost the square of its
length (seconds to minutes at these sizes); each must now be analysed in well
under two seconds of CPU time even on a busy machine.
"""

from __future__ import annotations

import time

import pytest

from reliability.analysis import Analysis
from reliability.document import make_document

CPU_SECONDS = 2.0

SHAPES = {
    # Quote marks: many single quotes left open, then double closers that find none.
    "nested open quotes": "‘a " * 16_000 + "a” " * 16_000,
    # Quotes opened and never closed, each with a sentence end inside.
    "unclosed quotes": "“We will. " * 20_000,
    # Sentence ends inside quotes opened mid-sentence.
    "quote mid-sentence": "He said “a. b. c, d. e, f. " * 15_000,
    # The same capitalised word opening every sentence, never written in lower case.
    "initial names": "Xyzzy Russian ties grow. " * 16_000,
    # A different such word opening every sentence.
    "distinct names": "".join(f"Qa{i} Russian ties grow. " for i in range(16_000)),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_adversarial_shapes_are_analysed_in_linear_time(shape: str) -> None:
    analysis = Analysis(make_document(SHAPES[shape]))
    start = time.process_time()
    analysis.build()
    took = time.process_time() - start
    assert all(part in analysis.__dict__ for part in Analysis.PARTS)
    assert took < CPU_SECONDS, f"{shape}: {took:.1f} s"


def test_many_different_sentence_openers_are_judged_as_a_few_are() -> None:
    # Past the first few, a word's lower-case occurrences are found through an index
    # of the text's words: the answers must not change.
    openers = [f"Kor{i}x" for i in range(60)]
    lower = " ".join(word.lower() for word in openers[::2])
    text = " ".join(f"{word} Russian ties grow." for word in openers) + f" Then {lower} came."
    found = {n.text for n in Analysis(make_document(text)).names}
    for k, word in enumerate(openers):
        # A word also written in lower case only opened the sentence; otherwise it may be
        # part of the name.
        expected = "Russian" if k % 2 == 0 else f"{word} Russian"
        assert expected in found, (word, sorted(found)[:5])
        assert (f"{word} Russian" in found) == (k % 2 == 1)
