"""Disambiguation: whether the words matched by a cue pattern are a cue in this sentence.

The word lists encode grammar, not lexicon, so they live with the rules.
"""

from __future__ import annotations

from itertools import compress

from reliability import Analysis
from reliability.analysis import wordset

from .lexicon import CUES
from .sentence import SentenceView

# "Visitors may not enter": a modal after these subjects grants or withholds
# permission rather than hedging.
PERMISSION_SUBJECTS = wordset(
    "you anyone everyone applicants visitors residents passengers students users customers "
    "members employees staff participants candidates readers travellers travelers drivers "
    "guests tourists foreigners patients children minors spectators fans pupils tenants "
    "owners holders subscribers entrants contestants"
)
# "military might", "the might of": the noun.
MIGHT_NOUN_BEFORE = wordset(
    "the a its his her their our my your military economic naval nuclear industrial "
    "financial full all sheer combined considerable"
)
MIGHT_NOUN_AFTER = frozenset({"of", "and"})
# "as fast as they could", "be that as it may": a comparison, not a hedge.
COMPARATIVE_SUBJECTS = wordset("it they he she we you i one")
NEGATIONS = frozenset({"not", "n't", "never", "hardly"})
# "as soon as possible", "made possible", "the best possible": not epistemic.
POSSIBLE_NOT_BEFORE = wordset("as made make makes making best worst every all whenever wherever")
# "likely voters" is a polling population, not a probability.
LIKELY_POLL_NOUNS = frozenset({"voters", "voter", "electorate", "caucusgoers", "caucus-goers"})
# "spoke clearly", "clearly visible": manner or perceptibility, not certainty.
MANNER_VERBS = wordset(
    "spoke speak speaks speaking spoken see saw seen sees seeing hear heard hears think "
    "explain explained explains write wrote written writes read reads communicate "
    "communicated articulate articulated pronounce pronounced express expressed dressed "
    "label labelled labeled mark marked visible define defined set lay laid spell spelled "
    "spelt show showed shown"
)
PERCEPTIBLE = wordset(
    "visible audible legible marked labelled labeled defined displayed signposted "
    "identifiable identified outlined delineated worded written audibly"
)
# A group noun right after these refers to people already named: "the analysts".
DEFINITE = wordset("the these those both his her their its our my your")
# "experts including ...", "experts interviewed by ...": the group is specified.
SPECIFYING_NEXT = wordset(
    "including such like interviewed contacted consulted quoted surveyed polled cited named"
)
# "experts at Harvard", "is considered by Moscow": a named group or agent.
SPECIFYING_PREPOSITIONS = frozenset({"at", "from", "with", "by"})
# A capitalised word before a group noun specifies it ("UN experts", "Pentagon
# officials") unless it is a nationality or region ("Western analysts"),
# which these endings catch well enough for news.
VAGUE_CAPITAL_ENDINGS = ("an", "ese", "ish", "ern", "i", "ic")
# A stated reason or condition turns a hedge into a reasoned estimate.
REASON_WORDS = frozenset({"because", "if", "unless", "pending"})
REASON_PHRASES = frozenset(
    {
        ("given", "that"),
        ("based", "on"),
        ("judging", "by"),
        ("judging", "from"),
        ("in", "light"),
        ("provided", "that"),
    }
)
# Every word with which a reason or condition can begin (see `has_reason`).
REASON_OPENERS = REASON_WORDS | {first for first, _ in REASON_PHRASES} | {"since", "as"}
# "since it has not been confirmed" is a reason; "since 2019" is a time.
SINCE_CAUSAL_NEXT = wordset("it there they he she we no nobody neither none this these")
UNCONFIRMED_WORDS = wordset(
    "confirmed verified known clear established disclosed released public proven"
)


def keep_cue(doc: Analysis, view: SentenceView, i: int, j: int, pattern: str) -> bool:
    """Apply the disambiguation rules; False when the matched words are not a cue here.

    `pattern` is the lexicon entry as written ("may", "it is/was believed").
    """
    cue = CUES[pattern]
    w = view.word
    if cue.type == "booster":
        if w(i - 1) in NEGATIONS:
            return False  # "not clearly", "not certainly": no longer a booster
        if pattern in ("clearly", "plainly"):
            # "spoke clearly.", "clearly visible"; but "Clearly, ..." opens a claim.
            return not (
                w(i - 1) in MANNER_VERBS
                or w(i + 1) in PERCEPTIBLE
                or (view.is_punct(i + 1) and i > view.first_word)
            )
        return True
    if cue.type == "weasel":
        return _weasel_is_vague(view, i, j)
    if cue.type == "vague":
        return _vague_is_vague(view, i, j)
    if pattern in ("may", "might", "could") and _comparative_modal(view, i):
        return False
    if pattern == "may":
        return _may_is_hedge(doc, view, i)
    if pattern in ("could", "might") and any(
        w(k) == "so" or (w(k), w(k + 1)) == ("in", "order") for k in range(i - 4, i)
    ):
        return False  # "so Mr. Clarke could start the work": purpose, not possibility
    if pattern == "might":
        return not (
            w(i - 1) in MIGHT_NOUN_BEFORE or w(i + 1) in MIGHT_NOUN_AFTER or view.is_punct(i + 1)
        )
    if pattern == "could":
        # "could not confirm", "could not be reached": an inability, usually a
        # party's, and negated possibility is certainty, not a hedge.
        return w(i + 1) not in NEGATIONS
    if w(j - 1) == "believe" and w(j) == "in":
        return False  # "I believe in the good sense of the people": a creed
    if pattern == "possible":
        before = w(i - 1)
        return not (before in POSSIBLE_NOT_BEFORE or before.endswith("est"))
    if pattern == "likely":
        return w(i + 1) not in LIKELY_POLL_NOUNS and w(i + 2) not in LIKELY_POLL_NOUNS
    return True


