"""Unit tests of the loaded-language heuristic, run directly on analysed documents."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from reliability import Analysis, Context, Heuristic, Outcome, Severity, make_document

from reliability_loaded_language import LoadedLanguage, register_heuristics
from reliability_loaded_language.lexicon import lemma, load, term_keys

PLUGIN_ROOT = Path(__file__).resolve().parent.parent

# Sentences of straight news: none of them is loaded.
NEUTRAL = (
    "Two Russian military cargo planes landed in Caracas on Saturday, officials said. "
    "The United States deployed warships to the Caribbean in August and has launched "
    "strikes against at least 16 boats, killing more than 60 people. The attack "
    "prompted a debate in the Security Council about the crisis. Analysts said the "
    "government's ultimate goal was regime change. The new tax regime takes effect in "
    "January. A truck slammed into a barrier on the highway, and the driver was killed. "
    "The war has lasted three years, and the ministry published casualty figures on "
    "Monday."
)


def evaluate(text: str) -> tuple[Outcome, str]:
    """Run the heuristic on `text`, checking every span points at the text it claims."""
    doc = Analysis(make_document(text))
    outcome = LoadedLanguage().evaluate(doc, Context())
    for finding in outcome.findings:
        assert finding.kind == "loaded-language"
        for span in finding.spans:
            assert doc.text[span.start : span.end] == span.text
            assert span.role == "cue"
    return outcome, doc.text


def flagged(outcome: Outcome) -> list[str]:
    """The span texts of the findings, in order."""
    return [finding.spans[0].text for finding in outcome.findings]


def test_flags_regime_as_a_derogatory_label() -> None:
    outcome, text = evaluate("The Trump regime wants to topple the government in Caracas.")
    (finding,) = outcome.findings
    (span,) = finding.spans
    assert span.text == "regime"
    assert text[span.start : span.end] == "regime"
    assert span.start == text.index("regime")
    assert finding.severity is Severity.MINOR
    assert "derogatory label" in finding.message and '"regime"' in finding.message
    assert outcome.metrics["loaded_terms"] == 1
    assert outcome.score is not None and outcome.score < 1.0


def test_flags_boorishness() -> None:
    outcome, _ = evaluate("The minister's boorishness at the summit embarrassed his hosts.")
    assert flagged(outcome) == ["boorishness"]
    assert outcome.findings[0].severity is Severity.MINOR


def test_an_amplifier_joins_the_loaded_word_and_strengthens_it() -> None:
    outcome, _ = evaluate("This is total boorishness on a global scale, the editorial said.")
    (finding,) = outcome.findings
    assert finding.spans[0].text == "total boorishness"
    assert finding.severity is Severity.MAJOR
    assert '"total"' in finding.message


def test_flags_shockingly_overt_as_one_span() -> None:
    text = (
        "Two planes landed in Caracas, in a shockingly overt demonstration of support "
        "for the government."
    )
    outcome, full = evaluate(text)
    (finding,) = outcome.findings
    (span,) = finding.spans
    assert span.text == "shockingly overt"
    assert span.start == full.index("shockingly")
    assert finding.severity is Severity.MINOR
    assert "intensifier" in finding.message


def test_just_propaganda_is_strongly_loaded() -> None:
    text = "Obviously, the drug trafficking allegations are just propaganda."
    outcome, full = evaluate(text)
    (finding,) = outcome.findings
    (span,) = finding.spans
    assert (span.start, span.end) == (full.index("just"), full.index("propaganda") + 10)
    assert span.text == "just propaganda"
    assert finding.severity is Severity.MAJOR
    assert "dismissive" in finding.message and "derogatory label" in finding.message
    assert outcome.metrics["major_terms"] == 1


def test_propaganda_alone_is_minor() -> None:
    outcome, _ = evaluate("State television broadcast propaganda about the harvest.")
    assert flagged(outcome) == ["propaganda"]
    assert outcome.findings[0].severity is Severity.MINOR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Critics slammed the decision.", ["slammed"]),
        ("The senator slams the plan every week.", ["slams"]),
        ("She is slamming the new rules.", ["slamming"]),
        ("Such regimes rarely last.", ["regimes"]),
        ("The regime\u2019s envoy left.", ["regime"]),
        ("Armed thugs beat the protesters.", ["thugs"]),
        ("He called the minister a puppet of Moscow.", ["puppet"]),
        ("The so-called reform changed nothing.", ["so-called"]),
        ("It was a puppet regime from the start.", ["puppet regime"]),
    ],
)
def test_matches_inflections_and_phrases(text: str, expected: list[str]) -> None:
    outcome, _ = evaluate(text)
    assert flagged(outcome) == expected


def test_does_not_flag_neutral_news_sentences() -> None:
    outcome, _ = evaluate(NEUTRAL)
    assert outcome.findings == ()
    assert outcome.score == 1.0
    assert outcome.metrics["loaded_terms"] == 0
    assert outcome.metrics["loaded_per_1000_words"] == 0
    assert outcome.summary.startswith("No loaded wording")


def test_neutral_usages_win_over_the_loaded_word_inside_them() -> None:
    outcome, _ = evaluate(
        "Officials discussed regime change. The sanctions regime was tightened. "
        "A car slammed into a wall."
    )
    assert outcome.findings == ()


def test_a_phrase_does_not_run_across_a_paragraph_break() -> None:
    outcome, _ = evaluate("The allegations were just\n\npropaganda from the ministry.")
    assert flagged(outcome) == ["propaganda"]
    assert outcome.findings[0].severity is Severity.MINOR


def test_quoted_wording_is_info_and_does_not_count_against_the_author() -> None:
    text = (
        "Foreign Ministry spokeswoman Maria Zakharova said: "
        "\u201cThis is total boorishness on a global scale.\u201d "
        "The ministry did not give details."
    )
    outcome, _ = evaluate(text)
    (finding,) = outcome.findings
    assert finding.spans[0].text == "total boorishness"
    assert finding.severity is Severity.INFO
    assert "quotation" in finding.message
    assert outcome.score == 1.0
    assert outcome.metrics["in_quotes"] == 1
    assert outcome.metrics["loaded_terms"] == 0
    assert "inside quotations" in outcome.summary


def test_the_same_word_counts_outside_quotes_and_not_inside() -> None:
    text = (
        'The regime said the report was "propaganda" and threatened reporters. '
        "Officials repeated the claim on Monday."
    )
    outcome, _ = evaluate(text)
    severities = {f.spans[0].text: f.severity for f in outcome.findings}
    assert severities == {"regime": Severity.MINOR, "propaganda": Severity.INFO}
    words = Analysis(make_document(text)).word_count
    assert outcome.metrics == {
        "loaded_per_1000_words": pytest.approx(1000 / words, abs=1e-3),
        "loaded_terms": 1.0,
        "major_terms": 0.0,
        "in_quotes": 1.0,
    }


def test_score_falls_with_density_and_strength() -> None:
    base = NEUTRAL + " "
    one, _ = evaluate(base + "The regime denied it.")
    three, _ = evaluate(base + "The regime denied it. Its thugs and puppets agreed.")
    strong, _ = evaluate(base + "The denials were just propaganda.")
    assert one.score is not None and three.score is not None and strong.score is not None
    assert 1.0 > one.score > three.score
    assert one.score > strong.score  # one strongly loaded phrase weighs two


def test_score_follows_the_documented_formula() -> None:
    import math

    outcome, text = evaluate(NEUTRAL + " The regime denied it.")
    words = Analysis(make_document(text)).word_count
    expected = math.exp(-(1000 * 1 / max(words, 200)) / 8)
    assert outcome.score == pytest.approx(expected, abs=1e-4)
    assert outcome.confidence == pytest.approx(1 - math.exp(-words / 300), abs=1e-4)


def test_confidence_grows_with_length() -> None:
    short, _ = evaluate("The regime denied it.")
    long, _ = evaluate(" ".join([NEUTRAL] * 8))
    assert short.confidence < 0.1
    assert long.confidence > 0.9
    assert short.confidence < long.confidence


def test_text_without_words_has_no_score() -> None:
    outcome, _ = evaluate("\u2014 ... !")
    assert outcome.score is None
    assert outcome.confidence == 0.0
    assert outcome.findings == ()


def test_heuristic_metadata_and_registration() -> None:
    heuristic = LoadedLanguage()
    assert isinstance(heuristic, Heuristic)
    assert heuristic.name == "loaded-language"
    assert heuristic.version == "1.0.0"
    assert heuristic.description
    assert heuristic.default_weight == 0.5
    registered: list[Heuristic] = []
    register_heuristics(registered.append)
    assert [h.name for h in registered] == ["loaded-language"]
    # The @hookimpl marker is what pluggy looks for on the entry-point module.
    assert hasattr(register_heuristics, "reliability_impl")


def test_lemma_sends_inflections_to_one_key() -> None:
    assert lemma("slammed") == lemma("slams") == lemma("slamming") == lemma("slam")
    assert lemma("regimes") == lemma("regime") == lemma("Regime\u2019s")
    assert lemma("cronies") == lemma("crony")
    assert lemma("vilified") == lemma("vilify")
    assert lemma("boorishness") == "boorishness"
    assert term_keys("so-called") == (("so-call",), ("so", "-", "call"))


def test_lexicon_is_focused_and_sourced() -> None:
    entries = set(load().phrases.values())
    assert {entry.source for entry in entries} == {"vader", "curated"}
    terms = {entry.term for entry in entries}
    assert {"regime", "boorishness", "propaganda", "puppet", "thug", "slam"} <= terms
    # Ordinary news vocabulary is not loaded language.
    for word in ("war", "attack", "crisis", "killed", "kill", "death", "terrorist", "dead"):
        assert lemma(word) not in {keys[0] for keys in load().phrases if len(keys) == 1}, word


def test_lexicon_file_matches_its_build_script() -> None:
    """The TSV is what scripts/build_lexicon.py writes (VADER valences aside)."""
    module = _load_build_script()
    rows = {(e.term, e.category, e.strength, e.source) for e in load().phrases.values()}
    curated = {(t, c, s, "curated") for t, (c, s) in module.CURATED.items()}
    vader_terms = {(e.term, e.category) for e in load().phrases.values() if e.source == "vader"}
    assert curated <= rows
    assert vader_terms == {
        (t, c) for t, c in module.VADER_SELECTION.items() if t not in module.CURATED
    }
    assert len(rows) == len(curated) + len(vader_terms)


def _load_build_script() -> ModuleType:
    path = PLUGIN_ROOT / "scripts" / "build_lexicon.py"
    spec = importlib.util.spec_from_file_location("_build_lexicon_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
