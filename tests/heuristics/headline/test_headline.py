"""The `headline` heuristic: clickbait form, and headline claims the body does not back."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import reliability_heuristics.headline as headline_package
from reliability_heuristics.headline import Headline
from work import growth, package_of

from reliability import Analysis, Context, Engine, Outcome, ScoreOptions, Status, make_document
from reliability.config import Settings

BODY = (
    "Police in Riverton arrested 12 people on Tuesday night after a protest outside city "
    "hall turned violent, the police chief said on Wednesday.\n\n"
    "Chief Dana Marsh said officers used pepper spray when a group of protesters threw "
    "bottles at a police line. Two officers were treated for minor injuries.\n\n"
    "The protest followed the shooting of a local man by an officer last week. The city "
    "council is due to review the department's use-of-force policy next month, council "
    "member Ray Okafor said. A spokesman for the NYPD, which trained Riverton officers, "
    "declined to comment."
)


def evaluate(text: str, title: str | None) -> Outcome:
    return Headline().evaluate(Analysis(make_document(text, title=title)), Context())


def kinds(outcome: Outcome) -> list[str]:
    return [f.kind for f in outcome.findings]


def messages(outcome: Outcome, kind: str) -> list[str]:
    return [f.message for f in outcome.findings if f.kind == kind]


def test_plain_headline_backed_by_the_body_scores_full() -> None:
    out = evaluate(BODY, "Police arrest 12 after Riverton protest turns violent")
    assert out.score == 1.0
    assert out.findings == ()
    assert out.metrics["headline_clickbait_cues"] == 0.0
    assert out.metrics["headline_unsupported_share"] == 0.0
    assert out.metrics["headline_unsupported_numbers"] == 0.0
    assert out.metrics["headline_length_words"] == 8.0
    assert 0.6 < out.confidence < 1.0


def test_clickbait_headline_is_reported_without_spans_and_scores_lower() -> None:
    plain = evaluate(BODY, "Police arrest 12 after Riverton protest turns violent")
    bait = evaluate(BODY, "BREAKING: You Won't Believe What Riverton Police Did To Protesters!")
    assert bait.score is not None and plain.score is not None
    assert bait.score < 0.3 < plain.score
    found = " ".join(messages(bait, "clickbait-headline"))
    for quoted in ("\u201cYou Won't Believe\u201d", "\u201cBREAKING\u201d", "exclamation"):
        assert quoted in found
    # The headline is not part of the text: no finding about its form can point into it.
    assert all(f.spans == () for f in bait.findings if f.kind == "clickbait-headline")
    assert float(bait.metrics["headline_clickbait_cues"]) >= 4
    assert bait.metrics["headline_forward_reference"] == 1.0
    assert bait.metrics["headline_exclamation"] == 1.0


def test_caps_for_emphasis_count_but_acronyms_do_not() -> None:
    out = evaluate(BODY, "NYPD-Trained Riverton Police DESTROY Protesters, Chief ADMITS")
    caps = messages(out, "clickbait-headline")
    shouted = next(m for m in caps if "capitals" in m)
    assert "\u201cDESTROY\u201d" in shouted and "\u201cADMITS\u201d" in shouted
    assert "NYPD" not in shouted  # the body writes it in capitals too: an acronym
    assert out.metrics["headline_caps_share"] == pytest.approx(2 / 7)


def test_headline_wholly_in_capitals_is_typography_not_emphasis() -> None:
    out = evaluate(BODY, "POLICE ARREST 12 AFTER RIVERTON PROTEST")
    assert out.metrics["headline_caps_share"] == 0.0
    assert not any("capitals" in m for m in messages(out, "clickbait-headline"))


def test_sensational_and_hype_words() -> None:
    out = evaluate(BODY, "Riverton chief slams protesters in shocking statement")
    assert out.metrics["headline_sensational_words"] == 2.0
    health = evaluate(
        "Researchers tested the drug in 40 patients with asthma. Symptoms eased in 22 of them "
        "over 12 weeks, the team reported in a medical journal. Larger trials are planned "
        "before regulators consider the treatment.",
        "Miracle drug a breakthrough for asthma patients",
    )
    (hype,) = [m for m in messages(health, "clickbait-headline") if "hype" in m]
    assert "\u201cMiracle\u201d" in hype and "\u201cbreakthrough\u201d" in hype


def test_question_and_second_person() -> None:
    out = evaluate(BODY, "Is your city's police force ready for protests?")
    assert out.metrics["headline_question"] == 1.0
    assert any("addresses the reader" in m for m in messages(out, "clickbait-headline"))
    assert out.metrics["headline_exclamation"] == 0.0


def test_listicle_number_is_a_cue_not_an_unsupported_figure() -> None:
    out = evaluate(BODY, "7 reasons the Riverton protest turned violent")
    assert any("numbered list" in m for m in messages(out, "clickbait-headline"))
    assert out.metrics["headline_unsupported_numbers"] == 0.0


def test_number_absent_from_body_points_at_the_body_figures() -> None:
    out = evaluate(BODY, "Police arrest 40 after Riverton protest turns violent")
    assert out.metrics["headline_unsupported_numbers"] == 1.0
    (finding,) = [f for f in out.findings if f.kind == "headline-number-unsupported"]
    assert finding.severity == "major"
    assert "\u201c40\u201d" in finding.message
    # The body's cardinal figures, for the reader to compare.
    assert [s.text for s in finding.spans] == ["12", "Two"]
    text = BODY
    for span in finding.spans:
        assert text[span.start : span.end] == span.text
        assert span.role == "figure"
    assert out.score is not None and out.score < 0.6


def test_numbers_match_in_words_and_within_rounding() -> None:
    body = (
        "Unemployment fell to 39.6% of the 2019 peak in the region, officials said, and "
        "forty new firms registered in the first quarter of the year. The regional "
        "development agency said it expected hiring to slow in the summer, when seasonal "
        "work in farming and tourism usually ends."
    )
    out = evaluate(body, "Jobless rate falls to 40% of 2019 peak as 40 firms open")
    assert out.metrics["headline_unsupported_numbers"] == 0.0
    wrong_year = evaluate(body, "Jobless rate falls to 40% of 2018 peak")
    assert wrong_year.metrics["headline_unsupported_numbers"] == 1.0


def test_name_absent_from_body() -> None:
    out = evaluate(BODY, "Riverton chief blames Lopez for protest violence")
    assert out.metrics["headline_unsupported_names"] == 1.0
    (message,) = messages(out, "headline-name-unsupported")
    assert "\u201cLopez\u201d" in message
    named = evaluate(BODY, "Riverton chief Marsh defends officers after protest")
    assert named.metrics["headline_unsupported_names"] == 0.0


def test_words_are_matched_loosely() -> None:
    # "shootings" finds "shooting", "protests" finds "protest", "arrests" finds "arrested".
    out = evaluate(BODY, "Shootings, protests and arrests in Riverton")
    assert out.metrics["headline_unsupported_share"] == 0.0


def test_mostly_unsupported_headline_is_reported() -> None:
    out = evaluate(BODY, "Mayor resigns as riot engulfs downtown stadium")
    assert float(out.metrics["headline_unsupported_share"]) >= 0.8
    (message,) = messages(out, "headline-unsupported")
    assert "\u201cstadium\u201d" in message
    assert out.score is not None and out.score < 0.5


def test_opening_paragraph_repeating_the_headline_is_not_the_body() -> None:
    title = "Mayor resigns as riot engulfs downtown stadium"
    repeated = f"{title}\n\n{BODY}"
    out = evaluate(repeated, title)
    assert float(out.metrics["headline_unsupported_share"]) >= 0.8


def test_no_title_gives_no_score() -> None:
    for title in (None, "", "   "):
        out = evaluate(BODY, title)
        assert out.score is None
        assert out.confidence == 0.0
        assert out.findings == ()


def test_one_sentence_body_is_too_short_to_check_the_headline_against() -> None:
    text = "Police arrested a man on Tuesday."
    out = evaluate(text, "SHOCKING: 40 arrested in Riverton")
    assert out.metrics["headline_unsupported_numbers"] == 0.0
    assert "headline-number-unsupported" not in kinds(out)
    assert "too short" in out.summary
    long = evaluate(BODY, "SHOCKING: 40 arrested in Riverton")
    assert out.confidence < long.confidence


def test_spans_are_right_with_non_ascii_text() -> None:
    body = (
        "Em São Paulo, a polícia deteve 12 manifestantes — “foram 12”, disse o porta-voz "
        "Jo\u0303ao Müller — após o protesto de terça-feira. A prefeitura não comentou. "
        "Os manifestantes protestavam contra o aumento da tarifa de ônibus na cidade, que "
        "passou a valer na segunda-feira e atinge milhões de passageiros por dia."
    )
    out = evaluate(body, "Polícia de São Paulo detém 40 manifestantes")
    (finding,) = [f for f in out.findings if f.kind == "headline-number-unsupported"]
    assert [s.text for s in finding.spans] == ["12", "12"]
    for span in finding.spans:
        assert body[span.start : span.end] == span.text


def test_metrics_are_finite_numbers() -> None:
    out = evaluate(BODY, "BREAKING: 10 Ways Riverton Police DESTROYED Protesters?!")
    assert set(out.metrics) == {
        "headline_length_words",
        "headline_clickbait_cues",
        "headline_forward_reference",
        "headline_sensational_words",
        "headline_caps_share",
        "headline_question",
        "headline_exclamation",
        "headline_unsupported_share",
        "headline_unsupported_numbers",
        "headline_unsupported_names",
    }
    for value in out.metrics.values():
        assert isinstance(value, float) and math.isfinite(value)
    assert out.score is not None and 0.0 <= out.score <= 1.0


def test_engine_lists_and_runs_it_through_its_entry_point() -> None:
    engine = Engine(Settings())
    assert "headline" in [h.name for h in engine.heuristics()]
    doc = make_document(BODY, title="Police arrest 40 after Riverton protest")
    card = engine.score(doc, options=ScoreOptions(include=["headline"]))
    (result,) = card.heuristics
    assert result.name == "headline" and result.status == Status.OK
    (finding,) = [f for f in result.findings if f.kind == "headline-number-unsupported"]
    assert [s.text for s in finding.spans] == ["12", "Two"]


@pytest.mark.parametrize("piece", ["! ", "Police said. "])
def test_work_grows_linearly_on_repetitive_text(piece: str) -> None:
    # Lines of the headline package run (not time): 8 times the text, about 8 times the work.
    title = "SHOCKING: Police Did THIS, Here's Why 40 Matter"
    outs: list[Outcome] = []

    def run(n: int) -> Callable[[], object]:
        doc = Analysis(make_document(piece * n, title=title))
        # The shared analysis is every heuristic's, built before; only this one's work counts.
        doc.folded, doc.numbers, doc.paragraphs, doc.word_count  # noqa: B018
        return lambda: outs.append(Headline().evaluate(doc, Context()))

    assert growth(package_of(headline_package), run, 20_000, 8) <= 8 * 1.3
    assert all(out.score is not None for out in outs)
