"""Reading figures for comparison: kinds, tallies, modality, and the verdict of two figures."""

from __future__ import annotations

from reliability_heuristics.figures.align import Figure, align, figures_of

from reliability import Analysis, make_document


def figure(text: str) -> Figure:
    (f,) = figures_of(Analysis(make_document(text)))
    return f


def test_kind_tally_and_modality() -> None:
    troops = figure("Around 100 members of the Russian military landed in Caracas.")
    assert (troops.lemma, troops.kind, troops.parent) == ("military", "troop", "person")
    dead = figure("About 40 people died in the attack.")
    assert (dead.kind, dead.tally, dead.modality) == ("person", "death", "amount")
    capacity = figure("The aircraft can transport loads up to 50 tons.")
    assert (capacity.claim.unit, capacity.kind, capacity.modality) == ("t", None, "capacity")
    planned = figure("The ministry plans to send 500 soldiers to the border.")
    assert (planned.kind, planned.modality) == ("troop", "plan")


def test_small_definite_counts_are_not_figures() -> None:
    doc = Analysis(make_document("The two countries signed the treaty in Moscow."))
    assert figures_of(doc) == ()


def test_synonyms_align_and_dated_times_separate_occasions() -> None:
    jets = figure("Venezuela received 24 Su-30 fighter jets from Russia.")
    planes = figure("Venezuela bought 24 Su-30 airplanes from Russia.")
    got = align(jets, planes)
    assert got is not None and (got.relation, got.verdict) == ("synonym", "agree")
    then = figure("In 2006, Venezuela received 24 Su-30 fighter jets from Russia.")
    later = figure("In 2015, Venezuela bought 30 Su-30 airplanes from Russia.")
    assert align(then, later) is None


def test_different_tallies_never_align() -> None:
    killed = figure("Gunmen killed 12 people at the market on Monday.")
    hurt = figure("Gunmen injured 12 people at the market on Monday.")
    assert align(killed, hurt) is None
