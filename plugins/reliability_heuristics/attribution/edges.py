"""Where a source ends: what follows the noun phrase of a source and is no part of it.

A source read from the tagger or the rules sometimes runs on past its noun
phrase into an adverb ("Gingrich cynically"), a time ("David Axelrod on
Wednesday"), a phrase set off by commas that tells when the speaker spoke
("Clinton, during Monday's debate,"), an unclosed bracket ("Mr. Burman (a")
or the speaker's own verb ("the tax commissioner says an internal review").
`trimmed_end` cuts such tails off; an appositive noun phrase ("Scott Pruitt,
the attorney general of Oklahoma,"), an affiliation ("Tom Miller, at a
consulting firm,") or a relative clause ("Schiff, who has served ...")
stays, as news annotation keeps them.

Where a subject starts: a source read as the object of "in" or "from" inside
the subject ("Democratic leaders in Congress said", "officials from the
ministry said") is the whole noun phrase, "at least" belongs to the number
it bounds ("at least four senators") and a definite article or a
demonstrative to its noun ("the Tax Foundation"); `extended_start` takes
them in. A source after its cue ends before the subject of the clause the
cue opens: in "according to a report in The Washington Post, Venezuela has
requested", "Venezuela" is what the report tells of, not part of who tells it
(`before_clause`). Each rule was checked on PolNeAR train and dev to fix more
source edges than it breaks.
"""

from __future__ import annotations

import bisect

from reliability.analysis import wordset
from reliability_heuristics.attribution.lexicon import (
    AUX,
    CLAUSE_WORDS,
    DETERMINERS,
    PRONOUNS,
    RELATIVE,
)
from reliability_heuristics.attribution.sources import SourceFinder

# Words ending in "-ly" that are nouns or names of groups, not adverbs.
_LY_NOUNS = wordset(
    "family ally assembly rally supply monopoly italy bully belly lily emily kelly "
    "reilly o'reilly daily weekly quarterly anomaly july"
)
# Adverbs of time and degree that trail a subject before its verb ("Clinton now").
_TRAIL = wordset("now too again instead also")
# Words that open a time phrase after a noun ("on Wednesday"); "in 2008" mostly
# belongs to an appositive or to a poll ("a poll in December").
_TIME_OPENERS = wordset("on earlier")
# Words opening a comma-set phrase that is circumstance, not apposition
# ("Clinton, during Monday's debate,"); "at" mostly gives an affiliation ("Tom
# Miller, at a consulting firm,"), and "including" or "like" members of a group.
_CIRCUMSTANCE = wordset("during after before while unlike despite amid")
# Tokens that end no source (a comma may: "Scott Pruitt, the attorney general,").
_STRIP = frozenset({";", "and", "or", "but"})


def _adverb(word: str) -> bool:
    """Whether a lower-case word reads as an adverb ("now", "cynically")."""
    return word in _TRAIL or (word.endswith("ly") and len(word) > 6 and word not in _LY_NOUNS)


def _trailing_date(finder: SourceFinder, s: int, e: int) -> int | None:
    """Where a time phrase ending the span [s, e) opens ("on Wednesday"), if one does."""
    tokens = finder.v.tokens
    i = bisect.bisect_right(finder.date_starts, tokens[e - 1].start) - 1
    if i < 0 or finder.date_reach[i] < tokens[e - 1].end:
        return None
    words = finder.v.words
    k = bisect.bisect_left(finder.v.starts, finder.date_starts[i], s)
    # Only a time phrase after a preposition or a time word, after a noun.
    if k - 1 <= s or words[k - 1] not in _TIME_OPENERS or words[k - 2].endswith("ed"):
        return None
    return k - 1


def _cut_at_comma_phrase(finder: SourceFinder, s: int, e: int) -> int:
    """The end before the first comma opening a phrase of circumstance ("Trump, speaking")."""
    v = finder.v
    words = v.words
    for c in range(s + 1, e - 1):
        if words[c] != ",":
            continue
        nxt = words[c + 1]
        if not v.cap(c + 1) and nxt in _CIRCUMSTANCE:
            return c
    return e


