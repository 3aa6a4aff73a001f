"""The padded sequence the tagger reads: a document's sentences laid end to end.

Padding positions (code `EDGE` in every column, token -1) stand before
every sentence and after the last, so a feature seen at an offset never
reaches into the next sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Spans = list[tuple[int, int]]

EDGE = 1  # the code of a sentence edge in every column
# Cue distance codes: 2..7 for 0..5 tokens away, FAR for six or more, or none.
FAR = 8


def padded_layout(sentences: Spans, pad: int) -> tuple[np.ndarray, np.ndarray]:
    """The padded sequence's tokens (-1 for padding) and their position codes.

    Each sentence comes after `pad` padding positions (code `EDGE`), and so
    does the end; a sentence's tokens have codes 2, 3, 4 for its first three,
    5 for the rest and 6 for its last.
    """
    count = len(sentences)
    bounds = np.array(sentences, dtype=np.int64).reshape(count, 2)
    lengths = bounds[:, 1] - bounds[:, 0]
    if (lengths <= 0).any():
        raise ValueError("a sentence to tag holds no token")
    size = int(lengths.sum()) + pad * (count + 1)
    index = np.full(size, -1, dtype=np.int64)
    position = np.full(size, EDGE, dtype=np.int64)
    if not count:
        return index, position
    # Where each sentence's first token sits in the padded sequence.
    ends = np.cumsum(lengths)
    opens = ends - lengths + pad * np.arange(1, count + 1)
    at = np.arange(int(ends[-1]))  # the tokens of all sentences, in order
    within = at - np.repeat(ends - lengths, lengths)
    places = at + np.repeat(opens - (ends - lengths), lengths)
    index[places] = np.repeat(bounds[:, 0], lengths) + within
    position[places] = np.where(within < 3, within + 2, 5)
    position[opens + lengths - 1] = 6
    return index, position


def cue_distances(
    index: np.ndarray, real: np.ndarray, cue_starts: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Distance codes to the next and the previous cue phrase start in the same sentence."""
    far = FAR
    size = len(index)
    near_next = np.full(size, EDGE, dtype=np.int64)
    near_prev = np.full(size, EDGE, dtype=np.int64)
    if not size:
        return near_next, near_prev
    # Sentence number of each padded position: a new sentence after each pad run.
    opens = np.zeros(size, dtype=bool)
    opens[:-1] = ~real[:-1] & real[1:]
    sentence = np.cumsum(opens)
    mark = np.zeros(int(index.max(initial=-1)) + 2, dtype=bool)
    starts = [k for k in cue_starts if k < len(mark) - 1]
    mark[starts] = True
    positions = np.flatnonzero(mark[index])
    if not len(positions):
        near_next[real] = far
        near_prev[real] = far
        return near_next, near_prev
    at = np.arange(size)
    nxt = np.searchsorted(positions, at, side="left")
    ok = nxt < len(positions)
    target = positions[np.minimum(nxt, len(positions) - 1)]
    ok &= sentence[target] == sentence
    near_next = np.where(ok, np.minimum(target - at, 6) + 2, far)
    prv = np.searchsorted(positions, at, side="right") - 1
    ok = prv >= 0
    target = positions[np.maximum(prv, 0)]
    ok &= sentence[target] == sentence
    near_prev = np.where(ok, np.minimum(at - target, 6) + 2, far)
    near_next[~real] = EDGE
    near_prev[~real] = EDGE
    return near_next, near_prev
