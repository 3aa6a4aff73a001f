"""Readable terminal output for scorecards and the heuristic list (rich tables)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reliability.models import (
    Contribution,
    Finding,
    HeuristicInfo,
    HeuristicResult,
    Scorecard,
    Severity,
    Status,
)
from reliability.plugins import PluginProblem

if TYPE_CHECKING:
    from rich.text import Text

_SEVERITY_ORDER = {Severity.MAJOR: 0, Severity.MINOR: 1, Severity.INFO: 2}
_SEVERITY_STYLE = {Severity.MAJOR: "bold red", Severity.MINOR: "yellow", Severity.INFO: "dim"}
_STATUS_STYLE = {
    Status.OK: "green",
    Status.ERROR: "red",
    Status.TIMEOUT: "red",
    Status.SKIPPED: "dim",
}
_FAILED = {Status.ERROR: "failed", Status.TIMEOUT: "timed out"}
MINUS = "−"  # U+2212, a real minus sign, as the web page and the extension print it
# What an emoji code (":thumbs_up:", ":heart-emoji:") needs: two colons with no space
# between them. Text without it is printed as it is, without rich's emoji table.
_EMOJI_CODE = re.compile(r":\S*:")


def _emoji(text: str) -> bool | None:
    """Emoji codes replaced as the console does (None), or none to replace (False)."""
    return None if _EMOJI_CODE.search(text) else False


def _print(console: Console, *objects: Any) -> None:
    """`console.print`, highlighting only where colours are shown.

    Highlighting (numbers, quoted strings) only adds colours; without a colour
    system (output to a file or a pipe) it changes nothing printed but still
    runs its regular expressions over every line.
    """
    emoji = None if any(isinstance(o, str) and _emoji(o) is None for o in objects) else False
    console.print(*objects, highlight=None if console.color_system else False, emoji=emoji)


def _cells(console: Console, *cells: str) -> list[Text]:
    """A table row's cells as the table reads them (markup, no highlighting), read once.

    Given as strings, each cell's markup would be read again every time the
    table measures it and every time it draws it.
    """
    return [console.render_str(cell, highlight=False, emoji=_emoji(cell)) for cell in cells]


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def signed(points: float, digits: int = 1) -> str:
    """Points with their sign and a real minus sign: `+3.0`, `−12.4`, `0.0`."""
    if round(points, digits) == 0:
        return f"{0:.{digits}f}"
    return f"{points:+.{digits}f}".replace("-", MINUS)


def _snippet(finding: Finding, width: int = 60) -> str:
    if not finding.spans:
        return ""
    text = " ".join(finding.spans[0].text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_scorecard(console: Console, card: Scorecard, *, findings: int = 12) -> None:
    """Print one scorecard: verdict, why this grade, a row per heuristic, weightiest findings."""
    heading = card.title or card.document_id
    score = "—" if card.score is None else f"{card.score:.1f}/100"
    if open_range(card):
        score += " (at least)"
    _print(console)
    title = f"[bold]{escape(heading)}[/]"
    # As the rule reads its title; without colours, without the highlighting (see `_print`).
    highlight = None if console.color_system else False
    console.rule(
        console.render_str(title, style="rule.text", highlight=highlight, emoji=_emoji(title))
    )
    _print(
        console,
        f"score [bold]{score}[/]   grade [bold]{escape(card.grade)}[/]   "
        f"confidence {card.confidence:.2f}   id {card.document_id}",
    )
    _render_why(console, card)
    table = Table(show_edge=False, pad_edge=False, expand=False)
    for col, kw in (
        ("heuristic", {}),
        ("status", {}),
        ("score", {"justify": "right"}),
        ("conf.", {"justify": "right"}),
        ("weight", {"justify": "right"}),
        ("findings", {"justify": "right"}),
        ("summary", {"overflow": "fold"}),
    ):
        table.add_column(*_cells(console, col), **kw)  # type: ignore[arg-type]
    for r in card.heuristics:
        table.add_row(
            *_cells(
                console,
                r.name,
                f"[{_STATUS_STYLE[r.status]}]{r.status.value}[/]",
                _fmt(r.score),
                _fmt(r.confidence),
                f"{r.weight:g}",
                str(len(r.findings)),
                escape(r.summary),
            )
        )
    _print(console, table)
    ranked = sorted(
        ((f, r.name) for r in card.heuristics for f in r.findings),
        key=lambda pair: _SEVERITY_ORDER[pair[0].severity],
    )
    if ranked and findings > 0:
        shown = ranked[:findings]
        _print(console, f"findings ({len(shown)} of {len(ranked)}):")
        for f, _name in shown:
            where = f"@{f.spans[0].start}" if f.spans else ""
            _print(
                console,
                f"  [{_SEVERITY_STYLE[f.severity]}]{f.severity.value:5}[/] {f.kind} {where} "
                f"[italic]“{escape(_snippet(f))}”[/] — {escape(f.message)}",
            )


def _basis_note(c: Contribution, result: HeuristicResult | None) -> str:
    """What a contribution rests on, for a reader: its reasons, or why it has none."""
    if c.basis == "lower-bound":
        what = _FAILED.get(result.status, "failed") if result else "failed"
        return (
            f"{what}: counted at its least favourable value; "
            f"it could have added up to {c.open_points:.1f} points more"
        )
    if c.basis == "baseline":
        if result is not None and result.weight <= 0:
            return "disabled (weight 0): moves nothing"
        if result is not None and result.status is Status.SKIPPED:
            return "skipped: moves nothing"
        if result is not None and result.score is None:
            return "nothing to judge: moves nothing"
        return "disabled, excluded or nothing to judge: moves nothing"
    reasons = ", ".join(f"{r.label} {signed(r.points)}" for r in c.reasons)
    if c.basis == "prior":
        read = (
            f"its score {result.score:.2f} (confidence {result.confidence:.2f})"
            if result is not None and result.score is not None
            else "its score"
        )
        prior = f"the model was not fitted on it: counted by {read} at a small fixed strength"
        return f"{reasons}; {prior}" if reasons else prior
    return reasons or "reads about average: no effect"


def why_rows(card: Scorecard) -> list[tuple[str, str, str]]:
    """The "why this grade" rows: baseline, each contribution (largest first), the sum.

    Each row is (label, points, note); the points are as printed, with a real
    minus sign, and add up to the score.
    """
    if card.baseline is None or card.score is None or not card.contributions:
        return []
    results = {r.name: r for r in card.heuristics}
    ordered = sorted(card.contributions, key=lambda c: -abs(round(c.points, 1)))
    rows = [("baseline", f"{card.baseline:.1f}", "the score of an average article")]
    for c in ordered:
        rows.append((c.heuristic, signed(c.points), _basis_note(c, results.get(c.heuristic))))
    low, high = card.score_range or (card.score, card.score)
    note = "lowest it could be: see the range below" if high > low else ""
    rows.append(("= score", f"{card.score:.1f}", note))
    return rows


def open_range(card: Scorecard) -> str | None:
    """`41.2–73.4: recycling timed out; …` when failures leave the score open, else None."""
    if card.score_range is None or card.score is None:
        return None
    low, high = card.score_range
    if high <= low:
        return None
    results = {r.name: r for r in card.heuristics}
    failed = [
        f"{c.heuristic} {_FAILED.get(results[c.heuristic].status, 'failed')}"
        if c.heuristic in results
        else f"{c.heuristic} failed"
        for c in card.contributions
        if c.basis == "lower-bound"
    ]
    why = ", ".join(failed) or "evidence is missing"
    return f"{low:.1f}–{high:.1f}: {why}; the score is the lowest it could be"


def _render_why(console: Console, card: Scorecard) -> None:
    rows = why_rows(card)
    if not rows:
        return
    table = Table(
        # The title as the table reads it (in its title style), without emoji codes to read.
        title=console.render_str("why this grade", style="bold", highlight=False, emoji=False),
        title_justify="left",
        title_style="bold",
        show_header=False,
        show_edge=False,
        pad_edge=False,
        box=None,
        expand=False,
    )
    table.add_column("part", style="bold", no_wrap=True)
    table.add_column("points", justify="right", no_wrap=True)
    table.add_column("why", overflow="fold")
    *middle, total = rows
    label, points, note = middle[0]
    table.add_row(*_cells(console, label, points, f"[dim]{escape(note)}[/]"))
    for label, points, note in middle[1:]:
        style = "green" if points.startswith("+") else "red" if points.startswith(MINUS) else ""
        shown = f"[{style}]{points}[/]" if style else points
        table.add_row(*_cells(console, escape(label), shown, escape(note)))
    label, points, note = total
    table.add_row(*_cells(console, label, f"[bold]{points}[/]", escape(note)))
    _print(console, table)
    where = open_range(card)
    if where:
        _print(console, f"[yellow]range {escape(where)}[/]")


def render_heuristics(
    console: Console, infos: Sequence[HeuristicInfo], problems: Sequence[PluginProblem]
) -> None:
    """Print the installed heuristics and any plugin that failed to load."""
    table = Table(show_edge=False, pad_edge=False)
    for col in ("name", "plugin", "version", "weight", "enabled", "description"):
        table.add_column(*_cells(console, col), overflow="fold")
    for i in infos:
        extra = " (cross-document)" if i.cross_document else ""
        needs = f" Reads: {', '.join(i.requires)}." if i.requires else ""
        table.add_row(
            *_cells(
                console,
                i.name,
                f"{i.plugin} {i.plugin_version}",
                i.version,
                f"{i.weight:g}",
                "yes" if i.enabled else "no",
                escape(i.description + extra + needs),
            )
        )
    _print(console, table)
    for p in problems:
        _print(console, f"[red]plugin problem[/] {escape(p.plugin)}: {escape(p.message)}")
