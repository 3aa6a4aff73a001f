"""The learned half of attribution: a tagger for source and cue tokens.

A linear-chain CRF labels every token of a sentence `S` (source), `C` (cue)
or `O` from features of the token and its neighbours and from the label of
the token before. It is trained with CRFsuite's L-BFGS trainer
(python-crfsuite), each sentence a sequence, on PolNeAR train by
`python -m reliability_heuristics.attribution.train`, and shipped as its
weights: `data/attribution_tagger.json` (state weights per feature and the
label transitions), with `data/attribution_tagger.sidecar.json` recording
the training data's digest and counts and the commit it was trained at.

Every feature is one per-token column seen at an offset within the sentence:
the folded word (and its last three and first five letters, and its stem,
`lexicon.stem`, which "claims", "claimed" and "claiming" share), the token's
shape, whether the name finder put it in a name, whether it is quoted, which
cue or source phrase of the lexicon covers it, the role the rules gave it
(source, cue or content of a rule relation), its position in the sentence,
and how far the nearest cue phrase is. Tagging looks each token's word up
once (a known word's row holds its affix and stem weights too; an unknown
word's are looked up by its affixes and stem) and adds every column's
weights for all tokens at once (numpy, sentences laid end to end with
padding between them, `padded`), then finds every sentence's best label
sequence at once (`decode`).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

import msgspec
import numpy as np

from reliability import Analysis
from reliability_heuristics.attribution.decoding import label_spans, viterbi
from reliability_heuristics.attribution.lexicon import (
    CUE_CLASSES,
    CUE_TABLE,
    DATA_DIR,
    PRONOUNS,
    RELATIVE,
    SOURCE_KINDS,
    SOURCE_TABLE,
    match_phrase,
    phrase_starts,
    stem,
)
from reliability_heuristics.attribution.padded import EDGE, FAR, cue_distances, padded_layout
from reliability_heuristics.attribution.relation import Attribution, TokenView

MODEL_PATH = DATA_DIR / "attribution_tagger.json"
SIDECAR_PATH = DATA_DIR / "attribution_tagger.sidecar.json"
LAYOUT_PATH = DATA_DIR / "attribution_tagger.npz"

LABELS = ("O", "S", "C")
# Each column and the offsets it is seen at. Code 0 is "no feature", code 1 the
# sentence edge; words are their own values ("<s>" at the edge).
OFFSETS: dict[str, tuple[int, ...]] = {
    "w": (0, -1, 1, -2, 2),
    "x": (0,),
    "pf": (0,),
    "st": (0, -1, 1),
    "s": (0, -1, 1, -2, 2),
    "nm": (0, -1, 1),
    "q": (0, -1, 1),
    "lex": (0, -1, 1, -2, 2),
    "r": (0, -1, 1),
    "p": (0,),
    "nc": (0,),
    "pc": (0,),
}
PAD = 2  # the widest offset: padding tokens between sentences
# Added to the transitions from O into a source or a cue when decoding: the
# CRF's best path is cautious (on PolNeAR dev its spans are ~85 % precise at
# ~62 % recall), and a span opened more readily after another word balances
# the two better (chosen on dev: 0 to 2 tried, 1 best for source F1).
OPEN_BIAS = 1.0
# Added to every token's cue score when decoding: the CRF finds ~84 % precise
# cues at ~70 % recall on PolNeAR dev, and the combination with the rules
# drops the tagged cues that carry no reporting phrase and no speaker. Chosen
# on dev (0 to 0.3 tried): 0.2 reads 1 point more cue overlap F1 and 0.4 more
# source overlap F1 than 0, for 0.6 less exact cue F1 (longer cue spans).
CUE_BIAS = 0.2
EDGE_WORD = "<s>"
# The word's first letters ("admir" for "admires", "admired"): forms of one
# verb share them where the model has seen only some of the forms.
PREFIX = 5
NONE = 0

# Shapes by the first character's class (a capital with another capital after
# it is "X", as in "UN"); punctuation that matters to attribution is its own shape.
_PUNCT = "\"“”'‘’«»:;,.?!()—–―-"
SHAPES = ("", "<s>", "Xx", "X", "x", "d", "other", *_PUNCT)
_UPPER, _LOWER, _DIGIT, _OTHER = 2, 4, 5, 6
_PUNCT_CODE = {ch: SHAPES.index(ch) for ch in _PUNCT}
LEXICON = (
    "",
    "<s>",
    "pro",
    *(f"c{p}:{c}" for c in sorted(CUE_CLASSES) for p in "BI"),
    *(f"s{p}:{k}" for k in sorted(SOURCE_KINDS) for p in "BI"),
)
_LEXICON_CODE = {value: code for code, value in enumerate(LEXICON)}
RULE_ROLES = ("", "<s>", "S", "C", "T")
# Position in the sentence: first, second, third, later, last.
POSITIONS = ("", "<s>", "0", "1", "2", "m", "e")
# Distance to the nearest cue phrase (after / before): 0..5, then "far".
DISTANCES = ("", "<s>", "0", "1", "2", "3", "4", "5", "far")
assert DISTANCES.index("far") == FAR and LEXICON.index("<s>") == EDGE

Spans = list[tuple[int, int]]

_PRONOUN_WORDS = PRONOUNS | RELATIVE


def _shape_code(text: str) -> int:
    first = text[:1]
    if first.isupper():
        return 3 if text[1:2].isupper() else _UPPER
    if first.isalpha():
        return _LOWER
    if first.isdigit():
        return _DIGIT
    return _PUNCT_CODE.get(first, _OTHER)


class _ShapeTable(dict[str, int]):
    """Token text -> shape code, filled as texts come (up to `_SHAPE_CACHE` of them)."""

    def __missing__(self, text: str) -> int:
        code = _shape_code(text[:2])
        if len(self) < _SHAPE_CACHE:
            self[text] = code
        return code


_SHAPE_CACHE = 200_000
SHAPE_OF_TEXT = _ShapeTable()


def _shapes(texts: Iterable[str]) -> list[int]:
    """Shape codes of token texts."""
    return list(map(SHAPE_OF_TEXT.__getitem__, texts))


_TEXT = attrgetter("text")


def _pick(items: Sequence[Any], indices: list[int]) -> Sequence[Any]:
    """items[k] for each k of `indices`, gathered in C."""
    if len(indices) > 1:
        return itemgetter(*indices)(items)
    return [items[k] for k in indices]


def body_sentences(doc: Analysis, view: TokenView) -> Spans:
    """Token ranges of the document's sentences outside headings."""
    paragraphs = doc.paragraphs
    starts = view.starts
    out = []
    for s in doc.sentences:
        if paragraphs[s.paragraph].heading:
            continue
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end, lo)
        if hi > lo:
            out.append((lo, hi))
    return out