def _cut_at_verb(finder: SourceFinder, s: int, e: int) -> int:
    """The end before a lower-case cue verb with its object inside the span ("the
    commissioner says an internal review"); a verb after a relative word or a comma
    belongs to a clause of the source ("Weld, who added ...") and stays."""
    positions = finder.cue_positions
    v = finder.v
    words = v.words
    k = bisect.bisect_right(positions, s)
    while k < len(positions) and positions[k] < e - 1:
        at = positions[k]
        before = words[s:at]
        if "," in before or not RELATIVE.isdisjoint(before):
            return e
        word, after = words[at], words[at + 1]
        # A past form with an object is as often a participle ("emails released this week").
        if (
            not v.cap(at)
            and word.endswith("s")
            and (after in DETERMINERS or after == "that" or v.cap(at + 1))
        ):
            return at
        k += 1
    return e


def trimmed_end(finder: SourceFinder, s: int, e: int) -> tuple[int, int]:
    """The source span [s, e) without the tails the module docstring names."""
    words = finder.v.words
    e = _cut_at_verb(finder, s, e)
    # An unclosed bracket: the source ends before it.
    for k in range(e - 1, s, -1):
        if words[k] == ")":
            break
        if words[k] == "(":
            e = k
            break
    e = _cut_at_comma_phrase(finder, s, e)
    while e - s > 1:
        last = words[e - 1]
        # An adverb closing a clause of the source ("who responded anonymously") stays.
        if last in _STRIP or (
            _adverb(last) and not finder.v.cap(e - 1) and RELATIVE.isdisjoint(words[s:e])
        ):
            e -= 1
            continue
        date = _trailing_date(finder, s, e)
        if date is None or date <= s:
            break
        e = date
    return s, e


# Prepositions that join a subject noun to the phrase the source was read as
# ("leaders in Congress", "officials from the ministry"); after "of" or "at" the
# source is as often a phrase of its own (PolNeAR train and dev).
_INNER = wordset("in from")
# Determiners of the source's own noun ("the Tax Foundation", "these experts"); an
# indefinite one before a name goes with the noun after it ("a Washington Post report").
_ARTICLES = wordset("the this these")


def extended_start(finder: SourceFinder, s: int, e: int, lo: int) -> tuple[int, int]:
    """The subject source [s, e) (sentence opening at `lo`) with the start of its noun phrase.

    "at least four senators" keeps its "at", "the Tax Foundation" its article
    ("these experts" its demonstrative); "leaders in Congress" and "officials
    from the ministry" are read from the noun before the preposition, back to
    where the rules read that noun phrase (`SourceFinder.source_before`),
    when it takes in no verb.
    """
    words = finder.v.words
    if s > lo and words[s] == "least" and words[s - 1] == "at":
        return s - 1, e
    if s > lo and words[s - 1] in _ARTICLES:
        return s - 1, e
    if s - 2 < lo or words[s - 1] not in _INNER:
        return s, e
    noun = words[s - 2]
    if (
        finder.v.proper(s - 2)
        or not noun.isalpha()
        or noun.endswith(("ed", "ing"))
        or noun in AUX
        or noun in CLAUSE_WORDS
        or noun in DETERMINERS
        or noun in PRONOUNS
    ):
        return s, e
    phrase = finder.source_before(lo, s - 1)
    if phrase is None or phrase[1] != s - 1 or not CLAUSE_WORDS.isdisjoint(words[phrase[0] : s]):
        return s, e
    return phrase[0], e


def before_clause(finder: SourceFinder, s: int, e: int) -> tuple[int, int]:
    """A source [s, e) read after its cue, without the subject of the clause after it.

    When the word after the source is a finite verb ("has", "is", "will"), the
    words after the source's last comma are that verb's subject: the source
    ends at the comma.
    """
    words = finder.v.words
    if e >= finder.v.n or words[e] not in CLAUSE_WORDS:
        return s, e
    for k in range(e - 1, s, -1):
        if words[k] == ",":
            return s, k
    return s, e
