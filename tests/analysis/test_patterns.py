"""The phrase-pattern syntax that word tables share."""

from reliability.analysis.patterns import expand_pattern


def test_alternatives_and_optional_words_expand_in_order():
    assert expand_pattern("is/was reportedly?") == [
        ("is", "reportedly"),
        ("is",),
        ("was", "reportedly"),
        ("was",),
    ]


def test_a_pattern_of_only_optional_words_never_gives_an_empty_phrase():
    assert expand_pattern("very? much?") == [("very", "much"), ("very",), ("much",)]
    assert expand_pattern("") == []


def test_the_hedging_table_patterns():
    assert expand_pattern("it is/was believed") == [
        ("it", "is", "believed"),
        ("it", "was", "believed"),
    ]
    assert expand_pattern("without a? doubt") == [("without", "a", "doubt"), ("without", "doubt")]
