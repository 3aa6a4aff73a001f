"""The `figures` heuristic: figures confirmed, contradicted or reported by nobody else."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from factories import load_seed
from reliability_heuristics.figures import heuristic as figures_plugin
from reliability_heuristics.originality import heuristic as originality_plugin
from reliability_heuristics.recycling import heuristic as recycling_plugin

from reliability import Analysis, Finding, HeuristicResult, Outcome, Severity, make_document
from reliability.config import Settings
from reliability.engine import Engine

TODAY = {"today": "2026-11-23"}
# Figures reads the products of recycling (when each text was written, read on
# TODAY) and originality (which texts copy which).
PLUGINS = [recycling_plugin, originality_plugin, figures_plugin]


def engine(*, plugins: Sequence[object] = PLUGINS) -> Engine:
    return Engine(Settings(options={"recycling": TODAY}), entry_points=False, plugins=plugins)


def outcome_of(result: HeuristicResult) -> Outcome:
    assert result.status == "ok", result.message
    return Outcome(
        score=result.score,
        confidence=result.confidence,
        summary=result.summary,
        metrics=result.metrics,
        findings=result.findings,
    )


def evaluate(doc: Analysis, *peers: Analysis, plugins: Sequence[object] = PLUGINS) -> Outcome:
    card = engine(plugins=plugins).score(doc, peers=peers)
    (result,) = [r for r in card.heuristics if r.name == "figures"]
    return outcome_of(result)


# Other sentences of each outlet's article, so that two short reports of one event are
# not taken for copies of each other.
FILLER = {
    "A": "Frightened residents described scenes of panic in the narrow streets near the "
    "old harbour. Most shops in the district stayed closed all afternoon while police "
    "searched nearby buildings. The mayor promised to rebuild the damaged houses quickly "
    "and to compensate every affected family.",
    "B": "Opposition leaders blamed the interior minister for weak security and called for "
    "his resignation. Television footage showed thick smoke rising above the rooftops of "
    "the eastern suburbs. Hospitals across the region appealed for blood donors and extra "
    "volunteers.",
    "C": "Analysts expect parliament to debate the matter during its next session in the "
    "spring. Neighbouring governments voiced concern about stability along the shared "
    "border. Financial markets reacted calmly, and the national currency held steady "
    "against the dollar.",
}


def article(text: str, outlet: str, published: str | None = "2026-03-02") -> Analysis:
    filler = FILLER[outlet.split()[-1]]
    return Analysis(make_document(f"{text} {filler}", outlet=outlet, published=published))


def check_spans(outcome: Outcome, doc: Analysis, peers: Sequence[Analysis]) -> None:
    texts = {p.id: p.text for p in peers}
    for f in outcome.findings:
        assert f.spans
        for s in f.spans:
            assert doc.text[s.start : s.end] == s.text
        for r in f.related:
            assert texts[r.document_id][r.start : r.end] == r.text


def by_kind(outcome: Outcome, kind: str) -> list[Finding]:
    return [f for f in outcome.findings if f.kind == kind]


def claims(findings: Sequence[Finding]) -> list[str]:
    return [f.spans[0].text for f in findings]


# --- The seed story -----------------------------------------------------------


@pytest.fixture(scope="module")
def story() -> dict[str, tuple[Analysis, Outcome]]:
    """The five seeds scored as one story through the engine (spans validated there too)."""
    names = ["000", "001", "002", "003", "004"]
    docs = [Analysis(load_seed(n)) for n in names]
    out = {}
    cards = engine().score_many([d.document for d in docs], compare=True)
    for name, doc, card in zip(names, docs, cards, strict=True):
        (result,) = [r for r in card.heuristics if r.name == "figures"]
        outcome = outcome_of(result)
        check_spans(outcome, doc, [d for d in docs if d is not doc])
        out[name] = (doc, outcome)
    return out


def test_seed_story_conflicts_are_the_death_toll_only(
    story: dict[str, tuple[Analysis, Outcome]],
) -> None:
    ids = {name: doc.id for name, (doc, _) in story.items()}
    found = sorted(
        (name, f.severity, f.spans[0].text, r.text, r.document_id)
        for name, (_, outcome) in story.items()
        for f in by_kind(outcome, "figure-conflict")
        for r in f.related
    )
    assert found == [
        ("000", Severity.MINOR, "About 40 people", "more than 60 civilians", ids["002"]),
        ("002", Severity.MINOR, "more than 60 civilians", "About 40 people", ids["000"]),
    ]
    (toll,) = by_kind(story["000"][1], "figure-conflict")
    assert "death count grows" in toll.message
    assert "venezuelanalysis.com on 2025-11-03" in toll.message
    assert story["000"][1].metrics["explained_differences"] == 1
    assert all(o.metrics["conflicts"] == 0 for _, o in story.values())


def test_copy_repeats_but_does_not_corroborate(
    story: dict[str, tuple[Analysis, Outcome]],
) -> None:
    copy, original = story["001"], story["002"]
    assert copy[1].metrics["corroborated"] == 0 and original[1].metrics["corroborated"] == 0
    repeated = {
        f.spans[0].text: [(r.document_id, r.text, r.role) for r in f.related]
        for f in by_kind(copy[1], "figure-uncorroborated")
    }
    assert repeated["24 Sukhoi Su-30 MK2 fighter jets"] == [
        (original[0].id, "24 Su-30 airplanes", "repeated")
    ]
    assert repeated["up to 50 tons of cargo"] == [(original[0].id, "up to 50 tons", "repeated")]
    back = {
        f.spans[0].text: [r.text for r in f.related]
        for f in by_kind(original[1], "figure-uncorroborated")
    }
    assert back["24 Su-30 airplanes"] == ["24 Sukhoi Su-30 MK2 fighter jets"]
    assert back["up to 50 tons"] == ["up to 50 tons of cargo"]
    message = next(
        f.message
        for f in by_kind(copy[1], "figure-uncorroborated")
        if f.spans[0].text.startswith("24")
    )
    assert "repeated only by venezuelanalysis.com" in message
    assert copy[1].metrics["repeated_by_copies_only"] == 4


def test_2019_article_is_not_compared_with_2025_coverage(
    story: dict[str, tuple[Analysis, Outcome]],
) -> None:
    _doc, outcome = story["004"]
    ids = {story[n][0].id for n in ("000", "001", "002")}
    assert outcome.metrics["peers_skipped_time"] == 3
    assert outcome.metrics["peers_compared"] == 1
    assert not any(r.document_id in ids for f in outcome.findings for r in f.related)
    assert "around 35 tons of equipment" in claims(by_kind(outcome, "figure-uncorroborated"))
    assert "The Daily Wire" in story["002"][1].summary  # named among the documents left out
    assert story["002"][1].metrics["peers_skipped_time"] == 2


def test_no_peers_is_not_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    def unread(doc: Analysis, context: object) -> None:
        raise AssertionError("a lone document's figures were read")

    # The figures are read only for a comparison, and a lone document has none.
    monkeypatch.setattr(figures_plugin, "_figures_of", unread)
    outcome = evaluate(Analysis(load_seed("002")))
    assert outcome.score is None and outcome.confidence == 0
    assert outcome.summary.startswith("No other coverage to compare with")
    assert outcome.findings == ()
    assert outcome.metrics == {"peers": 0}


# --- Constructed stories ------------------------------------------------------


def test_plain_conflict_on_the_same_day() -> None:
    a = article(
        "Gunmen killed 12 people in an attack on a market in the capital on Monday, police said.",
        "Daily A",
    )
    b = article(
        "An attack on the central market on Monday killed 30 people, according to the "
        "interior ministry.",
        "Courier B",
    )
    outcome = evaluate(a, b)
    check_spans(outcome, a, [b])
    (f,) = outcome.findings
    assert (f.kind, f.severity) == ("figure-conflict", Severity.MAJOR)
    assert f.spans[0].text == "12 people" and f.spans[0].start == a.text.index("12 people")
    assert [(r.text, r.start) for r in f.related] == [("30 people", b.text.index("30 people"))]
    assert "Courier B" in f.message
    assert outcome.metrics["conflicts"] == 1
    assert outcome.score is not None and outcome.score < 0.5


def test_lower_toll_written_later_is_a_plain_conflict() -> None:
    early = article("Air strikes killed more than 60 civilians, the UN said.", "A", "2025-11-01")
    late = article("About 40 people died in the air strikes, officials said.", "B", "2025-11-20")
    (f,) = evaluate(late, early).findings
    assert (f.kind, f.severity) == ("figure-conflict", Severity.MAJOR)
    (g,) = evaluate(early, late).findings
    assert g.severity == Severity.MAJOR


def test_growing_toll_is_explained_by_time() -> None:
    early = article("About 40 people died in the air strikes, officials said.", "A", "2025-10-27")
    late = article("Air strikes killed more than 60 civilians, the UN said.", "B", "2025-11-03")
    outcome = evaluate(early, late)
    (f,) = outcome.findings
    assert (f.kind, f.severity) == ("figure-conflict", Severity.MINOR)
    assert "grows" in f.message and "2025-10-27" in f.message and "2025-11-03" in f.message
    assert outcome.metrics["explained_differences"] == 1 and outcome.metrics["conflicts"] == 0


def test_at_least_agrees_with_the_exact_count() -> None:
    a = article(
        "The navy said it had sunk at least 16 boats carrying drugs since September.", "Daily A"
    )
    b = article(
        "Since September the navy has sunk 16 boats suspected of carrying drugs, officials said.",
        "Courier B",
    )
    outcome = evaluate(a, b)
    check_spans(outcome, a, [b])
    (f,) = outcome.findings
    assert (f.kind, f.severity) == ("figure-corroborated", Severity.INFO)
    assert f.spans[0].text == "at least 16 boats"
    assert [r.text for r in f.related] == ["16 boats"]
    assert "1 independent source" in f.message and "Courier B" in f.message
    assert outcome.metrics["corroborated"] == 1 and outcome.score == 1.0


def test_money_in_symbols_and_in_words_agree() -> None:
    a = article(
        "The government offered a $50 million reward for the capture of the cartel leader.",
        "Daily A",
    )
    b = article(
        "A reward of 50 million dollars was offered by the government for the capture of "
        "the cartel leader.",
        "Courier B",
    )
    (f,) = evaluate(a, b).findings
    assert f.kind == "figure-corroborated"
    assert (f.spans[0].text, [r.text for r in f.related]) == ("$50 million", ["50 million dollars"])
    c = article(
        "The government offered a $25 million reward for the capture of the cartel leader.",
        "Courier C",
    )
    (g,) = evaluate(a, c).findings
    assert (g.kind, g.severity) == ("figure-conflict", Severity.MAJOR)


def test_unrelated_counts_are_not_aligned() -> None:
    a = article(
        "Police arrested 12 protesters outside parliament. The company bought 40 buses.",
        "Daily A",
    )
    b = article(
        "Officials said 30 people were injured in the clashes. Rebels killed 40 soldiers "
        "in the north.",
        "Courier B",
    )
    outcome = evaluate(a, b)
    assert {f.kind for f in outcome.findings} == {"figure-uncorroborated"}
    assert claims(outcome.findings) == ["12 protesters", "40 buses"]
    assert all(f.related == () for f in outcome.findings)
    assert outcome.score is None


def test_a_part_may_not_exceed_the_whole() -> None:
    a = article("About 40 people died in the fire, officials said.", "Daily A")
    b = article("Twelve children died in the fire, the hospital said.", "Courier B")
    assert {f.kind for f in evaluate(a, b).findings} == {"figure-uncorroborated"}
    c = article("More than 60 children died in the fire, the hospital said.", "Courier C")
    (f,) = evaluate(a, c).findings
    assert (f.kind, f.severity) == ("figure-conflict", Severity.MAJOR)


def test_capacity_is_a_different_measure_from_an_amount() -> None:
    capacity = article(
        "The cargo plane, operated by the air force, can transport loads of up to 50 tons.",
        "Daily A",
    )
    below = article(
        "Workers offloaded around 35 tons of equipment from the cargo plane of the air force.",
        "Courier B",
    )
    above = article(
        "Workers offloaded 60 tons of equipment from the cargo plane of the air force.",
        "Courier C",
    )
    (within,) = evaluate(below, capacity).findings
    assert within.kind == "figure-uncorroborated" and "neither confirms nor" in within.message
    assert [(r.text, r.role) for r in within.related] == [("up to 50 tons", "related")]
    (f,) = evaluate(above, capacity).findings
    assert (f.kind, f.severity) == ("figure-conflict", Severity.MINOR)
    assert "different measures" in f.message and "capacity" in f.message


def test_documents_years_apart_are_not_compared() -> None:
    old = article("Gunmen killed 12 people at the market, police said.", "A", "2019-03-02")
    new = article("Gunmen killed 30 people at the market, police said.", "B", "2025-03-02")
    outcome = evaluate(new, old)
    assert outcome.metrics["peers_skipped_time"] == 1 and outcome.metrics["peers_compared"] == 0
    assert [f.kind for f in outcome.findings] == ["figure-uncorroborated"]
    assert "2019-03-02" in outcome.summary


PARAGRAPHS = [
    "The navy said on Tuesday that it had sunk at least 16 boats carrying drugs in the "
    "Caribbean since the start of the operation in September.",
    "Officials in the capital said the campaign would continue until the smuggling routes "
    "were closed for good, and that more ships were on their way.",
    "Critics in parliament said the government had not shown any evidence that the crews "
    "of the boats were smugglers, and demanded an inquiry.",
    "The defence minister told reporters that the operation had the support of allies in "
    "the region and that it complied with international law.",
]


def test_a_copy_is_not_an_independent_source() -> None:
    original = article("\n\n".join(PARAGRAPHS), "Daily A", "2026-03-02")
    copy = article("\n\n".join(PARAGRAPHS), "Copycat B", "2026-03-03")
    other = article(
        "Since September the navy has sunk 16 boats suspected of carrying drugs, a spokesman said.",
        "Courier C",
        "2026-03-02",
    )
    alone = evaluate(original, copy)
    (f,) = alone.findings
    assert f.kind == "figure-uncorroborated" and "Copycat B" in f.message
    assert [(r.document_id, r.role) for r in f.related] == [(copy.id, "repeated")]
    outcome = evaluate(original, copy, other)
    check_spans(outcome, original, [copy, other])
    (g,) = outcome.findings
    assert g.kind == "figure-corroborated"
    assert "1 independent source" in g.message and "Courier C" in g.message
    assert "Copycat" not in g.message
    assert [r.document_id for r in g.related] == [other.id]


def test_without_originality_a_copy_counts_as_independent_and_the_summary_says_so() -> None:
    original = article("\n\n".join(PARAGRAPHS), "Daily A", "2026-03-02")
    copy = article("\n\n".join(PARAGRAPHS), "Copycat B", "2026-03-03")
    outcome = evaluate(original, copy, plugins=[recycling_plugin, figures_plugin])
    (f,) = outcome.findings
    assert f.kind == "figure-corroborated" and "Copycat B" in f.message
    assert "originality heuristic did not run" in outcome.summary
    assert "originality" not in evaluate(original, copy).summary


def test_without_recycling_documents_are_dated_by_metadata_alone() -> None:
    # The text names an office-holder of 2018-2021; only recycling's estimate says so.
    old = article(
        "Secretary of State Mike Pompeo said gunmen killed 12 people at the market.", "A", None
    )
    new = article("Gunmen killed 19 people at the market, police said.", "B", "2026-03-02")
    dated = evaluate(old, new)
    assert dated.metrics["peers_skipped_time"] == 1.0
    undated = evaluate(old, new, plugins=[originality_plugin, figures_plugin])
    assert undated.metrics["peers_skipped_time"] == 0.0
    assert "recycling heuristic did not run" in undated.summary


def test_recycling_publishes_the_writing_dates_figures_reads() -> None:
    import datetime as dt

    from reliability_heuristics.recycling.heuristic import Recycling
    from reliability_heuristics.recycling.product import WritingDates

    from reliability import Context

    old = article(
        "Secretary of State Mike Pompeo said gunmen killed 12 people at the market.", "A", None
    )
    new = article("Gunmen killed 19 people at the market, police said.", "B", "2026-03-02")
    context = Context(peers=[new], options=TODAY)
    Recycling().evaluate(old, context)
    dates = context.published
    assert isinstance(dates, WritingDates)
    mine, theirs = dates.of(old.id), dates.of(new.id)
    assert mine is not None and theirs is not None
    assert mine.published is None and mine.end is not None
    assert dt.date.fromordinal(mine.end) < dt.date(2022, 1, 1)  # Pompeo left office in 2021
    assert theirs.published == dt.date(2026, 3, 2).toordinal()
    assert dates.of("not-in-the-story") is None


def test_installed_through_the_entry_point() -> None:
    info = {h.name: h for h in Engine(Settings()).heuristics()}
    assert info["figures"].cross_document and info["figures"].enabled


def test_a_date_the_text_contradicts_gives_way_to_the_text() -> None:
    # Republished with a new date, the text still names an office-holder of 2018-2021.
    old = article(
        "Secretary of State Mike Pompeo said gunmen killed 12 people at the market.",
        "A",
        "2025-03-01",
    )
    new = article("Gunmen killed 30 people at the market, police said.", "B", "2025-03-02")
    outcome = evaluate(new, old)
    assert outcome.metrics["peers_skipped_time"] == 1
    assert "2021-01-20" in outcome.summary
    assert [f.kind for f in outcome.findings] == ["figure-uncorroborated"]


def test_counts_written_weeks_apart_differ_for_a_stated_reason() -> None:
    early = article("The city council approved a $45 million budget for the stadium.", "A")
    late = article(
        "The city council approved a $60 million budget for the stadium.", "B", "2026-03-20"
    )
    outcome = evaluate(early, late)
    check_spans(outcome, early, [late])
    (f,) = outcome.findings
    assert (f.kind, f.severity) == ("figure-conflict", Severity.MINOR)
    assert "18 days apart" in f.message and "may have changed" in f.message
    same_week = article(
        "The city council approved a $60 million budget for the stadium.", "B", "2026-03-03"
    )
    (g,) = evaluate(early, same_week).findings
    assert (g.kind, g.severity) == ("figure-conflict", Severity.MAJOR)


def test_two_counts_of_one_sentence_pair_up_by_value() -> None:
    a = article(
        "Reporters took two rows at the back, and donors took 16 rows at the front.",
        "Daily A",
    )
    b = article(
        "Reporters took two rows at the back, while donors took 16 rows at the front.",
        "Courier B",
    )
    outcome = evaluate(a, b)
    check_spans(outcome, a, [b])
    assert by_kind(outcome, "figure-conflict") == []
    assert "16 rows" in claims(by_kind(outcome, "figure-corroborated"))


def test_the_same_outlet_is_not_an_independent_source() -> None:
    def report(text: str, outlet: str, filler: str) -> Analysis:
        return Analysis(
            make_document(f"{text} {FILLER[filler]}", outlet=outlet, published="2026-03-02")
        )

    doc = report(
        "Police arrested 14 protesters at the port on Monday, officials said.", "Daily A", "A"
    )
    # The same outlet's other article repeats the figure: not a second source.
    again = report("On Monday police arrested 14 protesters at the port.", "Daily A", "B")
    other = report("Fourteen protesters were arrested at the port on Monday.", "Courier C", "C")
    alone = evaluate(doc, again)
    check_spans(alone, doc, [again])
    assert alone.metrics["corroborated"] == 0
    (repeated,) = by_kind(alone, "figure-uncorroborated")
    assert "same outlet" in repeated.message
    both = evaluate(doc, again, other)
    (confirmed,) = by_kind(both, "figure-corroborated")
    assert "1 independent source" in confirmed.message
    assert [r.document_id for r in confirmed.related] == [other.id]


def test_outlets_link_documents_as_pairwise_comparison_would() -> None:
    import itertools

    from reliability_heuristics.figures.story import Kinship, families
    from reliability_heuristics.originality.product import CopyRelations, Outlet

    outlets = {
        "a": Outlet("daily", "daily.example"),
        "b": Outlet(None, "daily.example"),  # no name: its host's outlet
        "c": Outlet("evening", "daily.example"),
        "d": Outlet("daily", None),
        "e": Outlet("herald", "herald.example"),
        "f": Outlet("gazette", "shared.example"),
        "g": Outlet("courier", "shared.example"),  # two names on one host: two outlets
        "h": Outlet(None, None),
    }
    relations = CopyRelations(documents=tuple(outlets), outlets=outlets)
    ids = list(outlets)
    pairwise = families(
        ids, [(x, y) for x, y in itertools.combinations(ids, 2) if relations.same_outlet(x, y)]
    )
    linked = families(ids, Kinship(relations).outlet_edges(ids))
    groups = {frozenset(i for i in ids if linked[i] == linked[j]) for j in ids}
    assert groups == {frozenset(i for i in ids if pairwise[i] == pairwise[j]) for j in ids}
    assert frozenset("abcd") in groups and frozenset("f") in groups
