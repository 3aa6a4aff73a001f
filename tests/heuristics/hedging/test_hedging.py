"""The built-in `hedging` heuristic: cues, disambiguation, attribution and the score."""

from __future__ import annotations

import importlib.metadata
import math
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest
from reliability_heuristics.attribution.product import Relation, Relations
from reliability_heuristics.hedging import findings as scoring
from reliability_heuristics.hedging import heuristic as hedging
from reliability_heuristics.hedging import lexicon
from reliability_heuristics.hedging.heuristic import Hedging
from work import growth, package_of

from reliability import (
    Analysis,
    Context,
    Document,
    Finding,
    Heuristic,
    Outcome,
    Severity,
    Span,
)
from reliability.document import make_document

# The seed-000 sentences the heuristic was first built against, quoted verbatim.
SEED_ATTRIBUTED = (
    "The TV channel suggested that the ship may have a lot of military equipment "
    "or humanitarian supplies of a strategic nature."
)
SEED_BOOSTER = "Obviously, the drug trafficking allegations are just propaganda."

NEUTRAL = (
    "The Il-76 transport plane landed in Caracas on Saturday. "
    "It carried 35 tons of cargo, the airport's records show. "
    "The flight took eleven hours."
)


def run(text: str) -> tuple[Analysis, Outcome]:
    doc = Analysis(make_document(text))
    return doc, Hedging().evaluate(doc, Context())


def kinds(outcome: Outcome, kind: str) -> list[Finding]:
    return [f for f in outcome.findings if f.kind == kind]


def cue_texts(outcome: Outcome, kind: str) -> list[str]:
    return [s.text for f in kinds(outcome, kind) for s in f.spans if s.role == "cue"]


def assert_spans_exact(doc: Analysis, outcome: Outcome) -> None:
    for finding in outcome.findings:
        assert finding.spans, finding
        for span in finding.spans:
            assert doc.text[span.start : span.end] == span.text
            assert span.role in ("cue", "claim")


# --- Neutral text


def test_neutral_text_has_no_findings_and_full_score() -> None:
    _, out = run(NEUTRAL)
    assert out.findings == ()
    assert out.score == 1.0
    assert out.metrics["hedges_per_1000_words"] == 0.0
    assert out.metrics["assertions"] == 3.0


# --- Seed 000


def test_seed_attributed_hedge_is_not_speculation() -> None:
    # With the channel introduced first, "The TV channel" is a real source.
    intro = "Zvezda, a Russian TV channel, covered the flight. "
    doc, out = run(intro + SEED_ATTRIBUTED)
    assert cue_texts(out, "hedge") == ["suggested that", "may"]
    assert all(f.severity is Severity.INFO for f in kinds(out, "hedge"))
    assert kinds(out, "speculation") == []
    assert out.metrics["attributed_hedges"] == 2.0
    assert out.score == 1.0
    assert_spans_exact(doc, out)


def test_seed_outlet_citing_itself_is_speculation() -> None:
    # In seed 000 no channel is named before: "The TV channel" is the outlet
    # itself, so the guess is the writer's own.
    doc, out = run(SEED_ATTRIBUTED)
    (finding,) = kinds(out, "speculation")
    assert [s.text for s in finding.spans if s.role == "cue"] == ["suggested that", "may"]
    assert out.metrics["attributed_hedges"] == 0.0
    assert_spans_exact(doc, out)


def test_seed_claim_without_attribution_is_speculation() -> None:
    text = "The ship may have a lot of military equipment or humanitarian supplies."
    doc, out = run(text)
    (finding,) = kinds(out, "speculation")
    assert finding.severity is Severity.MINOR
    cue, claim = finding.spans
    assert (cue.text, cue.role) == ("may", "cue")
    assert (claim.text, claim.role) == (text, "claim")
    assert text[cue.start : cue.end] == "may"
    assert out.score is not None and out.score < 1.0
    assert_spans_exact(doc, out)


def test_seed_booster_is_unearned_certainty() -> None:
    doc, out = run(SEED_BOOSTER)
    (finding,) = kinds(out, "unearned-certainty")
    assert finding.severity is Severity.MAJOR
    cue, claim = finding.spans
    assert (cue.start, cue.end, cue.text, cue.role) == (0, 9, "Obviously", "cue")
    assert (claim.text, claim.role) == (SEED_BOOSTER, "claim")
    assert "beyond doubt" in finding.message
    assert out.metrics["unearned_certainty"] == 1.0
    assert_spans_exact(doc, out)


