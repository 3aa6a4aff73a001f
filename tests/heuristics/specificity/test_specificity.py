"""The `specificity` heuristic: names, numbers and dates per assertion; unspecific passages."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import reliability_heuristics.specificity as specificity_package
from reliability_heuristics.specificity import Specificity
from work import growth, package_of

from reliability import Analysis, Context, Finding, Outcome, Severity, make_document
from reliability.config import Settings
from reliability.engine import Engine, ScoreOptions

SPECIFIC = (
    "Mayor Ana Ruiz opened the Elm Street bridge on March 3, 2024. "
    "It cost $12 million, 20 percent over budget. "
    "Dr. Omar Haddad, who led the inspection, found 3 cracks in 2022. "
    "The Transport Department will pay for repairs next year."
)
GENERAL = (
    "Things have changed a lot. People are worried about what comes next. "
    "Nobody really knows how it will end. Some think it is already too late. "
    "Others are more hopeful. Change is hard."
)


def analyse(text: str, **fields: str) -> Analysis:
    return Analysis(make_document(text, **fields))


def evaluate(text: str, **fields: str) -> tuple[Analysis, Outcome]:
    doc = analyse(text, **fields)
    outcome = Specificity().evaluate(doc, Context())
    for finding in outcome.findings:
        for span in finding.spans:
            assert doc.text[span.start : span.end] == span.text
    return doc, outcome


def passages(outcome: Outcome) -> list[Finding]:
    return [f for f in outcome.findings if f.kind == "unspecific-passage"]


def test_a_person_named_with_a_role_again_and_again_counts_once() -> None:
    once = SPECIFIC
    again = SPECIFIC + " The bridge was safe, according to Dr. Omar Haddad." * 3
    m1, m2 = evaluate(once)[1].metrics, evaluate(again)[1].metrics
    assert m1["titled_names_per_sentence"] == pytest.approx(2 / 4)
    # Three more assertions, no new person: the same two people over seven.
    assert m2["titled_names_per_sentence"] == pytest.approx(2 / 7)
    assert m2["names_per_sentence"] == pytest.approx(7 / 7)  # every mention is a name


def test_an_article_of_specific_assertions_scores_one() -> None:
    _, outcome = evaluate(SPECIFIC)
    assert outcome.score == 1.0
    assert not outcome.findings
    m = outcome.metrics
    assert m["specific_sentence_share"] == 1.0
    # Ana Ruiz, Elm Street, Omar Haddad, Transport Department over 4 assertions.
    assert m["names_per_sentence"] == pytest.approx(4 / 4)
    # Of those, two come with a title: "Mayor", "Dr.".
    assert m["titled_names_per_sentence"] == pytest.approx(2 / 4)
    # 2024, $12 million, 20 percent, 3, 2022; the years are numbers but not quantities.
    assert m["numbers_per_sentence"] == pytest.approx(5 / 4)
    assert m["quantities_per_sentence"] == pytest.approx(3 / 4)
    # March 3, 2024; in 2022; next year.
    assert m["dates_per_sentence"] == pytest.approx(3 / 4)
    assert m["longest_unspecific_run"] == 0.0
    assert all(isinstance(v, float) and math.isfinite(v) for v in m.values())


def test_a_run_of_general_statements_is_an_unspecific_passage() -> None:
    _, outcome = evaluate(SPECIFIC + "\n\n" + GENERAL)
    (finding,) = passages(outcome)
    assert finding.spans[0].text == GENERAL
    assert finding.spans[0].role == "passage"
    assert finding.severity is Severity.MINOR  # six sentences
    assert "6 sentences in a row" in finding.message
    assert outcome.score == pytest.approx(4 / 10)
    assert outcome.metrics["unspecific_passage_share"] == pytest.approx(6 / 10)
    assert outcome.metrics["longest_unspecific_run"] == 6.0


def test_a_short_passage_is_info_and_three_sentences_are_no_passage() -> None:
    four = "Things have changed. People are worried. Nobody knows the end. Change is hard."
    _, outcome = evaluate(SPECIFIC + " " + four)
    (finding,) = passages(outcome)
    assert finding.severity is Severity.INFO
    assert finding.spans[0].text == four
    three = "Things have changed. People are worried. Change is hard."
    _, outcome = evaluate(SPECIFIC + " " + three + " " + SPECIFIC)
    assert not passages(outcome)
    assert outcome.metrics["longest_unspecific_run"] == 3.0
    assert outcome.metrics["unspecific_passage_share"] == 0.0


def test_score_rises_with_the_share_of_specific_assertions() -> None:
    _, specific = evaluate(SPECIFIC)
    _, mixed = evaluate(SPECIFIC + " " + GENERAL)
    _, general = evaluate(GENERAL)
    assert specific.score is not None and mixed.score is not None and general.score is not None
    assert specific.score > mixed.score > general.score == 0.0


def test_quoted_sentences_are_not_assertions_and_break_a_passage() -> None:
    text = (
        "Mayor Ana Ruiz spoke on Monday.\n\n"
        "\u201cThings have changed a lot. People are worried. Nobody knows how it ends. "
        "Some think it is too late.\u201d\n\n"
        "She left. It rained. Everyone went home. The streets were quiet."
    )
    _, outcome = evaluate(text)
    # Two paragraphs of assertions (1 + 4 sentences); the quotation is the mayor's wording.
    assert outcome.metrics["specific_sentence_share"] == pytest.approx(1 / 5)
    (finding,) = passages(outcome)
    assert finding.spans[0].text.startswith("She left.")
    assert finding.spans[0].text.endswith("The streets were quiet.")


def test_a_sentence_that_goes_on_past_its_quotation_is_an_assertion() -> None:
    _, outcome = evaluate(
        "\u201cWe will rebuild,\u201d the mayor said. It rained. Everyone went home. "
        "The streets were quiet."
    )
    assert outcome.metrics["longest_unspecific_run"] == 4.0
    assert len(passages(outcome)) == 1


def test_headings_are_not_assertions_and_break_a_passage() -> None:
    text = (
        "The Bridge Question\n\n"
        "Things have changed. People are worried. Nobody knows the end.\n\n"
        "What Comes Next\n\n"
        "Some think it is too late. Others are hopeful. Change is hard."
    )
    _, outcome = evaluate(text)
    assert not passages(outcome)
    assert outcome.metrics["longest_unspecific_run"] == 3.0
    assert outcome.confidence == pytest.approx(6 / 16)


def test_nothing_to_judge_without_assertions() -> None:
    _, outcome = evaluate("The Bridge Question", title="")
    assert outcome.score is None and outcome.confidence == 0.0
    assert outcome.metrics["specific_sentence_share"] == 0.0


def test_one_sentence_text() -> None:
    _, outcome = evaluate("Mayor Ana Ruiz opened the bridge on Monday.", title="")
    assert outcome.score == 1.0
    assert outcome.confidence == pytest.approx(1 / 11)


def test_spans_are_exact_with_non_ascii_text() -> None:
    general = "Alles wird anders. Viele sind besorgt. Niemand weiß mehr. Ça change tout 🚧."
    doc, outcome = evaluate("Bürgermeisterin Jürgen Müller eröffnete 2024 die Brücke. " + general)
    (finding,) = passages(outcome)
    assert finding.spans[0].text == general
    assert finding.spans[0].start == doc.text.index("Alles")


def test_findings_are_capped() -> None:
    block = "Things changed. People worried. Nobody knew. Change came."
    text = "\n\n".join(f"{block} Mayor Ana Ruiz spoke on day {i}." for i in range(15))
    _, outcome = evaluate(text)
    assert len(passages(outcome)) == 10
    assert "15 passages" in outcome.summary


def test_work_grows_linearly_on_repetitive_text() -> None:
    # Lines of the specificity package run (not time): 8 times the text, about 8 times the work.
    outs: list[Outcome] = []

    def run(n: int) -> Callable[[], object]:
        doc = analyse("No! " * n)
        doc.sentences, doc.names, doc.numbers, doc.dates  # noqa: B018  (built before)
        return lambda: outs.append(Specificity().evaluate(doc, Context()))

    assert growth(package_of(specificity_package), run, 20_000, 8) <= 8 * 1.3
    assert [len(passages(outcome)) for outcome in outs] == [1, 1]
    assert outs[-1].summary.startswith("0 of 160000 assertions")


def test_installed_and_run_through_the_entry_point() -> None:
    engine = Engine(Settings())
    info = {h.name: h for h in engine.heuristics()}
    assert "specificity" in info and info["specificity"].enabled
    card = engine.score(make_document(SPECIFIC), options=ScoreOptions(include=["specificity"]))
    (result,) = card.heuristics
    assert result.name == "specificity" and result.status == "ok", result.message
    assert result.score == 1.0


def test_distinct_names_count_each_name_once_as_written() -> None:
    _, outcome = evaluate(
        "Mayor Ana Ruiz met John Smith in Paris on Monday. Ruiz said the talks went well. "
        "JOHN SMITH agreed, and Ana Ruiz flew home to Madrid. "
        '"We will meet again in Lisbon, not in Paris," Smith said.'
    )
    # Ana Ruiz, John Smith, Paris, Madrid, Lisbon (named inside a quotation), and the
    # surnames Ruiz and Smith given alone; a name repeated, or in capitals, is no new name.
    assert outcome.metrics["distinct_names"] == 7.0
    assert evaluate(GENERAL)[1].metrics["distinct_names"] == 0.0
