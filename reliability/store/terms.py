"""Story terms: the words that say which story a document covers.

`story_terms` turns the shared analysis into the terms the peer index stores:

- `n:<name>` for each candidate proper name, normalised ("Nicolás Maduro’s" →
  `n:nicolas maduro`). For a multi-word name that is evidently a person's, the
  surname is a term too (`n:maduro`), because later references and other
  outlets often use the surname alone. A name counts as a person's when the
  analysis found a title before it ("President Vladimir Putin") or when its
  last word also stands alone as a name in the same text ("Dmitry Peskov" …
  "Peskov said"), which is how news writing introduces people.
- `k:<keyword>` for content words: lower-cased, accent-folded words of four
  letters or more, outside any name, that are not in `STOPWORDS`, do not look
  like adverbs ("-ly") or past-tense verbs ("-ed"), and contain no digit. Only
  the `MAX_KEYWORDS` most frequent keywords of a document are kept, so a long
  article does not swamp the index with incidental words.

Nothing here is specific to one story or outlet: which terms matter for
finding peers is decided later by their document frequency in the corpus.
The function reads tokens and names from the analysis and never re-tokenises.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from reliability.analysis import Analysis

__all__ = [
    "KEYWORD_PREFIX",
    "MAX_KEYWORDS",
    "MAX_NAMES",
    "NAME_PREFIX",
    "STOPWORDS",
    "normalise_term",
    "story_terms",
]

NAME_PREFIX = "n:"
KEYWORD_PREFIX = "k:"

# Most frequent keywords kept per document: enough to describe a story, few
# enough that postings stay small (the index grows with terms × documents).
MAX_KEYWORDS = 40
# Most frequent names kept per document; a long piece can mention dozens of
# places and people in passing, and the frequent ones are what it is about.
MAX_NAMES = 60
MIN_KEYWORD_LENGTH = 4

# English words that say nothing about which story a text covers: function
# words, auxiliaries, reporting verbs, vague quantities and time words, and
# the generic vocabulary of news writing. Compiled for this project from
# general knowledge of English; lower-case, accent-free.
_STOPWORD_TABLE = """
able about above according across actually added adding after afterwards again against ago ahead
almost alone along already also although always amid amidst among amongst announced announcing
another anybody anyone anything anyway anywhere apart appear appeared appears april around
article articles aside asked asking august away back became because become becomes becoming been
before beforehand began begin begun behind being believe believed believes below beside besides
best better between beyond big billion billions both brief call called calls came cannot cent
certain certainly clear clearly close come comes coming comment commented comments continued
continues continuing could daily days decade decades december described despite does doing done
down during each earlier early either else elsewhere end ended ends enough ensure especially
even evening ever every everyone everything everywhere except explained explaining face faces
fact factor fairly far february few fewer find finds first five following former formerly found
four friday from full further furthermore gave gets getting give given gives giving goal goes
going gone good got great greater group groups had half happen happened has have having hence
here hereby herein hers herself high higher highest himself hour hours however hundred hundreds
important include included includes including inside instance instead into issue issues itself
january july june just keep keeps kept key kind know known knows large largely largest last late
lately later latest least left less lest level like likely likewise little long look looked
looking looks lot lots made main mainly major make makes making many march matter matters maybe
mean means meanwhile might million millions mine minute minutes monday month months more
moreover morning most mostly much must myself near nearly need needed needs neither never
nevertheless new news next night nights nine none nonetheless noted nothing noting november now
nowhere number numbers october official officials often old once ones only onto other others
otherwise ought ours ourselves outside over overall own part particular particularly past people
percent perhaps person persons place plus point pointed points possible possibly pretty previous
previously probably quite rather read reader readers real really reason reasons recent recently
regarding remain remained remains report reported reporting reports right said same saturday saw
say saying says second seem seemed seeming seems seen self september serious seven several shall
should show showed shown shows side similar since six small some somebody somehow someone
something sometime sometimes somewhat somewhere soon sort source sources spoke spoken spokesman
spokesperson spokeswoman stated statement statements stating still stories story such sunday
sure take taken takes taking tell tells than that their theirs them themselves then thence there
thereafter thereby therefore therein these they thing things think thinks third this those
though thousand thousands three through throughout thru thursday thus time times today together
told tomorrow tonight took top totally toward towards tried tries true truly trying tuesday
twenty twice type types unclear under unless unlike until upon used using usually various very
view want wanted wants wednesday week weeks well went were what whatever when whence whenever
where whereas whereby whereupon wherever whether which while whither whole whom whose widely
wider will with within without word words world worth would year years yesterday yet your yours
yourself yourselves
"""
STOPWORDS: frozenset[str] = frozenset(_STOPWORD_TABLE.split())

_KEYWORD = re.compile(r"^[a-z][a-z-]*[a-z]$")
_POSSESSIVE = ("'s", "'")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)
def normalise_term(text: str) -> str:
    """Lower-case, fold accents, unify apostrophes and strip a possessive ending.

    "Nicolás Maduro’s" → "nicolas maduro"; "Venezuela’s" → "venezuela".
    Cached: a corpus repeats most of its words, and loading it calls this
    for every word of every document.
    """
    if text.isascii():
        folded = text.lower()  # ASCII has no accents and no curly apostrophes
    else:
        folded = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
        folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    if not folded.isalnum():
        folded = _SPACES.sub(" ", folded).strip()
    for ending in _POSSESSIVE:
        if folded.endswith(ending) and len(folded) > len(ending):
            folded = folded[: -len(ending)]
            break
    return folded


@functools.lru_cache(maxsize=1 << 16)
def _is_keyword(word: str) -> bool:
    """Whether a normalised word is content-bearing enough to index."""
    if len(word) < MIN_KEYWORD_LENGTH or word in STOPWORDS:
        return False
    if not _KEYWORD.match(word):
        return False  # digits, dots ("u.s."), apostrophes (contractions) or other symbols
    if word.endswith("ly"):
        return False  # adverbs
    # Past tenses and participles describe events generically ("killed",
    # "reported"); "-eed" words ("speed", "greed") are nouns.
    return not (word.endswith("ed") and not word.endswith("eed"))


def _most_frequent(words: Iterable[str], cap: int) -> list[str]:
    """The `cap` most frequent words; ties go to the word seen first."""
    counts = Counter(words)  # insertion-ordered, so ties keep first occurrence
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    return [word for word, _ in ranked[:cap]]


def story_terms(analysis: Analysis) -> list[str]:
    """The document's story terms: `n:` names (with person surnames) then `k:` keywords.

    Each term appears once. The result depends only on the analysis, so the
    same text always gives the same terms.
    """
    names = analysis.names
    normalised = [normalise_term(name.text) for name in names]
    singles = {n for n in normalised if " " not in n}

    name_terms: list[str] = []
    for name, norm in zip(names, normalised, strict=True):
        if not norm:
            continue
        name_terms.append(norm)
        words = norm.split(" ")
        if len(words) > 1 and (name.title is not None or words[-1] in singles):
            surname = words[-1]
            if len(surname) > 1:
                name_terms.append(surname)

    # Words inside a name are covered by its `n:` term; skip them as keywords.
    covered: set[int] = set()
    for name in names:
        covered.update(range(name.start, name.end))
    keywords = []
    for token in analysis.tokens:
        if token.kind != "word" or token.start in covered:
            continue
        word = normalise_term(token.text)
        if word in singles:
            # A known name the analysis skipped here (a title-case headline,
            # a sentence start): count it as the name, not as a keyword.
            name_terms.append(word)
        elif _is_keyword(word):
            keywords.append(word)

    terms = [NAME_PREFIX + n for n in _most_frequent(name_terms, MAX_NAMES)]
    terms += [KEYWORD_PREFIX + k for k in _most_frequent(keywords, MAX_KEYWORDS)]
    return terms
