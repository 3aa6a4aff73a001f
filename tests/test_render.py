"""The terminal scorecard's "why this grade" section, as a user reads it.

Run through the command line on a seed, and rendered from the real engine's
scorecard when a heuristic fails (so the score is a lower bound with a range).
"""

from __future__ import annotations

import io
import json
import re

import msgspec
import pytest
from rich.console import Console
from test_cli import run

from reliability import Engine
from reliability.render import render_scorecard

SEED = "seeds/003_88799ff349ff80df.json"
WIDE = {"COLUMNS": "200"}  # one line a row, as on a wide terminal
# A row of the section: a name, its points (signed with a real minus sign), a note.
ROW = re.compile(r"^(?P<name>\S+(?: score)?)\s+(?P<points>[+−]?\d+\.\d)(?:\s{2}(?P<note>.*))?$")


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def why_section(out: str) -> dict[str, tuple[float, str, str]]:
    """The section's rows by name: (points, points as printed, note); continuation lines joined."""
    lines = [line.rstrip() for line in out.splitlines()]
    start = lines.index("why this grade")
    rows: dict[str, tuple[float, str, str]] = {}
    last = None
    for line in lines[start + 1 :]:
        found = ROW.match(line)
        if found:
            last = found["name"]
            printed = found["points"]
            rows[last] = (number(printed), printed, found["note"] or "")
            if last == "= score":
                break
        elif line.startswith(" ") and last:
            points, printed, note = rows[last]
            rows[last] = (points, printed, f"{note} {line.strip()}")
        else:
            raise AssertionError(f"not a row of the section: {line!r}")
    return rows


def test_the_table_explains_the_score_from_the_baseline():
    card = json.loads(run("score", "--format", "json", SEED).stdout)
    proc = run("score", SEED, env=WIDE)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    # The overall score, then the section right under it.
    lines = [line.rstrip() for line in out.splitlines()]
    score_line = next(i for i, line in enumerate(lines) if line.startswith("score "))
    assert lines[score_line].startswith(f"score {card['score']:.1f}/100   grade {card['grade']}")
    assert lines[score_line + 1] == "why this grade"
    rows = why_section(out)

    assert rows["baseline"][:2] == (card["baseline"], f"{card['baseline']:.1f}")
    assert "average article" in rows["baseline"][2]
    contributions = {c["heuristic"]: c for c in card["contributions"]}
    names = [n for n in rows if n not in ("baseline", "= score")]
    assert sorted(names) == sorted(contributions)
    # Largest effect first.
    assert [abs(rows[n][0]) for n in names] == sorted(
        (abs(rows[n][0]) for n in names), reverse=True
    )
    for name, c in contributions.items():
        points, printed, note = rows[name]
        assert points == c["points"]
        if c["points"] >= 0.05:
            assert printed.startswith("+"), printed
        elif c["points"] <= -0.05:
            assert printed.startswith("−"), printed  # U+2212, not a hyphen
        # A fitted heuristic names what moved it, each with its signed points.
        for reason in c.get("reasons", []):
            shown = f"{reason['points']:+.1f}".replace("-", "−")
            assert f"{reason['label']} {shown}" in note, (name, note)
    # The printed numbers add up to the printed score.
    total = rows["= score"][0]
    assert total == card["score"]
    assert round(rows["baseline"][0] + sum(rows[n][0] for n in names), 1) == total

    # Seed 003: attribution moves it up by its reasons; headline is a prior term.
    attribution = rows["attribution"]
    assert (
        attribution[1].startswith("+")
        and "claims attributed to named sources: above average +" in (attribution[2])
    )
    if contributions.get("headline", {}).get("basis") == "prior":
        assert "the model was not fitted on it" in rows["headline"][2]
    assert "range " not in out  # nothing failed: no open range


def test_a_disabled_heuristic_moves_nothing_and_says_so():
    proc = run("score", "--weight", "hedging=0", SEED, env=WIDE)
    assert proc.returncode == 0, proc.stderr
    points, printed, note = why_section(proc.stdout)["hedging"]
    assert (points, printed) == (0.0, "0.0")
    assert note == "disabled (weight 0): moves nothing"


@pytest.fixture
def failing_engine(monkeypatch):
    """The installed heuristics, with hedging raising as a broken heuristic would."""
    engine = Engine()
    hedging = engine.registry.heuristics["hedging"].heuristic

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(hedging, "evaluate", broken)
    return engine


def test_a_failure_shows_the_lower_bound_and_the_open_range(failing_engine, seeds):
    card = failing_engine.score(seeds["003"])
    low, high = card.score_range
    assert high > low == card.score
    out = io.StringIO()
    render_scorecard(Console(file=out, width=200), card, findings=0)
    text = out.getvalue()
    assert f"score {card.score:.1f}/100 (at least)   grade {card.grade}" in text
    rows = why_section(text)
    (failed,) = [c for c in card.contributions if c.basis == "lower-bound"]
    assert failed.heuristic == "hedging" and failed.points < 0
    points, printed, note = rows["hedging"]
    assert points == failed.points
    assert printed == f"−{abs(failed.points):.1f}"
    assert note == (
        "failed: counted at its least favourable value; "
        f"it could have added up to {failed.open_points:.1f} points more"
    )
    assert rows["= score"][0] == card.score
    assert (
        round(
            rows["baseline"][0]
            + sum(p for n, (p, _, _) in rows.items() if n not in ("baseline", "= score")),
            1,
        )
        == card.score
    )
    assert f"range {low:.1f}–{high:.1f}: hedging failed; the score is the lowest it could be" in (
        text
    )


def test_text_is_printed_as_rich_prints_it_emoji_codes_and_brackets_included(seeds):
    """Summaries, titles and findings print as rich's markup and emoji codes make them:
    ":thumbs_up:" becomes 👍 where the console replaces codes, times and brackets stay."""
    card = Engine().score(seeds["003"])
    first = card.heuristics[0]
    odd = "at 10:30:45 [bold] a\\[1] :thumbs_up: x"
    edited = msgspec.structs.replace(
        card,
        title=f"{card.title} :thumbs_up: [b]",
        heuristics=[msgspec.structs.replace(first, summary=odd), *card.heuristics[1:]],
    )
    for emoji in (True, False):
        out = io.StringIO()
        render_scorecard(Console(file=out, width=300, emoji=emoji), edited)
        text = out.getvalue()
        code = "👍" if emoji else ":thumbs_up:"
        # The title keeps its brackets; the summary reads `a\[1]` as markup reads it.
        assert f"{card.title} {code} [b]" in text.splitlines()[1]
        assert f"at 10:30:45 [bold] a[1] {code} x" in text
