"""The `sourcing` heuristic: named and vague document references, links, labels, corrections."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import reliability_heuristics.sourcing as sourcing_package
from reliability_heuristics.sourcing import Sourcing
from work import growth, package_of

from reliability import Analysis, Context, Finding, Outcome, Severity, make_document
from reliability.config import Settings
from reliability.engine import Engine, ScoreOptions

NAMED = (
    "The city spent twice what it planned on the new bridge. "
    "A report by the Government Accountability Office found that costs doubled in two years. "
    "According to data from the Census Bureau, the town has 40,000 residents. "
    "A study published in the Journal of the American Medical Association linked the dust "
    "to asthma. Court documents show the contractor billed the city twice. "
    "The FDA filing lists three side effects. A Gallup poll found most residents opposed "
    "the plan."
)
VAGUE = (
    "Studies show that the bridge is unsafe. Research has found that such designs fail. "
    "A report says the mayor knew about the cracks. Experts agree the plan was flawed. "
    "According to a new survey, voters are angry."
)


def analyse(text: str, **fields: str) -> Analysis:
    return Analysis(make_document(text, **fields))


def evaluate(text: str, **fields: str) -> tuple[Analysis, Outcome]:
    doc = analyse(text, **fields)
    outcome = Sourcing().evaluate(doc, Context())
    for finding in outcome.findings:
        for span in finding.spans:
            assert doc.text[span.start : span.end] == span.text
    return doc, outcome


def of_kind(outcome: Outcome, kind: str) -> list[Finding]:
    return [f for f in outcome.findings if f.kind == kind]


def sources(outcome: Outcome, kind: str) -> list[str]:
    return [f.spans[0].text for f in of_kind(outcome, kind)]


def test_named_documents_are_found_with_their_publishers() -> None:
    _, outcome = evaluate(NAMED)
    assert sources(outcome, "named-document") == [
        "A report by the Government Accountability Office",
        "data from the Census Bureau",
        "A study published in the Journal of the American Medical Association",
        "Court documents",
        "The FDA filing",
        "A Gallup poll",
    ]
    assert all(f.severity is Severity.INFO for f in of_kind(outcome, "named-document"))
    assert not of_kind(outcome, "vague-document")
    assert outcome.metrics["named_document_kinds"] == 5.0  # report, data, research, record, poll


def test_vague_documents_are_minor_findings_with_cue_and_claim() -> None:
    _, outcome = evaluate(VAGUE)
    vague = of_kind(outcome, "vague-document")
    assert [f.spans[0].text for f in vague] == [
        "Studies show",
        "Research has found",
        "A report says",
        "Experts agree",
        "a new survey",
    ]
    assert all(f.severity is Severity.MINOR for f in vague)
    assert [s.role for s in vague[0].spans] == ["cue", "claim"]
    assert vague[0].spans[1].text == "Studies show that the bridge is unsafe."
    assert "which study" in vague[0].message
    assert not of_kind(outcome, "named-document")


def test_score_rises_with_the_share_of_named_documents() -> None:
    _, named = evaluate(NAMED)
    _, mixed = evaluate(NAMED + " " + VAGUE)
    _, vague = evaluate(VAGUE)
    assert named.score is not None and mixed.score is not None and vague.score is not None
    assert named.score > mixed.score > vague.score
    assert named.score == pytest.approx((6 + 0.5) / (6 + 1))
    assert vague.score == pytest.approx(0.5 / 6)
    assert named.confidence == pytest.approx(6 / 9)  # its six references, above its sentences


def test_no_document_cited_gives_no_score() -> None:
    _, outcome = evaluate(
        "The council met on Tuesday. Mayor Ana Ruiz said the bridge would reopen in May."
    )
    # No score, but the voice metrics read both sentences.
    assert outcome.score is None and outcome.confidence == pytest.approx(2 / 12)
    assert outcome.metrics["named_document_share"] == 0.5
    assert outcome.metrics["document_references_per_1k_words"] == 0.0
    assert outcome.summary.startswith("No study, report, data, poll or record cited")


def test_a_study_introduced_then_named_is_not_vague() -> None:
    _, outcome = evaluate(
        "A new study suggests coffee protects the liver. The study, published Monday in "
        "the journal Hepatology, followed 2,000 adults for a decade. The report said more "
        "work is needed."
    )
    assert sources(outcome, "named-document") == [
        "The study, published Monday in the journal Hepatology"
    ]
    assert not of_kind(outcome, "vague-document")


def test_verbs_institutions_places_and_trials_are_not_named_documents() -> None:
    _, outcome = evaluate(
        "Reuters reports that the deal is off. Moscow, Reuters reports, is angry. "
        "The Pew Research Center said turnout rose. Officials will study the plan next year. "
        "A British study found that tea helps. A poll in the United States put him ahead. "
        "The federal trial of the mayor opened on Monday."
    )
    assert not of_kind(outcome, "named-document")
    assert sources(outcome, "vague-document") == ["A British study found"]


def test_where_a_document_appeared_names_it() -> None:
    _, outcome = evaluate(
        "According to a recent report in The Washington Post, the city asked for help. "
        "The findings appear in the Lancet this week. A study in mice found the same."
    )
    assert sources(outcome, "named-document") == [
        "a recent report in The Washington Post",
        "The findings appear in the Lancet",
    ]


def test_rates_are_per_thousand_words() -> None:
    doc, outcome = evaluate(VAGUE)
    assert outcome.metrics["vague_documents_per_1k_words"] == pytest.approx(
        5 * 1000 / doc.word_count
    )
    assert outcome.metrics["named_documents_per_1k_words"] == 0.0
    assert all(isinstance(v, float) and math.isfinite(v) for v in outcome.metrics.values())


def test_links_are_found_and_bare_domains_are_not() -> None:
    doc, outcome = evaluate(
        "The full report is at https://www.gao.gov/products/gao-16-123. A summary is at "
        "bit.ly/2cQx9. Readers can also visit FoxNews.com for more, or write to us and/or "
        "call on 9/11 anniversaries."
    )
    assert sources(outcome, "link") == ["https://www.gao.gov/products/gao-16-123", "bit.ly/2cQx9"]
    assert outcome.metrics["links_per_1k_words"] == pytest.approx(2 * 1000 / doc.word_count)


def test_opinion_label_in_the_first_line_is_spanned() -> None:
    _, outcome = evaluate("Opinion: The bridge plan is a mess\n\nThe council should start over.")
    (label,) = of_kind(outcome, "opinion-label")
    assert label.spans[0].text == "Opinion" and label.severity is Severity.INFO
    assert outcome.metrics["opinion_label"] == 1.0


def test_opinion_label_in_the_headline_has_no_span() -> None:
    _, outcome = evaluate(
        "The council should start over.", title="Why the bridge plan failed | Analysis"
    )
    (label,) = of_kind(outcome, "opinion-label")
    assert label.spans == () and "headline" in label.message
    assert outcome.metrics["opinion_label"] == 1.0


def test_a_word_that_only_starts_the_text_is_not_a_label() -> None:
    _, outcome = evaluate("Analysis shows the bridge was badly built.", title="")
    assert not of_kind(outcome, "opinion-label")
    assert outcome.metrics["opinion_label"] == 0.0


def test_corrections_notice_spans_its_sentence() -> None:
    _, outcome = evaluate(
        "The bridge reopened on Monday.\n\nCorrection: An earlier version of this article "
        "misstated the day the bridge reopened."
    )
    (notice,) = of_kind(outcome, "correction-notice")
    assert notice.spans[0].text == (
        "Correction: An earlier version of this article misstated the day the bridge reopened."
    )
    assert outcome.metrics["corrections_notice"] == 1.0


def test_byline_comes_from_the_document_author() -> None:
    _, with_author = evaluate("The bridge reopened on Monday.", author="Jane Roe")
    _, without = evaluate("The bridge reopened on Monday.")
    assert with_author.metrics["has_byline"] == 1.0
    assert without.metrics["has_byline"] == 0.0
    assert "a byline" in with_author.summary


def test_spans_are_exact_with_non_ascii_text() -> None:
    doc, outcome = evaluate(
        "Bürgermeisterin Müller’s office — “in 2023” — said 🚧 a report by the Stiftung "
        "Köln found 12 faults. Études aside, studies show little. See https://exämple.org/bericht."
    )
    (named,) = of_kind(outcome, "named-document")
    assert named.spans[0].text == "a report by the Stiftung Köln"
    (vague,) = of_kind(outcome, "vague-document")
    assert vague.spans[0].text == "studies show"
    start = doc.text.index("studies show")
    assert (vague.spans[0].start, vague.spans[0].end) == (start, start + len("studies show"))
    assert sources(outcome, "link") == ["https://exämple.org/bericht"]


def test_findings_are_capped_but_metrics_count_all() -> None:
    text = " ".join(f"Studies show that bridge {i} is unsafe." for i in range(40))
    _, outcome = evaluate(text)
    assert len(of_kind(outcome, "vague-document")) == 20
    assert "0 identified documents and 40 unidentified ones" in outcome.summary


def test_one_sentence_text() -> None:
    _, outcome = evaluate("Polls show the mayor trailing.", title="")
    assert sources(outcome, "vague-document") == ["Polls show"]
    assert outcome.score == pytest.approx(0.25)


def test_work_grows_linearly_on_repetitive_text() -> None:
    # Lines of the sourcing package run (not time): 8 times the text, about 8 times the work.
    outs: list[Outcome] = []

    def run(n: int) -> Callable[[], object]:
        doc = analyse("A report by the GAO found waste. " * n)
        doc.sentences, doc.names, doc.folded  # noqa: B018  (the analysis is built before)
        return lambda: outs.append(Sourcing().evaluate(doc, Context()))

    assert growth(package_of(sourcing_package), run, 2_500, 8) <= 8 * 1.3
    assert [len(of_kind(outcome, "named-document")) for outcome in outs] == [20, 20]


def test_installed_and_run_through_the_entry_point() -> None:
    engine = Engine(Settings())
    info = {h.name: h for h in engine.heuristics()}
    assert "sourcing" in info and info["sourcing"].enabled
    card = engine.score(make_document(NAMED), options=ScoreOptions(include=["sourcing"]))
    (result,) = card.heuristics
    assert result.name == "sourcing" and result.status == "ok", result.message
    assert result.metrics["named_documents_per_1k_words"] > 0


def test_direct_quotations_count_distinct_passages_of_four_words_or_more() -> None:
    _, outcome = evaluate(
        'The mayor called the plan "a bold move" on Monday. '
        '"We will not raise taxes this year," she said. '
        '"We will NOT raise taxes this year," she said again at a second meeting. '
        "Her rival said: \u201cThe budget does not add up, and 'no new taxes' is a slogan, "
        "not a plan.\u201d An aide only said \u201cFine.\u201d"
    )
    # The pledge (once, however often and in whatever case it is repeated) and the
    # rival's answer; a phrase of three words, a nested quotation and a one-word reply
    # are not a source speaking at length.
    assert outcome.metrics["direct_quotations"] == 2.0
    assert evaluate(NAMED)[1].metrics["direct_quotations"] == 0.0


def test_dissent_share_counts_sentences_that_hear_a_second_side() -> None:
    _, outcome = evaluate(
        "The council approved the new stadium on Tuesday. Critics say the city cannot "
        "afford it. The developer denied that costs had doubled and disputed the audit. "
        "Not everyone on the council agrees. Work begins in May."
    )
    # Two cues in one sentence count once: three of the five sentences.
    assert outcome.metrics["dissent_sentence_share"] == pytest.approx(3 / 5)
    # A letter that lower-cases to two ("İ") shifts the folded text's offsets: same count.
    _, shifted = evaluate(
        "The İstanbul council approved the stadium. On the other hand, opponents pushed "
        "back hard. The mayor took issue with the audit."
    )
    assert shifted.metrics["dissent_sentence_share"] == pytest.approx(2 / 3)
    one_sided = evaluate(
        "The stadium will bring jobs. The council approved it on Tuesday. "
        "The uncritical coverage and anti-criticism rules are not a second side."
    )[1]
    assert one_sided.metrics["dissent_sentence_share"] == 0.0
