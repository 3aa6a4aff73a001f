"""Train the attribution tagger on PolNeAR train and write the shipped model.

    python -m reliability_heuristics.attribution.train [--data DIR] [--out FILE] [--check]

Reads `polnear/train/` under the shared data folder (`RELIABILITY_POLNEAR`,
else `../shared/data/polnear` beside the project root): every article's text,
and the source and cue spans of its first annotator in alphabetical order (a
few articles have several). Each sentence becomes one training sequence, its
tokens labelled `S` (source), `C` (cue) or `O`, with the features of
`tagger.Columns` (the rules run first: their relations are features). The
dev and test splits are never read.

Training is deterministic (L-BFGS from zero weights, a fixed order of
articles and features), so `--check` retrains into a temporary file and
compares it byte for byte with the shipped model. The sidecar JSON records
the training files' SHA-256, the counts and the commit.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pycrfsuite  # type: ignore[import-untyped]

from reliability.analysis import Analysis
from reliability.document import make_document
from reliability_heuristics.attribution.rules import RuleFinder
from reliability_heuristics.attribution.tagger import (
    LABELS,
    LAYOUT_PATH,
    MODEL_PATH,
    OFFSETS,
    SIDECAR_PATH,
    Columns,
    Tagger,
    body_sentences,
)

# CRFsuite's L-BFGS settings: elastic-net regularisation keeps the model small.
# c1 and c2 were chosen on PolNeAR dev (the heuristic's source and cue span F1,
# benchmarks/attribution.py): of (0.15, 0.05), (0.3, 0.1), (0.45, 0.15),
# (0.45, 0.3) and (0.6, 0.2), (0.45, 0.15) read sources best; with the stem
# features, (0.3, 0.1) and (0.6, 0.2) again read 0.3 to 0.5 points less
# source overlap F1 than (0.45, 0.15).
PARAMS = {
    "c1": 0.45,
    "c2": 0.15,
    "max_iterations": 150,
    "feature.minfreq": 2,
    "feature.possible_transitions": False,
}
ROLES = {"Source": "S", "Cue": "C"}


def default_data_dir() -> Path:
    """`RELIABILITY_POLNEAR`, else `../shared/data/polnear` beside the project root."""
    env = os.environ.get("RELIABILITY_POLNEAR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polnear"


def annotation_files(split_dir: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs of a split, the first annotator's file per article."""
    by_article: dict[str, list[Path]] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        by_article.setdefault(path.stem.rsplit("_", 1)[0], []).append(path)
    return [
        (split_dir / "text" / f"{name}.txt", sorted(paths)[0])
        for name, paths in sorted(by_article.items())
    ]


def gold_spans(ann: str) -> list[tuple[str, int, int]]:
    """(role, start, end) of the Source and Cue spans of a brat file, first to last character."""
    out = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if not line.startswith("T") or len(fields) < 2:
            continue
        kind, _, offsets = fields[1].partition(" ")
        if kind not in ROLES:
            continue
        parts = [[int(x) for x in piece.split()] for piece in offsets.split(";")]
        out.append((ROLES[kind], min(p[0] for p in parts), max(p[1] for p in parts)))
    return out


def token_labels(doc: Analysis, spans: list[tuple[str, int, int]]) -> list[str]:
    """Every token's label (source, cue or neither); a cue overrides a source it overlaps."""
    tokens = doc.tokens
    labels = ["O"] * len(tokens)
    starts = [t.start for t in tokens]
    for role in ("S", "C"):
        for r, start, end in sorted(spans, key=lambda s: (s[1], s[2])):
            if r != role:
                continue
            lo = bisect.bisect_right(starts, start) - 1
            lo = max(lo, 0)
            if tokens[lo].end <= start:
                lo += 1
            hi = bisect.bisect_left(starts, end, lo)
            for k in range(lo, hi):
                labels[k] = role
    return labels