class Columns:
    """Per-token feature columns of one document, and its sentences laid end to end.

    `layout` holds, for each position of the padded sequence, the token it
    stands for, or -1 for padding (`PAD` positions before every sentence and
    after the last). `tokens` holds the coded columns per token, with the
    edge code appended (what a -1 in `layout` reads); `padded` the columns
    that only exist in the padded sequence (position, cue distances).
    """

    __slots__ = ("layout", "padded", "tokens", "words")

    def __init__(
        self,
        view: TokenView,
        quoted: Sequence[bool],
        relations: Sequence[Attribution],
        cue_starts: Sequence[int],
        sentences: Spans,
        phrases: Sequence[tuple[int, int, str]] | None = None,
    ) -> None:
        n = view.n
        self.words = view.words
        index, position = padded_layout(sentences, PAD)
        self.layout = index
        # Only the tokens of the given sentences are looked at.
        selected = index[index >= 0].tolist()
        inside = bytearray(n)
        for lo, hi in sentences:
            inside[lo:hi] = b"\x01" * (hi - lo)
        tokens = view.tokens
        shapes = np.zeros(n + 1, dtype=np.int64)
        shapes[selected] = _shapes(map(_TEXT, _pick(tokens, selected)))
        if phrases is None:
            phrases = cue_phrases(self.words, cue_starts)
        columns = {
            "nm": view.named,
            "q": quoted,
            "lex": _lexicon_codes(self.words, phrases, inside),
            "r": _rule_codes(relations, n),
        }
        self.tokens: dict[str, np.ndarray] = {"s": shapes}
        for name, values in columns.items():
            column = np.empty(n + 1, dtype=np.int64)
            # Codes are below 256: bytes() converts the list in C.
            column[:n] = np.frombuffer(bytes(values), dtype=np.uint8)
            if name in ("nm", "q"):
                column[:n] *= 2  # True is code 2
            self.tokens[name] = column
        for column in self.tokens.values():
            column[n] = EDGE
        near_next, near_prev = cue_distances(index, index >= 0, cue_starts)
        self.padded = {"p": position, "nc": near_next, "pc": near_prev}

    def strings(self) -> list[list[list[str]]]:
        """Each sentence's feature strings, token by token (for training)."""
        out: list[list[list[str]]] = []
        layout = self.layout.tolist()
        codes = {name: column[self.layout].tolist() for name, column in self.tokens.items()}
        codes.update((name, column.tolist()) for name, column in self.padded.items())
        words = [EDGE_WORD if k < 0 else self.words[k] for k in layout]
        stems = OFFSETS["st"]
        current: list[list[str]] = []
        for i, k in enumerate(layout):
            if k < 0:
                if current:
                    out.append(current)
                    current = []
                continue
            f = [f"w{d:+d}={words[i + d]}" for d in OFFSETS["w"]]
            f.append(f"x+0={words[i][-3:]}")
            f.append(f"pf+0={words[i][:PREFIX]}")
            f.extend(f"st{d:+d}={stem(words[i + d])}" for d in stems if words[i + d] != EDGE_WORD)
            for name in OFFSETS:
                if name in ("w", "x", "pf", "st"):
                    continue
                column = codes[name]
                for d in OFFSETS[name]:
                    code = column[i + d]
                    if code != NONE:
                        f.append(f"{name}{d:+d}={code}")
            current.append(f)
        return out


