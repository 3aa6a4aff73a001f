"""Attribution's work grows linearly with the text, whatever its shape.

Work is counted, not timed: the lines of the attribution package executed
while it evaluates a text of n sentences and one of 8n (the shared analysis
built before). Linear code runs about 8 times the lines on the longer text; a
scan over every earlier sentence, relation, name or date for each one (what
made 2 MB texts of these shapes overrun their budget) runs about 64 times.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from reliability_heuristics.attribution import heuristic as attribution_module
from reliability_heuristics.attribution.heuristic import AttributionHeuristic
from work import growth, package_of

from reliability import Context
from reliability.analysis import Analysis
from reliability.document import make_document

HEURISTIC = AttributionHeuristic()
SCALE = 8
# Lines executed on the 8n text over lines on the n text, at most: 8 for
# linear work, with room for the fixed cost and for the longer text's mix.
MAX_RATIO = SCALE * 1.3

FIRST = ("Maria", "Oleg", "Anne", "Tomas", "Leila", "Kenji", "Sofia", "Pavel", "Nadia")
LAST = ("Petrova", "Ivanenko", "Richards", "Moreno", "Haddad", "Tanaka", "Lindqvist")
BODIES = ("the Interior Ministry", "Reuters", "the World Bank", "the State Department")


def _name(rng: random.Random) -> str:
    # Surnames of seven letters from a wide alphabet: nearly all distinct, so
    # spelling variants are rare and every source is a new one to compare.
    letters = "".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(3))
    return f"{rng.choice(FIRST)} {letters.capitalize()}k"


def news(n: int) -> str:
    """n sentences of news prose: names, bodies, dates, figures, quotations and cues."""
    rng = random.Random(7)
    out = []
    for i in range(n):
        who = _name(rng) if i % 3 else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        body = rng.choice(BODIES)
        figure = rng.randint(2, 900)
        out.append(
            rng.choice(
                (
                    f"{who} said on Monday that {figure} people had left the city.",
                    f"\u201cWe will not accept this,\u201d {who} told reporters.",
                    f"According to {body}, prices rose {figure} percent in March.",
                    f"Officials said the talks would resume, {body} reported.",
                    f"He said the decision was made in {2000 + figure % 20}.",
                    f"{who} spoke on Tuesday, saying the plan had failed.",
                    f"The bridge carries {figure} cars a day.",
                    f"It was reported that {who} met {body} officials.",
                )
            )
        )
        if i % 6 == 5:
            out.append("\n\n")
    return " ".join(out)


def datelines(n: int) -> str:
    """n paragraphs, each opened by a dateline, with a date in each."""
    return "\n\n".join(
        f"WASHINGTON (AP) \u2014 Officials said on March {1 + i % 28} that {i} people left."
        for i in range(n)
    )


SHAPES: dict[str, Callable[[int], str]] = {
    "news prose": news,
    "lines of full stops": lambda n: ".\n" * n,
    "quotations with pronouns": lambda n: '"We will win," he said. ' * n,
    "attribution cues": lambda n: (
        "Officials said sources told reporters, according to experts. " * n
    ),
    "datelines": datelines,
    "one endless sentence of cues": lambda n: "the officials said " * n + ".",
    "clause subjects": lambda n: " ".join(
        f"Maria Petrova{chr(97 + i % 26)}x spoke, accusing the ministry of delays."
        for i in range(n)
    ),
}


def evaluation(text: str) -> Callable[[], object]:
    """One evaluation of `text`, the shared analysis built before (not counted)."""
    doc = Analysis(make_document(text))
    for part in ("paragraphs", "quotations", "sentences", "tokens", "folded", "names"):
        getattr(doc, part)
    for part in ("numbers", "dates", "word_count"):
        getattr(doc, part)
    return lambda: HEURISTIC.evaluate(doc, Context())


@pytest.mark.parametrize("shape", list(SHAPES))
def test_work_grows_linearly(shape: str) -> None:
    make = SHAPES[shape]
    ratio = growth(package_of(attribution_module), lambda n: evaluation(make(n)), 150, SCALE)
    assert ratio <= MAX_RATIO, f"{shape}: {SCALE}x the text runs {ratio:.1f}x the lines"
