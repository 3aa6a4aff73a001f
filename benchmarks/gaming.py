"""Can a writer raise the score without making the article any more reliable?

Takes the articles rated unreliable (`fake`) in both labelled sets (title and
text, as `reliability.scoring.labelled` reads them), rewrites each in ways
that add no evidence at all, and scores every version with the installed
heuristics and the shipped model:

- **attribution tags**: ", according to <a made-up expert, with a role>"
  added to every statement in the writer's own voice (a sentence of at least
  seven words ending with a full stop, outside quotations), the experts taken
  in turn from three invented names;
- **hedges**: "reportedly" put after each " is ", " are ", " was ", " were ";
- **calm tone**: exclamation marks made full stops, words in capitals
  lower-cased;
- **padding**: the article's paragraphs repeated until it is three times as
  long;
- **all four** together.

For each version it prints how many articles were scored, the median score,
the share graded A or B, the median lift over the original and the share
lifted by at least one grade. A score that a writer can raise this way rests
on what the text says about its evidence, which the text alone cannot check:
these figures say how far. No rewrite reads a label or a data set.

    python benchmarks/gaming.py [--data DIR] [--limit N]

`--limit` takes the first N unreliable articles of each set (default: all).
Exits 2 when the labelled sets are absent.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from reliability import Engine, make_document
from reliability.analysis import Analysis
from reliability.document import Document
from reliability.scoring import labelled

EXPERTS = (
    "Dr. Laura Bennett, a professor of public policy at Northfield University",
    "Mark Ellison, a spokesman for the Department of Justice",
    "Susan Park, director of the Center for Economic Research",
)
GRADES = "ABCDF"
_QUOTES = re.compile('["“”«»]')
_CAPITALS = re.compile(r"\b[A-Z]{3,}\b")
_VERBS = re.compile(r" (is|are|was|were) ")


def attribution_tags(text: str) -> str:
    """Each statement of the writer's own ends with ", according to <an expert>"."""
    doc = Analysis(make_document(text))
    experts = itertools.cycle(EXPERTS)
    out: list[str] = []
    last = 0
    for sentence in doc.sentences:
        body = text[sentence.start : sentence.end]
        if (
            not body.endswith(".")
            or len(body.split()) < 7
            or _QUOTES.search(body)
            or doc.quotation_at(sentence.start) is not None
        ):
            continue
        cut = sentence.end - 1
        out += [text[last:cut], f", according to {next(experts)}"]
        last = cut
    out.append(text[last:])
    return "".join(out)


def hedges(text: str) -> str:
    return _VERBS.sub(lambda m: f" {m[1]} reportedly ", text)


def calm(text: str) -> str:
    return _CAPITALS.sub(lambda m: m[0].lower(), text.replace("!", "."))


def padding(text: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()] or [text]
    out = list(paragraphs)
    for p in itertools.cycle(paragraphs):
        if sum(len(q) for q in out) >= 3 * len(text):
            break
        out.append(p)
    return "\n\n".join(out)


def everything(text: str) -> str:
    return padding(calm(hedges(attribution_tags(text))))


REWRITES: dict[str, Callable[[str], str]] = {
    "original": lambda text: text,
    "attribution tags": attribution_tags,
    "hedges": hedges,
    "calm tone": calm,
    "padding": padding,
    "all four": everything,
}


def unreliable(data: Path, limit: int | None) -> list[Document]:
    docs: list[Document] = []
    for name in labelled.SETS:
        fakes = (a.document for a in labelled.load(name, data) if not a.reliable)
        docs += list(itertools.islice(fakes, limit))
    return docs


def grade_rank(grade: str) -> int | None:
    return GRADES.index(grade) if grade in GRADES else None


def report(engine: Engine, docs: Iterable[Document]) -> None:
    docs = list(docs)
    results: dict[str, list[tuple[float, str]]] = {}
    for label, rewrite in REWRITES.items():
        rows = []
        for doc in docs:
            card = engine.score(make_document(rewrite(doc.text), title=doc.title))
            rows.append((card.score if card.score is not None else 0.0, card.grade))
        results[label] = rows
    base = results["original"]
    print(f"{len(docs)} articles rated unreliable, each rewritten without new evidence")
    print("| rewrite | median score | graded A or B | median lift | up a grade or more |")
    print("|---|---|---|---|---|")
    for label, rows in results.items():
        scores = [s for s, _ in rows]
        good = sum(g in ("A", "B") for _, g in rows) / len(rows)
        lifts = [s - b for (s, _), (b, _) in zip(rows, base, strict=True)]
        up = sum(
            (r := grade_rank(g)) is not None and (o := grade_rank(bg)) is not None and r < o
            for (_, g), (_, bg) in zip(rows, base, strict=True)
        ) / len(rows)
        print(
            f"| {label} | {statistics.median(scores):.1f} | {good:.0%} | "
            f"{statistics.median(lifts):+.1f} | {up:.0%} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=labelled.default_data_dir())
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not all(labelled.dataset_path(n, args.data).is_file() for n in labelled.SETS):
        print(f"the labelled sets are not at {args.data}", file=sys.stderr)
        return 2
    report(Engine(), unreliable(args.data, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
