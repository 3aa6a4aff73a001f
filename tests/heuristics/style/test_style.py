"""The `style` heuristic: sensational and polemical cues in the writer's own voice."""

from __future__ import annotations

import importlib.metadata
import math
from collections.abc import Callable

import pytest
import reliability_heuristics.style as style_package
from reliability_heuristics.style import (
    MAX_CUES_PER_FINDING,
    MAX_FINDINGS_PER_KIND,
    SCORE_DECAY,
    Style,
)
from work import growth, package_of

from reliability import Analysis, Context, Engine, Finding, Outcome, Status, make_document
from reliability.config import Settings

CALM = (
    "The city council voted 7-2 on Tuesday to raise the minimum wage to $15 an hour "
    "by 2027, the mayor's office said.\n\n"
    "Council member Ana Ruiz, who sponsored the measure, said the increase would help "
    "about 40,000 workers. Business groups had asked for a longer phase-in.\n\n"
    "The FBI and NATO were not involved. A U.S. Labor Department report cited by the "
    "council found wages rose 3.1 percent last year."
)

POLEMIC = (
    "The council just voted to DESTROY small businesses!\n\n"
    "You know exactly who pays for this. Your wages, your jobs, your town.\n\n"
    "Why does nobody in the media ask the obvious question? This is absolutely the "
    "worst deal ever.\n\n"
    "Share this with everyone you know. Wake up, people!"
)


def run(text: str, title: str | None = None) -> tuple[Analysis, Outcome]:
    doc = Analysis(make_document(text, title=title))
    return doc, Style().evaluate(doc, Context())


def of_kind(outcome: Outcome, kind: str) -> list[Finding]:
    return [f for f in outcome.findings if f.kind == kind]


def cues(outcome: Outcome, kind: str) -> list[str]:
    return [s.text for f in of_kind(outcome, kind) for s in f.spans if s.role == "cue"]


def assert_spans_exact(doc: Analysis, outcome: Outcome) -> None:
    for finding in outcome.findings:
        assert finding.spans, finding
        for span in finding.spans:
            assert doc.text[span.start : span.end] == span.text
            assert span.role in ("cue", "content")


# --- Calm reporting


def test_calm_report_has_no_findings_and_full_score() -> None:
    _, out = run(CALM)
    assert out.findings == ()
    assert out.score == 1.0
    assert out.metrics["assertions"] == 5.0
    for name in (
        "exclamations_per_1k_words",
        "shouting_per_1k_words",
        "second_person_per_1k_words",
        "rhetorical_question_share",
        "intensifiers_per_1k_words",
        "first_person_singular_per_1k_words",
        "first_person_plural_per_1k_words",
        "style_cues_per_assertion",
    ):
        assert out.metrics[name] == 0.0, name
    assert out.confidence == pytest.approx(5 / 15)
    assert "No sensational style cues" in out.summary


# --- A polemical text: every kind of cue, with its spans


def test_polemic_finds_each_kind_of_cue() -> None:
    doc, out = run(POLEMIC)
    assert_spans_exact(doc, out)
    assert cues(out, "exclamation") == ["!", "!"]
    assert cues(out, "shouting") == ["DESTROY"]
    assert cues(out, "rhetorical-question") == [
        "Why does nobody in the media ask the obvious question?"
    ]
    assert cues(out, "call-to-action") == ["Share this with", "Wake up"]
    assert cues(out, "intensifier") == ["absolutely"]
    assert cues(out, "hyperbole") == ["worst deal ever"]
    # One reader-address finding per sentence, with every pronoun of the sentence.
    address = of_kind(out, "reader-address")
    assert [[s.text for s in f.spans if s.role == "cue"] for f in address] == [
        ["You"],
        ["Your", "your", "your"],
        ["you"],
    ]
    assert all(f.severity == "major" for f in of_kind(out, "call-to-action"))
    assert all(f.severity == "minor" for f in of_kind(out, "shouting"))