# --- Each cue type


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The convoy might reach the border by Friday.", "might"),
        ("The cargo was possibly military hardware.", "possibly"),
        ("Perhaps the talks will resume next month.", "Perhaps"),
        ("The minister will probably resign.", "probably"),
        ("The plane apparently landed without permission.", "apparently"),
        ("The deal seems fragile.", "seems"),
        ("The fire appears to have started in the kitchen.", "appears to"),
        ("A ceasefire is unlikely before the election.", "unlikely"),
        ("It is believed that the ship carried weapons.", "It is believed"),
        ("The leak is thought to have come from the ministry.", "thought to"),
        ("The fire was arguably deliberate.", "arguably"),
        ("This suggests that the fire was deliberate.", "suggests that"),
    ],
)
def test_author_hedges_are_speculation(text: str, cue: str) -> None:
    doc, out = run(text)
    assert cue in cue_texts(out, "hedge")
    assert cue in cue_texts(out, "speculation")
    assert_spans_exact(doc, out)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The strikes allegedly killed 60 civilians.", "allegedly"),
        ("Maduro's government reportedly seeks military aid.", "reportedly"),
        ("The purported plan was never published.", "purported"),
        ("Police arrested two suspected smugglers.", "suspected"),
    ],
)
def test_evidential_hedges_credit_others(text: str, cue: str) -> None:
    _, out = run(text)
    assert cue_texts(out, "hedge") == [cue]
    assert kinds(out, "speculation") == []
    assert out.metrics["attributed_hedges"] == 1.0
    assert "credits the claim to others" in kinds(out, "hedge")[0].message


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("It is unclear who owns the aircraft.", "unclear"),
        ("The unconfirmed figure circulated online.", "unconfirmed"),
        ("The video could not be independently verified.", "could not be independently verified"),
    ],
)
def test_open_questions_are_honest(text: str, cue: str) -> None:
    _, out = run(text)
    assert cue_texts(out, "hedge") == [cue]
    assert kinds(out, "speculation") == []
    assert out.score == 1.0


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Some say the sanctions have failed.", "Some say"),
        ("Critics argue that the reward is political.", "Critics argue"),
        ("Many believe the election was stolen.", "Many believe"),
        ("It is widely believed that the oil fields are the real target.", None),
        ("Experts say the drones came from Iran.", "Experts say"),
        ("Observers noted a rise in troop movements.", "Observers noted"),
        ("Some analysts expect a ground operation.", "Some analysts"),
        ("Foreign policy analysts have contended that the goal is regime change.", None),
        ("The general is considered a hardliner.", "is considered"),
    ],
)
def test_weasels(text: str, cue: str | None) -> None:
    doc, out = run(text)
    (finding,) = kinds(out, "weasel")
    assert finding.severity is Severity.MINOR
    cue_span, claim = finding.spans
    if cue is not None:
        assert cue_span.text == cue
    assert claim.role == "claim"
    assert out.metrics["weasels_per_1000_words"] > 0
    assert_spans_exact(doc, out)


def test_weasel_phrase_spans_the_whole_phrase() -> None:
    _, out = run("It is widely believed that the oil fields are the real target.")
    assert cue_texts(out, "weasel") == ["It is widely believed"]
    _, out = run("Foreign policy analysts have contended that the goal is regime change.")
    assert cue_texts(out, "weasel") == ["analysts have contended"]


@pytest.mark.parametrize(
    "text",
    [
        "UN experts say the strikes were extrajudicial executions.",
        "United Nations (UN) experts have warned that the killings are extrajudicial.",
        "Some experts at Harvard say the drones came from Iran.",
        "The analysts said the data were incomplete.",
        "According to some 30 witnesses, the plane landed at night.",
        "The proposal is considered by the Kremlin a provocation.",
    ],
)
def test_specified_groups_are_not_weasels(text: str) -> None:
    _, out = run(text)
    assert kinds(out, "weasel") == []


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Clearly, the sanctions have failed.", "Clearly"),
        ("The reward is undoubtedly political.", "undoubtedly"),
        ("Of course, the blockade is illegal.", "Of course"),
        ("There is no doubt that the drones came from Iran.", "There is no doubt"),
        ("Everyone knows the election was rigged.", "Everyone knows"),
        ("The plan will certainly fail.", "certainly"),
        ("No one can deny that the oil is the real prize.", "No one can deny"),
        ("It is clear that Moscow wants a foothold.", "It is clear that"),
    ],
)
def test_boosters_on_unattributed_claims(text: str, cue: str) -> None:
    doc, out = run(text)
    assert cue_texts(out, "unearned-certainty") == [cue]
    assert out.metrics["boosters_per_1000_words"] > 0
    assert_spans_exact(doc, out)


