"""The attribution heuristic's whole-document shortcuts give what the plain formulation gives.

Each shortcut (the Viterbi tree's max-plus product, the padded layout of the
tagged sentences, quotation token ranges found all at once) is checked against the direct
computation it replaces.
"""

from __future__ import annotations

import numpy as np
from reliability_heuristics.attribution.decoding import max_plus
from reliability_heuristics.attribution.padded import EDGE, padded_layout
from reliability_heuristics.attribution.rules import RuleFinder
from reliability_heuristics.attribution.tagger import PAD

from reliability.analysis import Analysis
from reliability.document import make_document

TEXT = (
    "“We will win,” he said. Officials said sources told reporters, according to experts. "
    "Kremlin spokesman Dmitry Peskov said in a statement that talks “had failed.” "
    "“It was reported,” she added: “nothing changed.” According to the Post, it is "
    "believed the deal was signed. Peskov said"
)


def test_max_plus_is_the_max_and_first_argmax_over_the_joint_label() -> None:
    rng = np.random.default_rng(7)
    for _ in range(50):
        # Small integers make ties common; -inf stands for a forbidden label.
        a = rng.integers(-2, 3, (40, 3, 3)).astype(np.float32)
        b = rng.integers(-2, 3, (40, 3, 3)).astype(np.float32)
        a[rng.random(a.shape) < 0.3] = -np.inf
        b[rng.random(b.shape) < 0.3] = -np.inf
        best, joint = max_plus(a, b)
        cand = a[:, :, :, None] + b[:, None, :, :]
        assert np.array_equal(best, cand.max(axis=2))
        assert np.array_equal(joint, cand.argmax(axis=2))


def test_layout_pads_every_sentence_and_codes_positions() -> None:
    sentences = [(0, 1), (1, 3), (5, 8), (8, 14)]
    index, position = padded_layout(sentences, PAD)
    layout: list[int] = []
    codes: list[int] = []
    for lo, hi in sentences:
        layout += [-1] * PAD + list(range(lo, hi))
        length = hi - lo
        codes += [EDGE] * PAD + [min(j, 3) + 2 for j in range(length - 1)] + [6]
    layout += [-1] * PAD
    codes += [EDGE] * PAD
    assert index.tolist() == layout
    assert position.tolist() == codes
    empty_index, empty_position = padded_layout([], PAD)
    assert empty_index.tolist() == [-1] * PAD
    assert empty_position.tolist() == [EDGE] * PAD


def test_quotation_ranges_and_quoted_tokens_are_the_token_ranges() -> None:
    doc = Analysis(make_document(TEXT))
    finder = RuleFinder(doc)
    tops = [q for q in doc.quotations if q.depth == 0]
    assert len(tops) == 4
    quoted = [False] * finder.v.n
    for q in tops:
        assert finder._quote_range(q) == finder._tok_range(q.start, q.end)
        lo, hi = finder._tok_range(q.inner_start, q.inner_end)
        quoted[lo:hi] = [True] * (hi - lo)
    assert finder.quoted == quoted
    tokens = doc.tokens
    assert [tokens[k].text for k in range(finder.v.n) if finder.quoted[k]][:4] == [
        "We",
        "will",
        "win",
        ",",
    ]