def test_polemic_metrics_and_score_follow_the_formula() -> None:
    doc, out = run(POLEMIC)
    m = out.metrics
    assert m["assertions"] == 7.0
    per_k = 1000 / doc.word_count
    assert m["exclamations_per_1k_words"] == pytest.approx(2 * per_k)
    assert m["shouting_per_1k_words"] == pytest.approx(1 * per_k)
    # five second-person words and two calls to action
    assert m["second_person_per_1k_words"] == pytest.approx(7 * per_k)
    assert m["rhetorical_question_share"] == pytest.approx(1 / 7)
    assert m["intensifiers_per_1k_words"] == pytest.approx(2 * per_k)
    # E=2 exclaiming sentences, Q=1, S=1, Y=4 sentences addressing the reader, C=2, I=2
    assert m["style_cues_per_assertion"] == pytest.approx(12 / 7)
    assert out.score == pytest.approx(math.exp(-SCORE_DECAY * 12 / 7))
    assert "2 calls to action" in out.summary


def test_score_falls_with_the_rate_of_cues() -> None:
    _, calm = run(CALM)
    _, one = run(CALM + "\n\nThat is absolutely remarkable!")
    _, polemic = run(POLEMIC)
    assert calm.score is not None and one.score is not None and polemic.score is not None
    assert calm.score > one.score > polemic.score
    assert polemic.score < 0.2


# --- The writer's voice only


def test_cues_inside_quotations_are_the_sources_voice() -> None:
    text = (
        '"This is absolutely the WORST decision ever!" said Mayor Lee. '
        '"Why would you vote for it?" she asked reporters. '
        "The vote passed 7-2."
    )
    _, out = run(text)
    assert out.findings == ()
    assert out.score == 1.0
    assert out.metrics["second_person_per_1k_words"] == 0.0


def test_page_chrome_does_not_count() -> None:
    text = (
        "The council approved the budget on Tuesday.\n\n"
        "Sign up for our newsletter by entering your email address below!\n\n"
        "Please disable your ad blocker to keep reading.\n\n"
        "You are commenting using your Twitter account."
    )
    _, out = run(text)
    assert out.findings == ()
    assert out.metrics["assertions"] == 1.0


def test_interviewer_question_is_not_rhetorical() -> None:
    text = (
        "Q: Why did you leave the agency?\n\n"
        "A: I had finished the work I came to do.\n\n"
        "What happens next is unclear? The agency has not said."
    )
    _, out = run(text)
    assert cues(out, "rhetorical-question") == ["What happens next is unclear?"]


# --- Capitals: shouting, acronyms, names, subheads


@pytest.mark.parametrize(
    "text",
    [
        "The FBI, NATO and the WHO met U.S. officials about COVID-19 in the EU.",
        "Patients on the DASH diet did better in the SPRINT trial, the study found.",
        "The Mediterranean-DASH Intervention for Neurodegenerative Delay (MIND) diet helped.",
        "She told FOX News and USA TODAY that she would run again.",
        "BREAKING: The senator resigned on Friday, her office said.",
        "UPDATE (Monday): This story was updated with the agency's comment.",
        "Officials said the CAR-T therapy and the X-RAY scans were approved.",
    ],
)
def test_acronyms_names_and_labels_are_not_shouting(text: str) -> None:
    _, out = run(text)
    assert cues(out, "shouting") == []


def test_shouting_words_and_runs() -> None:
    text = (
        "The mayor did NOT tell the truth.\n\n"
        "WHAT A DISGRACE this council has become!\n\n"
        "They knew, and they DON'T care."
    )
    doc, out = run(text)
    assert cues(out, "shouting") == ["NOT", "WHAT A DISGRACE", "DON'T"]
    # "WHAT A DISGRACE" is two shouted words; "A" is not counted.
    assert out.metrics["shouting_per_1k_words"] == pytest.approx(4 * 1000 / doc.word_count)


def test_subheads_in_capitals_are_layout_not_shouting() -> None:
    text = (
        "The study followed 2,000 women for ten years.\n\n"
        "WHEN SHOULD WOMEN GET A MAMMOGRAM?\n\n"
        "Experts disagree. BY THE NUMBERS Eight in ten women were screened."
    )
    _, out = run(text)
    assert cues(out, "shouting") == []


def test_a_word_defined_in_parentheses_is_an_acronym() -> None:
    text = "The Cardiac Arrest Response Effort (CARE) began in May. CARE enrolled 300 people."
    _, out = run(text)
    assert cues(out, "shouting") == []


# --- Words: pronouns, calls to action, intensity


def test_call_to_action_only_as_an_imperative() -> None:
    text = (
        "Many voters share this concern, a poll found. So please, share this post with your family."
    )
    _, out = run(text)
    assert cues(out, "call-to-action") == ["share this"]