def test_almost_certainly_is_a_hedge_not_a_booster() -> None:
    _, out = run("The plan will almost certainly fail.")
    assert cue_texts(out, "hedge") == ["almost certainly"]
    assert kinds(out, "unearned-certainty") == []


def test_negated_booster_is_not_certainty() -> None:
    _, out = run("The cause is not clearly established.")
    assert kinds(out, "unearned-certainty") == []


# --- Disambiguation


@pytest.mark.parametrize(
    "text",
    [
        "In May 2020, an invasion of Venezuela by dissidents took place.",
        "May 5 was the hottest day of the year.",
        "Former prime minister Theresa May resigned in 2019.",
        "You may apply online until Friday.",
        "Visitors may not enter the building after dark.",
        "Be that as it may, the vote went ahead.",
        "Officials could not confirm the report.",
        "The spokesman could not be reached for comment.",
        "Reporters on the ground could not identify the cargo.",
        "Polls of likely voters show a tight race.",
        "She spoke clearly and slowly.",
        "The exits were clearly marked.",
        "Russia's military might is stretched by the war.",
        "The army moved as quickly as possible.",
        "The coal was piled about as high as it could go.",
        "Turnout fell, as might be expected in a storm.",
        "Insurers released the cash so the company could start the cleanup.",
        "The rebels withdrew so that talks might begin.",
        "I believe in the good sense of the American people.",
        "The most widely seen video of the landing was filmed by a tourist.",
    ],
)
def test_non_hedge_uses_are_ignored(text: str) -> None:
    _, out = run(text)
    assert out.findings == (), [f.message for f in out.findings]


def test_may_in_a_date_is_not_a_hedge_but_modal_may_is() -> None:
    _, out = run("In May 2020, officials warned. The ship may sink in May.")
    assert cue_texts(out, "hedge") == ["may"]


def test_epistemic_may_not_is_still_a_hedge() -> None:
    _, out = run("The aid may not arrive in time.")
    assert cue_texts(out, "speculation") == ["may"]


# --- Attributed and author's own voice


@pytest.mark.parametrize(
    "text",
    [
        "\u201cThe ship may carry weapons,\u201d the captain said.",
        "The minister said the ship may carry weapons.",
        "According to the Washington Post, Venezuela may have requested missiles.",
        "Moscow believes the sanctions could collapse.",
        "The report added that the plane possibly carried advisers.",
        "Analysts at the Brookings Institution warned that talks might fail.",
        "The family said the pilot may have been detained.",
        "Officials have repeatedly said the cargo might include drones.",
        "Economists cautioned that the tax plan might well change.",
        "Then someone asked how the senator could inspire young voters.",
        "Many Democrats are afraid that turnout may fall.",
        "The ad cites a report that the losses may have erased his tax bill.",
        "Washington continued to view Maduro as someone who could be stripped of power.",
    ],
)
def test_attributed_hedges_are_honest(text: str) -> None:
    _, out = run(text)
    assert kinds(out, "hedge")
    assert kinds(out, "speculation") == []
    hedges = [f for f in kinds(out, "hedge") if "scale unstated" not in f.message]
    assert out.metrics["attributed_hedges"] == len(hedges)
    assert out.score == 1.0


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the allegations were obviously false.",
        "\u201cObviously, this is propaganda,\u201d the ambassador told reporters.",
    ],
)
def test_attributed_boosters_are_not_unearned(text: str) -> None:
    _, out = run(text)
    assert kinds(out, "unearned-certainty") == []
    assert out.metrics["boosters_per_1000_words"] > 0


def test_weasel_inside_quotation_is_the_speakers() -> None:
    _, out = run("\u201cSome say the deal is dead,\u201d the envoy said.")
    assert kinds(out, "weasel") == []