def cue_phrases(words: Sequence[str], positions: Sequence[int]) -> list[tuple[int, int, str]]:
    """The cue table's phrases opening at `positions`, as (start, end, class)."""
    n = len(words)
    out = []
    for k in positions:
        hit = match_phrase(CUE_TABLE, words, k, n)
        if hit is not None:
            out.append((k, hit[0], hit[1]))
    return out


def _lexicon_codes(
    words: Sequence[str], cues: Sequence[tuple[int, int, str]], inside: bytearray
) -> list[int]:
    """Each token's lexicon code (inside a cue or source phrase, a pronoun, or none).

    Only phrases opening at tokens marked `inside` count.
    """
    n = len(words)
    out = [NONE] * n
    sources = [k for k in phrase_starts(words, SOURCE_TABLE) if inside[k]]
    found = [(k, *hit) for k in sources if (hit := match_phrase(SOURCE_TABLE, words, k, n))]
    for tag, phrases in (("s", found), ("c", [c for c in cues if inside[c[0]]])):
        for k, end, payload in phrases:
            out[k] = _LEXICON_CODE[f"{tag}B:{payload}"]
            code = _LEXICON_CODE[f"{tag}I:{payload}"]
            for m in range(k + 1, end):
                out[m] = code
    pro = _LEXICON_CODE["pro"]
    for k in compress(range(n), map(_PRONOUN_WORDS.__contains__, words)):
        if out[k] == NONE:
            out[k] = pro
    return out


def _rule_codes(relations: Sequence[Attribution], n: int) -> list[int]:
    """Each token's role in the rules' relations: source, cue, content or none."""
    source, cue, content = (RULE_ROLES.index(r) for r in ("S", "C", "T"))
    out = [NONE] * n
    for rel in relations:
        for a, b in rel.content:
            out[a:b] = [content] * (b - a)
    for rel in relations:
        a, b = rel.cue
        out[a:b] = [cue] * (b - a)
        if rel.source is not None:
            a, b = rel.source
            out[a:b] = [source] * (b - a)
    return out