def _comparative_modal(view: SentenceView, i: int) -> bool:
    """Whether the modal sits in a comparison ("as high as it could go"), not a hedge."""
    before = view.word(i - 1)
    if before == "as":
        return True
    return before in COMPARATIVE_SUBJECTS and view.word(i - 2) == "as"


def _may_is_hedge(doc: Analysis, view: SentenceView, i: int) -> bool:
    token = view.tokens[i]
    if token.text[:1].isupper():
        # Mid-sentence "May" is the month or a surname ("Theresa May"); in a
        # title-case heading it can be the modal, unless a date claims it.
        if view.capitalised_inside(i) and not view.heading:
            return False
        if any(d.start <= token.start < d.end for d in doc.dates):
            return False
        # "May 5", "May 2020", "5 May": the month, even where the date finder
        # leaves a sentence-initial "May" alone.
        if _is_number(view, i + 1) or _is_number(view, i - 1):
            return False
    before = view.word(i - 1)
    if before in PERMISSION_SUBJECTS:
        return False
    # "come what may": a fixed concessive phrase ("be that as it may" is a
    # comparative form, caught before this).
    return not (before == "what" and view.word(i - 2) == "come")


def _is_number(view: SentenceView, k: int) -> bool:
    return 0 <= k < view.n and view.tokens[k].kind == "number"


def _weasel_is_vague(view: SentenceView, i: int, j: int) -> bool:
    """False when the group a weasel phrase names is in fact specified."""
    w = view.word
    before_k = i - 1
    if w(before_k) == ")":  # "United Nations (UN) experts"
        before_k -= 1
        while before_k >= 0 and w(before_k) != "(":
            before_k -= 1
        before_k -= 1
    before = w(before_k)
    if before in DEFINITE:
        return False  # "the analysts" refers back to people already named
    if before_k >= 0:
        token = view.tokens[before_k].text
        if len(token) > 1 and token.isupper():
            return False  # "UN experts", "EU officials", even opening a sentence
        if view.capitalised_inside(before_k) and not token.lower().endswith(VAGUE_CAPITAL_ENDINGS):
            return False  # "Pentagon officials"; but not "Western analysts"
    after = w(j)
    if after == ",":
        after = w(j + 1)
    if after in SPECIFYING_NEXT:
        return False
    if after in SPECIFYING_PREPOSITIONS:
        k = j + 1 if w(j + 1) != "the" else j + 2
        if 0 <= k < view.n and view.tokens[k].text[:1].isupper():
            return False  # "experts at Harvard"
    # "according to some 30 witnesses": an approximate number, not vague people.
    return not (_is_number(view, j) and w(j - 1) in ("some", "many"))


def _vague_is_vague(view: SentenceView, i: int, j: int) -> bool:
    """False when a vague quantifier is in fact a question or an approximate count."""
    w = view.word
    if w(i) == "widely" and w(i - 1) in ("most", "more"):
        return False  # "the most widely seen video": a comparison of reach, not a generalisation
    if w(i) in ("many", "some"):
        if w(i - 1) == "how":
            return False  # "how many": a question, not a claim about scale
        if _is_number(view, j):
            return False  # "some 30 witnesses": an approximate count, not vagueness
    return True


def has_reason(view: SentenceView) -> bool:
    """Whether the sentence states a reason or a condition for its uncertainty."""
    words = view.words
    if REASON_OPENERS.isdisjoint(words):
        return False  # no word that could start a reason: most sentences
    # Only the words that could start a reason are read, picked at C speed.
    for k in compress(range(len(words)), map(REASON_OPENERS.__contains__, words)):
        word = words[k]
        if word in REASON_WORDS:
            return True
        if (word, view.word(k + 1)) in REASON_PHRASES:
            return True
        if word == "since" and view.word(k + 1) in SINCE_CAUSAL_NEXT:
            return True
        # "as it has not been confirmed", "as the cause is not yet known"
        if word == "as" and any(
            words[m] in UNCONFIRMED_WORDS and words[m - 1] in ("not", "n't", "yet", "been")
            for m in range(k + 2, min(k + 9, view.n))
        ):
            return True
    return False
