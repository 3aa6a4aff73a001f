"""Readable terminal output for scorecards and the heuristic list (rich tables)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from reliability.models import Finding, HeuristicInfo, Scorecard, Severity, Status
from reliability.plugins import PluginProblem

_SEVERITY_ORDER = {Severity.MAJOR: 0, Severity.MINOR: 1, Severity.INFO: 2}
_SEVERITY_STYLE = {Severity.MAJOR: "bold red", Severity.MINOR: "yellow", Severity.INFO: "dim"}
_STATUS_STYLE = {
    Status.OK: "green",
    Status.ERROR: "red",
    Status.TIMEOUT: "red",
    Status.SKIPPED: "dim",
}


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _snippet(finding: Finding, width: int = 60) -> str:
    if not finding.spans:
        return ""
    text = " ".join(finding.spans[0].text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render_scorecard(console: Console, card: Scorecard, *, findings: int = 12) -> None:
    """Print one scorecard: the verdict, a row per heuristic, then the weightiest findings."""
    heading = card.title or card.document_id
    score = "—" if card.score is None else f"{card.score:.1f}/100"
    console.print()
    console.rule(f"[bold]{escape(heading)}[/]")
    console.print(
        f"score [bold]{score}[/]   grade [bold]{escape(card.grade)}[/]   "
        f"confidence {card.confidence:.2f}   id {card.document_id}"
    )
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
        table.add_column(col, **kw)  # type: ignore[arg-type]
    for r in card.heuristics:
        table.add_row(
            r.name,
            f"[{_STATUS_STYLE[r.status]}]{r.status.value}[/]",
            _fmt(r.score),
            _fmt(r.confidence),
            f"{r.weight:g}",
            str(len(r.findings)),
            escape(r.summary),
        )
    console.print(table)
    ranked = sorted(
        ((f, r.name) for r in card.heuristics for f in r.findings),
        key=lambda pair: _SEVERITY_ORDER[pair[0].severity],
    )
    if ranked and findings > 0:
        shown = ranked[:findings]
        console.print(f"findings ({len(shown)} of {len(ranked)}):")
        for f, _name in shown:
            where = f"@{f.spans[0].start}" if f.spans else ""
            console.print(
                f"  [{_SEVERITY_STYLE[f.severity]}]{f.severity.value:5}[/] {f.kind} {where} "
                f"[italic]“{escape(_snippet(f))}”[/] — {escape(f.message)}"
            )


def render_heuristics(
    console: Console, infos: Sequence[HeuristicInfo], problems: Sequence[PluginProblem]
) -> None:
    """Print the installed heuristics and any plugin that failed to load."""
    table = Table(show_edge=False, pad_edge=False)
    for col in ("name", "plugin", "version", "weight", "enabled", "description"):
        table.add_column(col, overflow="fold")
    for i in infos:
        extra = " (cross-document)" if i.cross_document else ""
        needs = f" Reads: {', '.join(i.requires)}." if i.requires else ""
        table.add_row(
            i.name,
            f"{i.plugin} {i.plugin_version}",
            i.version,
            f"{i.weight:g}",
            "yes" if i.enabled else "no",
            escape(i.description + extra + needs),
        )
    console.print(table)
    for p in problems:
        console.print(f"[red]plugin problem[/] {escape(p.plugin)}: {escape(p.message)}")