@pytest.mark.parametrize(
    "text",
    [
        "I think the ship may carry weapons.",
        "This suggests that the ship may carry weapons.",
        "It is said that the cargo could be weapons.",
    ],
)
def test_writer_voice_is_not_attribution(text: str) -> None:
    _, out = run(text)
    assert kinds(out, "speculation") or kinds(out, "weasel")
    assert out.score is not None and out.score < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "The ship may be carrying arms, because its crew refused an inspection.",
        "The cargo may be weapons, as its contents have not been confirmed.",
        "If the talks fail, prices could rise sharply.",
        "Based on the flight records, the plane probably stopped in Syria.",
    ],
)
def test_hedge_with_stated_reason_is_honest(text: str) -> None:
    _, out = run(text)
    assert kinds(out, "hedge")
    assert kinds(out, "speculation") == []
    assert "reason" in kinds(out, "hedge")[0].message


def test_one_speculation_finding_per_sentence() -> None:
    _, out = run("The ship may possibly carry arms.")
    (finding,) = kinds(out, "speculation")
    assert [s.text for s in finding.spans if s.role == "cue"] == ["may", "possibly"]
    assert len(kinds(out, "hedge")) == 2


# --- Vague quantities, generalisations and prominence (reported, never scored)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Many residents fled the city.", "Many"),
        ("Some dialects kept the old vowel.", "Some"),
        ("Several ships were turned away.", "several"),
        ("The law is generally respected.", "generally"),
        ("In some cases, the fines were waived.", "In some cases"),
        ("The port is famous for its fish market.", "famous"),
        ("It is one of the most visited sites in the country.", "one of the most"),
    ],
)
def test_vague_cues_are_reported_but_cost_nothing(text: str, cue: str) -> None:
    doc, out = run(text)
    assert [s.text.lower() for s in cue_texts_spans(out)] == [cue.lower()]
    assert kinds(out, "speculation") == [] and kinds(out, "weasel") == []
    assert "scale unstated" in kinds(out, "hedge")[0].message
    assert out.metrics["vague_per_1000_words"] > 0
    assert out.metrics["hedges_per_1000_words"] == 0.0
    assert out.score == 1.0
    assert_spans_exact(doc, out)


def cue_texts_spans(outcome: Outcome) -> list[Span]:
    return [s for f in kinds(outcome, "hedge") for s in f.spans if s.role == "cue"]


@pytest.mark.parametrize(
    "text",
    [
        "How many ships were turned away?",
        "According to some 30 witnesses, the plane landed at night.",
        "The White House began discussing the possibility of a ground operation.",
    ],
)
def test_counts_and_questions_are_not_vague(text: str) -> None:
    _, out = run(text)
    assert out.findings == (), [f.message for f in out.findings]


def test_vague_group_with_a_verb_of_saying_is_still_a_weasel() -> None:
    _, out = run("Some analysts expect a ground operation.")
    assert cue_texts(out, "weasel") == ["Some analysts"]
    assert kinds(out, "hedge") == []


@pytest.mark.parametrize(
    ("text", "kind", "cue"),
    [
        ("The general is widely seen as a hardliner.", "weasel", "is widely seen"),
        ("The general is seen as a hardliner.", "weasel", "is seen as"),
        ("The plan may be considered a failure.", "weasel", "be considered"),
        ("It is not known whether the ship was armed.", "hedge", "whether"),
        ("The cause of the fire is unknown.", "hedge", "unknown"),
        ("The image was reported to have appeared on a wall.", "hedge", "reported to have"),
        ("Critics of the plan claim that it costs too much.", "hedge", "claim that"),
        ("The timing is suggesting a link to the election.", "hedge", "suggesting"),
        ("There is a possibility that the talks collapse.", "hedge", "possibility that"),
    ],
)
def test_added_cue_classes(text: str, kind: str, cue: str) -> None:
    doc, out = run(text)
    assert cue in cue_texts(out, kind)
    assert_spans_exact(doc, out)


@pytest.mark.parametrize(
    "text",
    [
        "Zvezda is a state TV channel. The channel suggested that the ship may sink.",
        "The Kremlin TV channel suggested that the ship may sink.",
        "The report added that the plane possibly carried advisers.",
    ],
)
def test_outlets_with_an_antecedent_or_a_name_are_sources(text: str) -> None:
    _, out = run(text)
    assert kinds(out, "hedge")
    assert kinds(out, "speculation") == []