# Columns whose weights are added together, one combined code per token: the
# shape with the lexicon (offsets -2..2), the name, quotation and rule flags
# (offsets -1..1), and position with the cue distances (offset 0).
_GROUPS: dict[str, tuple[str, ...]] = {
    "sl": ("s", "lex"),
    "nqr": ("nm", "q", "r"),
    "pd": ("p", "nc", "pc"),
}
_SIZES = {
    "s": len(SHAPES),
    "lex": len(LEXICON),
    "nm": 3,
    "q": 3,
    "r": len(RULE_ROLES),
    "p": len(POSITIONS),
    "nc": len(DISTANCES),
    "pc": len(DISTANCES),
}


def _fill(table: np.ndarray, codes: list[int], rows: dict[str, list[float]] | None) -> None:
    """Set the rows `codes` of `table` to the weight rows, in the same order."""
    if rows:
        table[codes] = np.array(list(rows.values()), dtype=np.float32)


class Tagger:
    """The shipped weights, laid out for tagging whole documents at once.

    Laying the weights out takes longer than tagging a document, so the
    shipped model's layout is also shipped (`data/attribution_tagger.npz`,
    written by the training script with the model's SHA-256) and loaded
    instead when it matches the model; `Tagger.build` always lays it out.
    """

    vocab: dict[str, int]
    suffixes: dict[str, int]
    suffix_table: np.ndarray
    prefixes: dict[str, int]
    prefix_table: np.ndarray
    # Stem -> row, and the stem weights by (row, offset of "st", label).
    stems: dict[str, int]
    stem_table: np.ndarray
    tables: dict[str, np.ndarray]
    # The tables with the offset first, (offset, code, label): the rows of one
    # offset are gathered from contiguous memory.
    by_offset: dict[str, np.ndarray]
    transitions: np.ndarray
    unknown_rows: _UnknownRows

    def __new__(cls, path: Path = MODEL_PATH) -> Tagger:
        if path == MODEL_PATH and LAYOUT_PATH.exists():
            data = path.read_bytes()
            with np.load(LAYOUT_PATH, allow_pickle=False) as layout:
                if str(layout["model_sha256"]) == hashlib.sha256(data).hexdigest():
                    tagger = object.__new__(cls)
                    tagger._load_layout(layout)
                    return tagger
        return cls.build(path)

    def __init__(self, path: Path = MODEL_PATH) -> None:
        """Built by `__new__`."""

    @classmethod
    def build(cls, path: Path = MODEL_PATH) -> Tagger:
        """The tagger laid out from the model file itself."""
        tagger = object.__new__(cls)
        tagger._lay_out(path)
        return tagger

    def save_layout(self, out: Path = LAYOUT_PATH, model: Path = MODEL_PATH) -> None:
        """Write the layout for `model` (the training script calls this)."""
        arrays: dict[str, Any] = {
            "model_sha256": np.array(hashlib.sha256(model.read_bytes()).hexdigest()),
            # Word lists as one string each: an array of strings pads every one to the longest.
            "vocab": np.array("\n".join(self.vocab)),
            "suffixes": np.array("\n".join(self.suffixes)),
            "suffix_table": self.suffix_table,
            "prefixes": np.array("\n".join(self.prefixes)),
            "prefix_table": self.prefix_table,
            "stems": np.array("\n".join(self.stems)),
            "stem_table": self.stem_table,
            "transitions": self.transitions,
            **{f"table_{name}": table for name, table in self.tables.items()},
        }
        np.savez_compressed(out, **arrays)

    def _load_layout(self, layout: Any) -> None:
        self.vocab = {w: i for i, w in enumerate(str(layout["vocab"]).split("\n"))}
        self.suffixes = {w: i for i, w in enumerate(str(layout["suffixes"]).split("\n"))}
        self.suffix_table = layout["suffix_table"]
        self.prefixes = {w: i for i, w in enumerate(str(layout["prefixes"]).split("\n"))}
        self.prefix_table = layout["prefix_table"]
        self.stems = {w: i for i, w in enumerate(str(layout["stems"]).split("\n"))}
        self.stem_table = layout["stem_table"]
        self.transitions = _transitions(layout["transitions"])
        self.tables = {
            name.removeprefix("table_"): layout[name]
            for name in layout.files
            if name.startswith("table_")
        }
        self._ready()

    def _lay_out(self, path: Path) -> None:
        model = msgspec.json.decode(path.read_bytes())  # 3x json.loads on a 1.8 MB file
        offsets = {k: list(v) for k, v in OFFSETS.items()}
        if (
            tuple(model["labels"]) != LABELS
            or model["offsets"] != offsets
            or "transitions" not in model
        ):
            raise ValueError(f"{path}: a model for other labels or features")
        self.transitions = _transitions(np.array(model["transitions"], dtype=np.float32))
        weights: dict[str, dict[str, list[float]]] = model["weights"]
        size = len(LABELS)
        self.vocab: dict[str, int] = {"": NONE, EDGE_WORD: EDGE}
        for d in OFFSETS["w"]:
            self.vocab.update(
                (v, len(self.vocab)) for v in weights.get(f"w{d:+d}", {}) if v not in self.vocab
            )
        self.suffixes, self.suffix_table = _affix_table(weights.get("x+0", {}))
        self.prefixes, self.prefix_table = _affix_table(weights.get("pf+0", {}))
        self.stems, self.stem_table = _stem_table(weights)
        words = np.zeros((len(self.vocab), len(OFFSETS["w"]), size), dtype=np.float32)
        for j, d in enumerate(OFFSETS["w"]):
            rows = weights.get(f"w{d:+d}", {})
            _fill(words[:, j], [self.vocab[v] for v in rows], rows)
        # A known word's suffix, prefix and stem weights are part of its own rows;
        # unknown words look them up.
        suffix_of = [self.suffixes.get(value[-3:], NONE) for value in self.vocab]
        prefix_of = [self.prefixes.get(value[:PREFIX], NONE) for value in self.vocab]
        words[:, 0] += self.suffix_table[suffix_of] + self.prefix_table[prefix_of]
        stem_of = [self.stems.get(stem(value), NONE) for value in self.vocab]
        stem_of[EDGE] = NONE
        for j, d in enumerate(OFFSETS["st"]):
            words[:, OFFSETS["w"].index(d)] += self.stem_table[stem_of, j]
        words[NONE] = 0.0
        self.tables: dict[str, np.ndarray] = {"w": words}
        for group, members in _GROUPS.items():
            shape = [_SIZES[m] for m in members]
            table = np.zeros((*shape, len(OFFSETS[members[0]]), size), dtype=np.float32)
            for axis, member in enumerate(members):
                part = np.zeros((_SIZES[member], len(OFFSETS[member]), size), dtype=np.float32)
                for j, d in enumerate(OFFSETS[member]):
                    rows = weights.get(f"{member}{d:+d}", {})
                    _fill(part[:, j], [int(v) for v in rows], rows)
                view = [1] * len(members)
                view[axis] = _SIZES[member]
                table += part.reshape(*view, *part.shape[1:])
            self.tables[group] = table.reshape(-1, *table.shape[len(members) :])
        self._ready()

    def _ready(self) -> None:
        """The tables with the offset first, and an empty cache of unknown words' rows."""
        self.unknown_rows = _UnknownRows(self)
        self.by_offset = {
            g: np.ascontiguousarray(t.transpose(1, 0, 2)) for g, t in self.tables.items()
        }

    def _codes(self, columns: Columns, group: str) -> np.ndarray:
        """One combined code per padded position for a group of columns."""
        code: np.ndarray | None = None
        for member in _GROUPS[group]:
            column = columns.padded.get(member)
            if column is None:
                column = columns.tokens[member][columns.layout]
            code = column if code is None else code * _SIZES[member] + column
        assert code is not None
        return code

    def scores(self, columns: Columns) -> np.ndarray:
        """Each padded position's score for each label."""
        layout = columns.layout
        real = layout >= 0
        selected = layout[real].tolist()
        # The padded sequence's word ids: the edge word's at padding.
        padded_ids = np.full(len(layout), EDGE, dtype=np.int64)
        if selected:
            picked = map(self.vocab.get, _pick(columns.words, selected), repeat(NONE))
            padded_ids[real] = np.fromiter(picked, np.int64, len(selected))
        total = np.zeros((len(layout), len(LABELS)), dtype=np.float32)
        by_offset = self.by_offset
        for group, codes in (("w", padded_ids), *((g, self._codes(columns, g)) for g in _GROUPS)):
            offsets = OFFSETS["w" if group == "w" else _GROUPS[group][0]]
            for j, d in enumerate(offsets):
                gathered = by_offset[group][j][codes]
                # Position i sees the value at i + d: padding keeps every shift inside.
                if d == 0:
                    total += gathered
                elif d > 0:
                    total[:-d] += gathered[d:]
                else:
                    total[-d:] += gathered[:d]
        # Words the model has not seen still have a suffix, a prefix and a stem.
        unknown = np.flatnonzero((padded_ids == NONE) & real)
        if len(unknown):
            unseen = _pick(columns.words, layout[unknown].tolist())
            ends, starts, stems = zip(*map(self.unknown_rows.__getitem__, unseen), strict=True)
            total[unknown] += self.suffix_table[list(ends)] + self.prefix_table[list(starts)]
            for j, d in enumerate(OFFSETS["st"]):
                # Position u - d sees the stem of the token at u.
                total[unknown - d] += self.stem_table[list(stems), j]
        return total

    def tag(self, columns: Columns) -> tuple[Spans, Spans]:
        """Source and cue token ranges of the document's tagged sentences."""
        if not len(columns.layout):
            return [], []
        labels = self.decode(self.scores(columns), columns.layout >= 0)
        return label_spans(labels, columns.layout)

    def decode(self, scores: np.ndarray, real: np.ndarray) -> np.ndarray:
        """The best label sequence of every sentence (`decoding.viterbi`), padding labelled
        O; the transitions from O into a source or a cue raised by `OPEN_BIAS`, every cue
        score by `CUE_BIAS`."""
        trans = self.transitions.copy()
        trans[0, 1:] += OPEN_BIAS
        bias = np.zeros(len(LABELS), dtype=np.float32)
        bias[LABELS.index("C")] = CUE_BIAS
        return viterbi(scores + bias, real, trans)