def test_negated_hype_is_restraint() -> None:
    text = (
        "The new drug is no miracle cure, and it isn't a breakthrough either. "
        "It is not completely clear who will benefit."
    )
    _, out = run(text)
    assert cues(out, "hyperbole") == []
    assert cues(out, "intensifier") == []


def test_first_person_is_measured_but_not_scored() -> None:
    text = (
        "I have covered this council for ten years. "
        "We asked the mayor for comment; our calls were not returned. "
        "Veterans of World War I and the US Navy were honoured."
    )
    doc, out = run(text)
    per_k = 1000 / doc.word_count
    assert out.metrics["first_person_singular_per_1k_words"] == pytest.approx(1 * per_k)
    assert out.metrics["first_person_plural_per_1k_words"] == pytest.approx(2 * per_k)
    assert out.findings == ()
    assert out.score == 1.0


# --- Offsets, edge cases, size


def test_spans_are_exact_with_non_ascii_text() -> None:
    text = (
        "Zürich’s café owners — «très fâchés» — met on Dienstag. 🙂\n\n"
        "Ça suffit! The Bürgermeister was TOTALLY WRONG, and you know it?"
    )
    doc, out = run(text)
    assert_spans_exact(doc, out)
    assert cues(out, "exclamation") == ["!"]
    assert cues(out, "shouting") == ["TOTALLY WRONG"]
    assert cues(out, "reader-address") == ["you"]
    start = text.index("TOTALLY")
    (shout,) = of_kind(out, "shouting")
    assert (shout.spans[0].start, shout.spans[0].end) == (start, start + len("TOTALLY WRONG"))


def test_one_sentence_and_empty_title() -> None:
    _, out = run("You will not believe this!", title="")
    assert out.metrics["assertions"] == 1.0
    assert cues(out, "exclamation") == ["!"]
    assert cues(out, "reader-address") == ["You"]
    assert out.score == pytest.approx(math.exp(-SCORE_DECAY * 2))
    assert out.confidence == pytest.approx(1 / 11)


def test_only_a_heading_has_nothing_to_judge() -> None:
    _, out = run("City council budget")
    assert out.score is None
    assert out.confidence == 0.0
    assert out.metrics["assertions"] == 0.0


def test_findings_are_capped_per_kind_but_all_cues_count() -> None:
    text = " ".join(f"Vote number {i} passed!" for i in range(30))
    _, out = run(text)
    assert len(of_kind(out, "exclamation")) == MAX_FINDINGS_PER_KIND
    assert out.metrics["style_cues_per_assertion"] == pytest.approx(1.0)


@pytest.mark.parametrize("piece", ["! ", "YOU ARE WRONG! ", "you "])
def test_work_grows_linearly_on_repetitive_text(piece: str) -> None:
    # Lines of the style package run (not time): 8 times the text, about 8 times the work.
    outs: list[Outcome] = []

    def run(n: int) -> Callable[[], object]:
        doc = Analysis(make_document(piece * n))
        doc.tokens, doc.sentences, doc.quotations, doc.folded, doc.word_count  # noqa: B018
        return lambda: outs.append(Style().evaluate(doc, Context()))

    assert growth(package_of(style_package), run, 2_500, 8) <= 8 * 1.3
    assert all(out.score is not None and out.score < 0.2 for out in outs)
    for out in outs:
        assert len(out.findings) <= 6 * MAX_FINDINGS_PER_KIND
        assert all(len(f.spans) <= MAX_CUES_PER_FINDING + 1 for f in out.findings)


# --- Registration


def test_engine_lists_and_runs_it_through_its_entry_point() -> None:
    (entry,) = [
        ep for ep in importlib.metadata.entry_points(group="reliability") if ep.name == "style"
    ]
    assert entry.value == "reliability_heuristics.style"
    engine = Engine(Settings(), entry_points=False, plugins=[entry.load()])
    assert [info.name for info in engine.heuristics()] == ["style"]
    card = engine.score(make_document(POLEMIC))
    (result,) = card.heuristics
    assert result.status == Status.OK
    assert result.score is not None and result.score < 0.2
    assert result.metrics["assertions"] == 7.0
    for finding in result.findings:
        for span in finding.spans:
            assert POLEMIC[span.start : span.end] == span.text