# --- The seed articles


SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def seed(prefix: str) -> Analysis:
    (path,) = SEEDS.glob(f"{prefix}_*.json")
    return Analysis(msgspec.json.decode(path.read_bytes(), type=Document))


def test_seed_000_booster_and_speculation_and_may_2020() -> None:
    doc = seed("000")
    out = Hedging().evaluate(doc, Context())
    assert_spans_exact(doc, out)
    (booster,) = kinds(out, "unearned-certainty")
    cue = booster.spans[0]
    assert (cue.text, cue.role) == ("Obviously", "cue")
    assert doc.text[cue.start : cue.start + 60].startswith("Obviously, the drug trafficking")
    (speculation,) = kinds(out, "speculation")
    may = next(s for s in speculation.spans if s.text == "may")
    assert doc.text[may.start : may.start + 36] == "may have a lot of military equipment"
    claim = speculation.spans[-1]
    assert claim.role == "claim" and claim.text.startswith("The TV channel suggested")
    # "In May 2020" is a date, not a hedge.
    month = doc.text.index("In May 2020") + 3
    assert all(s.start != month for f in out.findings for s in f.spans)


def test_seed_000_scores_lower_than_002() -> None:
    out_000 = Hedging().evaluate(seed("000"), Context())
    out_002 = Hedging().evaluate(seed("002"), Context())
    assert out_000.score is not None and out_002.score is not None
    assert out_000.score < out_002.score


# --- Metrics, score and confidence


def test_metrics_are_reported() -> None:
    intro = "Zvezda, a TV channel, covered the flight."
    text = " ".join([NEUTRAL, intro, SEED_ATTRIBUTED, SEED_BOOSTER, "The ship may sink."])
    doc, out = run(text)
    m = out.metrics
    assert set(m) >= {
        "hedges_per_1000_words",
        "boosters_per_1000_words",
        "weasels_per_1000_words",
        "hedges_per_assertion",
        "speculation",
        "unearned_certainty",
        "attributed_hedges",
    }
    assert m["hedges_per_1000_words"] == pytest.approx(3 * 1000 / doc.word_count)
    assert m["boosters_per_1000_words"] == pytest.approx(1000 / doc.word_count)
    assert m["hedges_per_assertion"] == pytest.approx(3 / 7)
    assert (m["speculation"], m["unearned_certainty"], m["attributed_hedges"]) == (1, 1, 2)
    assert_spans_exact(doc, out)


def test_unearned_certainty_costs_more_than_speculation() -> None:
    base = NEUTRAL + " "
    _, spec = run(base + "The ship may sink.")
    _, weasel = run(base + "Some say the ship will sink.")
    _, boost = run(base + "Obviously the ship will sink.")
    assert spec.score is not None and weasel.score is not None and boost.score is not None
    assert spec.score == pytest.approx(weasel.score)
    assert 1.0 > spec.score > boost.score > 0.0


def test_score_formula() -> None:
    text = NEUTRAL + " The ship may sink. Obviously the ship will sink."
    _, out = run(text)
    assert out.score == pytest.approx(
        math.exp(-scoring.SCORE_DECAY * (1 + scoring.UNEARNED_WEIGHT) / 5)
    )


def test_confidence_grows_with_assertions() -> None:
    _, short = run("The ship may sink.")
    _, long = run(" ".join([NEUTRAL] * 10) + " The ship may sink.")
    assert 0.0 < short.confidence < 0.2
    assert long.confidence > 0.7
    assert long.score is not None and short.score is not None and long.score > short.score


def test_headings_are_not_assertions() -> None:
    _, out = run("Bones in the throat\n\nThe ship may sink. The crew left.")
    assert out.metrics["assertions"] == 2.0
    _, only_heading = run("Bones in the throat")
    assert only_heading.score is None
    assert only_heading.confidence == 0.0


def test_evaluate_does_not_mutate_and_is_repeatable() -> None:
    doc = Analysis(make_document(SEED_ATTRIBUTED + " " + SEED_BOOSTER))
    first = Hedging().evaluate(doc, Context())
    second = Hedging().evaluate(doc, Context())
    assert first == second