def sequences(split_dir: Path) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, labels) of every sentence outside headings in a split."""
    for text_path, ann_path in annotation_files(split_dir):
        doc = Analysis(make_document(text_path.read_text("utf-8")))
        labels = token_labels(doc, gold_spans(ann_path.read_text("utf-8")))
        finder = RuleFinder(doc)
        relations, _ = finder.find()
        ranges = body_sentences(doc, finder.v)
        columns = Columns(finder.v, finder.quoted, relations, finder.cue_positions, ranges)
        for (lo, hi), xseq in zip(ranges, columns.strings(), strict=True):
            yield xseq, labels[lo:hi]


def export(crf_path: Path) -> dict[str, object]:
    """The trained CRF's weights (rounded), as shipped: label transitions, and state
    weights by template and value."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(crf_path))
    info = tagger.info()
    state = info.state_features
    transitions = [[0.0] * len(LABELS) for _ in LABELS]
    for (a, b), weight in info.transitions.items():
        transitions[LABELS.index(a)][LABELS.index(b)] = round(weight, 4)
    weights: dict[str, dict[str, list[float]]] = {}
    for (attr, label), weight in sorted(state.items()):
        name, _, value = attr.partition("=")
        row = weights.setdefault(name, {}).setdefault(value, [0.0] * len(LABELS))
        row[LABELS.index(label)] = round(weight, 4)
    for rows in weights.values():
        for value in [v for v, row in rows.items() if not any(row)]:
            del rows[value]
    return {
        "labels": list(LABELS),
        "offsets": {k: list(v) for k, v in OFFSETS.items()},
        "transitions": transitions,
        "weights": weights,
    }


def digest(paths: Sequence[Path]) -> str:
    """SHA-256 over the files' names and bytes, in order."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def commit() -> str:
    """The project's current commit ("-dirty" when this package differs from it), or "unknown"."""
    here = Path(__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, check=True
        ).stdout.strip()
        changes = subprocess.run(
            ["git", "status", "--porcelain", "--", "."],
            cwd=here,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}-dirty" if changes else head


def train(data_dir: Path, out: Path) -> dict[str, object]:
    """Train on `data_dir/train`, write the model to `out`; the sidecar's content."""
    split_dir = data_dir / "train"
    pairs = annotation_files(split_dir)
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(PARAMS)
    sentences = tokens = 0
    for xseq, yseq in sequences(split_dir):
        trainer.append(xseq, yseq)
        sentences += 1
        tokens += len(yseq)
    with tempfile.TemporaryDirectory() as tmp:
        crf_path = Path(tmp) / "crf.bin"
        trainer.train(str(crf_path))
        model = export(crf_path)
    out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
    return {
        "data": "PolNeAR train, first annotator per article (../shared/data/polnear/train)",
        "sha256": digest([p for pair in pairs for p in pair]),
        "articles": len(pairs),
        "sentences": sentences,
        "tokens": tokens,
        "params": PARAMS,
        "model_sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "commit": commit(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--check", action="store_true", help="retrain and compare with the shipped model"
    )
    args = parser.parse_args(argv)
    if not (args.data / "train" / "attributions").is_dir():
        print(f"PolNeAR train not found under {args.data}", file=sys.stderr)
        return 2
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "model.json"
            info = train(args.data, fresh)
            same = fresh.read_bytes() == args.out.read_bytes()
        shipped = json.loads(SIDECAR_PATH.read_text("utf-8"))
        if not same or shipped["sha256"] != info["sha256"]:
            print("the shipped model differs from a retraining", file=sys.stderr)
            return 1
        print("the shipped model matches a retraining")
        return 0
    info = train(args.data, args.out)
    sidecar = SIDECAR_PATH if args.out == MODEL_PATH else args.out.with_suffix(".sidecar.json")
    sidecar.write_text(json.dumps(info, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes) and {sidecar}")
    if args.out == MODEL_PATH:
        Tagger.build(MODEL_PATH).save_layout()
        print(f"and its layout, {LAYOUT_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
