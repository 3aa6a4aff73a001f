"""The tagger's decoding steps: the max-plus product that Viterbi decoding over a whole
document is built from, and the label runs as token spans."""

from __future__ import annotations

import numpy as np

__all__ = ["Spans", "label_spans", "max_plus", "viterbi"]

Spans = list[tuple[int, int]]


def max_plus(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Max-plus products a[i] (x) b[i] of stacks of square matrices, and the best joint label.

    The maximum over the joint label, and where it is first reached (as
    argmax has it), are taken slice by slice: numpy's max and argmax over a
    short middle axis are several times slower than elementwise maxima.
    Scores are finite or -inf, never NaN, so a later slice is better only
    when strictly greater.
    """
    # Through joint label k: a[i, from, k] + b[i, k, to], as (i, from, to).
    best = a[:, :, 0, None] + b[:, None, 0, :]
    joint = np.zeros(best.shape, dtype=np.intp)
    for k in range(1, a.shape[2]):
        here = a[:, :, k, None] + b[:, None, k, :]
        np.copyto(joint, k, where=here > best)
        best = np.maximum(best, here)
    return best, joint


def label_spans(labels: np.ndarray, layout: np.ndarray) -> tuple[Spans, Spans]:
    """Runs of source labels and of cue labels as token ranges (padding ends every run)."""
    # Positions where the label changes; each run of a non-O label becomes a span.
    changes = np.flatnonzero(labels[1:] != labels[:-1]) + 1
    opens = np.concatenate(([0], changes))
    closes = np.concatenate((changes, [len(labels)]))
    values = labels[opens]
    found: list[Spans] = []
    for label in (1, 2):
        run = values == label
        firsts = layout[opens[run]].tolist()
        lasts = (layout[closes[run] - 1] + 1).tolist()
        found.append(list(zip(firsts, lasts, strict=True)))
    return found[0], found[1]


def viterbi(scores: np.ndarray, real: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """The best label sequence of every sentence (Viterbi), padding labelled O (label 0):
    `scores` per position and label, `trans` from label to label.

    `real` marks the positions that are tokens; each run of them is a
    sentence, with no transition into its first token or out of its
    last, as CRFsuite trains it. The whole padded sequence is one chain
    whose padding is held at O (the transitions to and from it taken off
    the sentence edges' scores), reduced as a tree: each step's transition
    matrix (max-plus), then the products of pairs of neighbours, of pairs
    of those, and so on, each level at once over the sequence, keeping the
    best label at every joint; the labels are then read back down the tree
    from O at both ends. A dozen array operations per level and ~log2(n)
    levels, however the sentences are laid out.
    """
    size = len(trans)
    edge = np.zeros(size, dtype=np.float32)
    edge[1:] = -np.inf  # padding is O
    emit = np.vstack((edge, np.where(real[:, None], scores, edge), edge))
    inner = np.concatenate(([False], real, [False]))
    first = inner[1:-1] & ~inner[:-2]
    last = inner[1:-1] & ~inner[2:]
    emit[1:-1][first] -= trans[0]
    emit[1:-1][last] -= trans[:, 0]
    # Leaf t: from the label at position t to the label at t + 1.
    steps = len(emit) - 1
    width = 1 << (steps - 1).bit_length()
    level = np.empty((width, size, size), dtype=np.float32)
    level[:steps] = trans + emit[1:, None, :]
    level[steps:] = np.where(np.eye(size, dtype=bool), 0.0, -np.inf)  # keep the label
    joints = []
    while len(level) > 1:
        level, joint = max_plus(level[0::2], level[1::2])
        joints.append(joint)
    # The labels at the blocks' edges, from O at both ends down to every position.
    edges = np.zeros(2, dtype=np.int64)
    for joint in reversed(joints):
        down = np.empty(2 * len(edges) - 1, dtype=np.int64)
        down[0::2] = edges
        down[1::2] = joint[np.arange(len(edges) - 1), edges[:-1], edges[1:]]
        edges = down
    labels = edges[1 : len(real) + 1]  # edge t + 1 is position t + 1, the token t
    labels[~real] = 0  # O
    return labels
