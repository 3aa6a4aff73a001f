"""Reading figures for comparison: kinds, tallies, modality, and the verdict of two figures."""

from __future__ import annotations

import datetime as dt

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


def dated(text: str, published: str) -> Figure:
    (f,) = figures_of(Analysis(make_document(text, published=published)))
    return f


def test_figures_held_by_different_names_do_not_align() -> None:
    mine = figure("After the vote, Alvarez has 370 delegates in the count.")
    theirs = figure("After the vote, Okafor has 163 delegates in the count.")
    assert (mine.holder, theirs.holder) == (frozenset({"alvarez"}), frozenset({"okafor"}))
    assert align(mine, theirs) is None
    same = figure("After the vote, Alvarez holds 370 delegates in the count.")
    got = align(mine, same)
    assert got is not None and got.verdict == "agree"


def test_the_holder_is_the_nearest_name_of_the_clause() -> None:
    doc = Analysis(
        make_document("By Friday Alvarez had 503 delegates and Okafor had 70 delegates.")
    )
    assert [f.holder for f in figures_of(doc)] == [frozenset({"alvarez"}), frozenset({"okafor"})]
    share = figure("In the new survey, 46 percent would choose Alvarez.")
    assert share.holder == frozenset({"alvarez"})


def test_a_speakers_own_figures_are_not_compared() -> None:
    quoted = figure("\u201cIn one day, we raised $18,000 for the shelter,\u201d she said.")
    assert quoted.personal
    reported = figure("In one day, the charity raised $4 million for the shelter.")
    assert align(quoted, reported) is None


def test_weekdays_are_dated_from_the_publication_date() -> None:
    first = dated("Voters in 11 states go to the polls on Tuesday, officials said.", "2030-03-05")
    second = dated(
        "Voters in five states go to the polls on Tuesday, officials said.", "2030-03-19"
    )
    assert first.period is not None and first.period[0] == first.period[1]
    last = dated("Voters in 11 states went to the polls last Saturday.", "2030-03-05")
    assert last.period == (dt.date(2030, 2, 23).toordinal(), dt.date(2030, 3, 2).toordinal())
    assert align(first, second) is None  # two different Tuesdays
    same_day = dated("Voters in 11 states cast ballots on Tuesday, officials said.", "2030-03-06")
    got = align(first, same_day)
    assert got is not None and got.verdict == "agree"


def test_open_intervals_that_overlap_do_not_confirm() -> None:
    a = figure("By Friday the campaign had won at least 175 delegates in the primaries.")
    b = figure("By Friday the campaign had won at least 882 delegates in the primaries.")
    got = align(a, b)
    assert got is not None and got.verdict == "consistent"
    vague = figure("By Friday the campaign had won hundreds of delegates in the primaries.")
    exact = figure("By Friday the campaign had won 358 delegates in the primaries.")
    got = align(vague, exact)
    assert got is not None and got.verdict == "consistent"
    again = figure("By Friday the campaign had won more than 175 delegates in the primaries.")
    same = figure("By Friday the campaign had won more than 175 delegates in the primaries.")
    got = align(again, same)
    assert got is not None and got.verdict == "agree"


def test_a_rounder_bound_does_not_contradict_the_number() -> None:
    a = figure("Economists estimate that more than 6 million jobs depend on exports.")
    b = figure("Economists estimate that 6 million jobs depend on exports.")
    got = align(a, b)
    assert got is not None and got.verdict == "consistent"


def test_different_numbers_of_a_common_noun_need_more_than_the_noun() -> None:
    a = figure("With 107 delegates at stake, the senator expects to win the primary.")
    b = figure("Party rules award 865 delegates in the primary, the senator said.")
    assert align(a, b) is None
    c = figure("Party rules award 820 delegates in the primary, the senator said.")
    got = align(b, c)
    assert got is not None and got.verdict == "conflict"


def test_shares_conflict_only_for_the_same_holder_in_the_same_setting() -> None:
    a = figure("In the state poll of likely voters, Alvarez has 44 percent support.")
    b = figure("In the state poll of likely voters, Alvarez has 39 percent support.")
    got = align(a, b)
    assert got is not None and got.verdict == "conflict"
    other = figure("Among young voters nationally, Alvarez won 39 percent.")
    assert align(a, other) is None


def test_a_count_per_item_is_not_a_total() -> None:
    each = figure("Gunmen killed two guards at each checkpoint near the port on Monday.")
    total = figure("Gunmen killed six guards at checkpoints near the port on Monday.")
    assert each.distributive and not total.distributive
    assert align(each, total) is None


def test_shares_of_different_groups_do_not_align() -> None:
    young = figure("Among voters under 30, Alvarez has 61 percent in the state poll.")
    everyone = figure("Alvarez has 48 percent in the state poll of registered voters.")
    assert "30" not in young.population and "voter" in young.population
    assert align(young, everyone) is None


def test_a_former_value_is_not_a_figure_of_its_own() -> None:
    doc = Analysis(make_document("Alvarez rose to 44 percent in the poll, up from 37 percent."))
    assert [f.claim.text for f in figures_of(doc)] == ["44 percent"]


def test_a_name_on_one_side_only_keeps_different_numbers_apart() -> None:
    party = figure("It takes 1,237 delegates to win the Republican nomination this year.")
    other = figure("It takes 2,383 delegates to win the nomination this year.")
    assert align(party, other) is None


def test_equal_shares_of_unnamed_polls_do_not_confirm() -> None:
    a = figure("The new poll has a margin of error of three percentage points.")
    b = figure("The poll has a margin of error of 3 percentage points, the firm said.")
    assert align(a, b) is None
    c = figure("In the Marist poll, Alvarez has 44 percent of likely voters.")
    d = figure("The Marist poll found that Alvarez has 44 percent of likely voters.")
    got = align(c, d)
    assert got is not None and got.verdict == "agree"


def test_a_possessive_name_holds_only_what_follows_it() -> None:
    owned = figure("Aides reviewed the files of Alvarez's office before releasing 900 pages.")
    assert owned.holder == frozenset()
    doc = Analysis(make_document("The count gave Okafor 50.1 percent to Alvarez's 49.6 percent."))
    assert [f.holder for f in figures_of(doc)] == [frozenset({"okafor"}), frozenset({"alvarez"})]


def test_a_part_of_a_count_does_not_contradict_the_whole() -> None:
    part = figure(
        "The department prepared Alvarez's files for public release, including about 1,000 "
        "pages released on Friday."
    )
    whole = figure("The department prepared 52,000 pages of Alvarez's files for public release.")
    assert part.part and not whole.part
    assert align(part, whole) is None


def test_samples_of_different_surveys_do_not_align() -> None:
    one = figure("The survey of 1,200 registered voters was taken online this month.")
    other = figure("The poll questioned 4,060 registered voters online this month.")
    assert one.sample and other.sample
    assert align(one, other) is None
    named = figure("The Marist survey of 1,200 registered voters was taken on Friday.")
    again = figure("The Marist survey of 1,200 registered voters was taken on Friday.")
    got = align(named, again)
    assert got is not None and got.verdict == "agree"
    counted = figure("Officials said 1,200 residents were evacuated from the valley.")
    assert not counted.sample