def test_evaluate_work_grows_linearly_with_the_article() -> None:
    # Lines of the hedging package run, not time (speed is `benchmarks/hedging.py`'s):
    # an article 8 times as long, with 8 times the cues, runs about 8 times the lines.
    sentences = [NEUTRAL, SEED_ATTRIBUTED, SEED_BOOSTER, "Some say the ship may sink."]

    def run(paragraphs: int) -> Callable[[], object]:
        text = "\n\n".join(" ".join(sentences * 3) for _ in range(paragraphs))
        doc = Analysis(make_document(text))
        doc.folded  # noqa: B018 - the shared analysis is built before, as the engine does
        return lambda: Hedging().evaluate(doc, Context())

    assert growth(package_of(hedging), run, 4, 8) <= 8 * 1.3


# --- Lexicon and registration


def test_duplicate_phrase_is_a_data_error() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        lexicon.build_table([("some say", "a"), ("some/many say", "b")], "test.tsv")


def test_lexicon_covers_each_type_and_voice() -> None:
    types = {cue.type for cue in lexicon.CUES.values()}
    voices = {cue.voice for cue in lexicon.CUES.values()}
    assert types == {"hedge", "weasel", "booster", "vague"}
    assert voices == {"author", "reported", "open"}
    assert "according" in lexicon.REPORT_TABLE


def test_registers_through_the_entry_point() -> None:
    registered: list[Heuristic] = []
    hedging.register_heuristics(registered.append)
    assert [type(h) for h in registered] == [Hedging]
    assert registered[0].name == "hedging"
    entry_points = importlib.metadata.entry_points(group="reliability")
    assert any(ep.value == "reliability_heuristics.hedging.heuristic" for ep in entry_points)


# --- Reading the attribution heuristic's product


def run_with_attribution(text: str, *, ran: bool = True) -> Outcome:
    """Hedging with attribution's relations when `ran`, else as when attribution failed."""
    from reliability_heuristics.attribution import heuristic as attribution

    registered: list[Heuristic] = []
    attribution.register_heuristics(registered.append)
    (other,) = registered
    doc = Analysis(make_document(text))
    context = Context()
    other.evaluate(doc, context)
    assert isinstance(context.published, Relations)
    products = {"attribution": context.published} if ran else {}
    return Hedging().evaluate(doc, Context(products=products))


def test_requires_attribution() -> None:
    assert Hedging.requires == ("attribution",)


def test_attribution_relation_credits_a_hedge_the_verb_list_misses() -> None:
    # "reckoned" is not in hedging's reporting-verb list; a relation from the
    # attribution heuristic (built by hand here, to test the contract) credits it.
    text = "Peskov, speaking on Tuesday, reckoned the ship may sink."
    doc = Analysis(make_document(text))
    assert kinds(Hedging().evaluate(doc, Context()), "speculation")

    def at(part: str) -> tuple[int, int]:
        start = text.index(part)
        return start, start + len(part)

    relation = Relation(
        source=at("Peskov"),
        cue=at("reckoned"),
        content=(at("the ship may sink"),),
        name="Peskov",
        kind="official",
        key="peskov",
    )
    relations = Relations(relations=(relation,))
    out = Hedging().evaluate(doc, Context(products={"attribution": relations}))
    assert kinds(out, "speculation") == []
    assert out.metrics["attributed_hedges"] == 1.0
    # A relation without a source credits no one.
    unsourced = Relations(relations=(msgspec.structs.replace(relation, source=None),))
    out = Hedging().evaluate(doc, Context(products={"attribution": unsourced}))
    assert kinds(out, "speculation")
    # Something else under attribution's name is not its product: ignored.
    out = Hedging().evaluate(doc, Context(products={"attribution": ("Peskov", "reckoned")}))
    assert kinds(out, "speculation")


def test_outlet_citing_itself_stays_speculation_with_attribution() -> None:
    out = run_with_attribution(SEED_ATTRIBUTED)
    assert cue_texts(out, "speculation") == ["suggested that", "may"]


def test_failed_attribution_result_falls_back_to_own_test() -> None:
    text = "The minister said the ship may carry weapons. The ship may sink."
    out = run_with_attribution(text, ran=False)
    assert len(kinds(out, "speculation")) == 1