class _UnknownRows(dict[str, tuple[int, int, int]]):
    """Word -> its suffix, prefix and stem rows, for words the model has not seen,
    filled as words come (up to `_SHAPE_CACHE` of them)."""

    def __init__(self, tagger: Tagger) -> None:
        super().__init__()
        self.tagger = tagger

    def __missing__(self, word: str) -> tuple[int, int, int]:
        tagger = self.tagger
        rows = (
            tagger.suffixes.get(word[-3:], NONE),
            tagger.prefixes.get(word[:PREFIX], NONE),
            tagger.stems.get(stem(word), NONE),
        )
        if len(self) < _SHAPE_CACHE:
            self[word] = rows
        return rows


def _affix_table(rows: dict[str, list[float]]) -> tuple[dict[str, int], np.ndarray]:
    """Affix -> row number (0: none), and the weight rows, for a suffix or prefix feature."""
    index = {"": NONE} | {v: i + 1 for i, v in enumerate(rows)}
    table = np.zeros((len(index), len(LABELS)), dtype=np.float32)
    _fill(table, [index[v] for v in rows], rows)
    return index, table


def _stem_table(weights: dict[str, dict[str, list[float]]]) -> tuple[dict[str, int], np.ndarray]:
    """Stem -> row number (0: none), and the stem weights by (row, offset, label)."""
    offsets = OFFSETS["st"]
    index = {"": NONE}
    for d in offsets:
        for value in weights.get(f"st{d:+d}", {}):
            index.setdefault(value, len(index))
    table = np.zeros((len(index), len(offsets), len(LABELS)), dtype=np.float32)
    for j, d in enumerate(offsets):
        rows = weights.get(f"st{d:+d}", {})
        _fill(table[:, j], [index[v] for v in rows], rows)
    return index, table


def _transitions(weights: np.ndarray) -> np.ndarray:
    """Label transition weights, checked: one row and one column per label."""
    size = len(LABELS)
    if weights.shape != (size, size):
        raise ValueError(f"transition weights of shape {weights.shape}, not {size}x{size}")
    return weights.astype(np.float32)
