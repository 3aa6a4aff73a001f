"""Document references: which written sources an article cites, and whether it says whose.

`find_references` looks at every noun of `data/documents.tsv` ("study",
"report", "data", "poll", "court documents", ...) and decides, from the words
around it (`data/cues.tsv`), whether the document is identified:

- **named**: the noun heads a name ("the Mueller Report"); a name stands
  before it, past possessives, numbers and modifiers ("a Pew Research Center
  survey", "the CDC's latest data", "a Gallup daily tracking poll"); an
  issuing body is named by its type ("court documents", "police report"); or
  a link word and a name follow in the sentence ("a report by the Government
  Accountability Office", "data from the Census Bureau", "a study published
  online in the journal Pediatrics");
- **vague**: an unidentified mention ("studies", "a new report", "research")
  presented as evidence: a verb of showing follows ("studies show", "a report
  found", "research has long suggested") or "according to" precedes. A
  mention is not vague when a named document of the same kind follows within
  two sentences ("A new study found ... The study, published in JAMA, ..."),
  which is how news introduces a study. Asserted agreement of an
  unnamed group ("experts agree", "scientists agree") is vague too.

Definite mentions with no name ("the report said") refer back or forward to
a document already introduced and are neither. At most `MAX_TRIGGERS` words
are examined, which bounds the time a pathological text costs. Names come from the shared
analysis, so a name it misses (one used once, at a sentence start) is missed
here too.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, islice
from pathlib import Path

from reliability import Analysis
from reliability.analysis import read_table, wordset

DATA_DIR = Path(__file__).resolve().parent / "data"

_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_TEXT = operator.attrgetter("text")

KINDS = frozenset({"research", "report", "data", "poll", "record"})
FORMS = frozenset({"count", "plural", "mass"})
ROLES = frozenset(
    {
        "link",
        "filler",
        "modifier",
        "authority",
        "verb",
        "aux",
        "indefinite",
        "consensus",
        "agreement",
    }
)


def _load_nouns() -> dict[str, tuple[str, str]]:
    nouns: dict[str, tuple[str, str]] = {}
    for noun, kind, form in read_table(DATA_DIR / "documents.tsv", 3):
        if kind not in KINDS or form not in FORMS:
            raise ValueError(f"documents.tsv: bad kind or form for {noun!r}")
        if noun in nouns:
            raise ValueError(f"documents.tsv: {noun!r} is listed twice")
        nouns[noun] = (kind, form)
    return nouns


def _load_cues() -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {role: set() for role in ROLES}
    for word, role in read_table(DATA_DIR / "cues.tsv", 2):
        if role not in ROLES:
            raise ValueError(f"cues.tsv: bad role {role!r} for {word!r}")
        roles[role].add(word)
    return {role: frozenset(words) for role, words in roles.items()}


NOUNS = _load_nouns()
_CUES = _load_cues()
LINKS = _CUES["link"]
FILLERS = _CUES["filler"]
MODIFIERS = _CUES["modifier"]
AUTHORITIES = _CUES["authority"]
VERBS = _CUES["verb"]
AUX = _CUES["aux"]
INDEFINITE = _CUES["indefinite"]
CONSENSUS = _CUES["consensus"]
AGREEMENT = _CUES["agreement"]
# Words that send a token to a closer look: document nouns and consensus groups.
TRIGGERS = frozenset(NOUNS) | CONSENSUS

# Grammar, not lexicon, so kept here. Before a link ("the study was published in").
COPULAS = wordset("is are was were be been being")
# Determiners of a definite mention ("the report"), which refers to a document already named.
# "that" is a determiner only before a singular ("that report", but "said that studies show").
DEFINITE = wordset("the this these those its his her their our my your whose")
# Dates between a link and a name ("published Tuesday in"): month and weekday names.
DATE_WORDS = wordset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday yesterday last week month year this"
)
# Links after which "in" introduces where it appeared ("published in JAMA"); after
# others it introduces a place ("conducted in China"), which identifies nothing.
PUBLICATION_LINKS = wordset("published publishes appeared appears appear")
# Right after the noun, "in" names where the document appeared only when the
# name follows these ("a report in the Post", "a study in the journal Pediatrics");
# otherwise it is a place ("a poll in Ohio").
VENUE_BEFORE_NAME = wordset("the journal")
# A bare place or nationality names no publisher ("a U.S. study", "a British study",
# "a poll in the United States").
PLACE_ABBREVIATIONS = wordset("us u.s. u.s usa u.s.a. uk u.k. u.k eu e.u.")
NATIONALITY_ENDINGS = ("an", "ese", "ish", "ch", "i")
PLACE_HEADS = wordset(
    "states kingdom republic emirates islands county city province region valley coast"
)
# Organisation heads: a name ending in a document noun after one of these is an
# institution ("Center for Obesity Research"), not a document.
INSTITUTION_HEADS = wordset(
    "center centre institute institutes foundation agency department university school "
    "college society association council office bureau academy laboratory laboratories"
)
# Trigger words examined at most: far more than any article holds, and a
# bound on the time a pathological text (a 2 MB list of references) costs.
MAX_TRIGGERS = 2000
# Kinds of document that an authority word identifies ("police report", "court
# documents"); a "federal trial" or a "court study" is not a record.
AUTHORITY_KINDS = frozenset({"report", "data", "record"})
# Between two names that make one title: "Journal" "of the" "American Medical Association".
OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?")
# How far the look reaches: words between a name and its noun, between the
# noun and its link, and between the link and the name.
MAX_MODIFIERS = 3
MAX_BEFORE_LINK = 3
MAX_AFTER_LINK = 5
# A vague mention is an introduction when a named document of its kind
# follows within this many sentences ("A new study ... The study, published in ...").
INTRODUCTION_REACH = 2


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference to a document: its extent, kind, and whether it is identified.

    `start`/`end` cover the whole reference ("a report by the Government
    Accountability Office"; "studies show"); `kind` is the document's kind
    (`documents.tsv`) or `consensus`; `sentence` is the sentence's index.
    """

    start: int
    end: int
    kind: str
    named: bool
    sentence: int


class _Words:
    """The document's folded words with the lookups the rules need."""

    __slots__ = ("ends", "name_ends", "name_starts", "names", "starts", "text", "tokens", "words")

    def __init__(self, doc: Analysis) -> None:
        self.text = doc.text
        self.starts, self.ends, self.words, _ = doc.folded
        self.tokens = doc.tokens
        self.names = list(map(_TEXT, doc.names))
        self.name_starts = list(map(_START, doc.names))
        self.name_ends = list(map(_END, doc.names))

    def place(self, i: int) -> bool:
        """True for a name that is only a place or a nationality ("U.S.", "British",
        "United States")."""
        lowered = self.names[i].lower()
        if " " in lowered:
            return lowered.rsplit(" ", 1)[1] in PLACE_HEADS
        return lowered in PLACE_ABBREVIATIONS or lowered.endswith(NATIONALITY_ENDINGS)

    def institution(self, i: int) -> bool:
        """True for a name that holds an organisation's head word ("Center for ...")."""
        return any(word in INSTITUTION_HEADS for word in self.names[i].lower().split())

    def name_end(self, i: int) -> int:
        """The end of name `i`, or of the "of" phrase that continues it ("Journal" "of the
        American Medical Association")."""
        end = self.name_ends[i]
        while i + 1 < len(self.names):
            gap = OF_GAP.fullmatch(self.text, end, self.name_starts[i + 1])
            if gap is None:
                break
            i += 1
            end = self.name_ends[i]
        return end

    def name_at(self, k: int) -> int | None:
        """Index of the name that token `k` starts inside, or None."""
        at = self.starts[k]
        i = bisect.bisect_right(self.name_starts, at) - 1
        if i >= 0 and at < self.name_ends[i]:
            return i
        return None

    def punct(self, k: int) -> bool:
        return self.tokens[k].kind == "punct"

    def number(self, k: int) -> bool:
        return self.tokens[k].kind == "number"


def find_references(doc: Analysis) -> list[Reference]:
    """Every named or vague document reference in `doc`, in text order."""
    words = doc.folded.words
    if TRIGGERS.isdisjoint(words):
        return []  # most news cites no document: one set operation says so
    w = _Words(doc)
    found: list[Reference] = []
    candidates = compress(range(len(words)), map(TRIGGERS.__contains__, words))
    for k in islice(candidates, MAX_TRIGGERS):
        sentence = doc.sentence_index_at(w.starts[k])
        if sentence is None:
            continue
        limit = doc.sentences[sentence].end
        if words[k] in NOUNS:
            ref = _reference(w, k, sentence, limit)
        else:
            ref = _consensus(w, k, sentence, limit)
        if ref is not None:
            found.append(ref)
    return _drop_introductions(found)


def _reference(w: _Words, k: int, sentence: int, limit: int) -> Reference | None:
    kind, form = NOUNS[w.words[k]]
    inside = w.name_at(k)
    if inside is not None:
        # A singular noun heading a name is a titled document ("the Mueller
        # Report", "the Sydney Diet Heart Study"); elsewhere in a name, or
        # after an organisation's head, it is part of an institution's name
        # ("Pew Research Center", "Institute of Cancer Research"), and a plural
        # after a name is mostly a verb ("Bloomberg News reports").
        if form != "count" or w.name_ends[inside] != w.ends[k] or w.institution(inside):
            return None
        return Reference(w.name_starts[inside], w.ends[k], kind, True, sentence)
    if form == "plural" and k > 0 and (name := w.name_at(k - 1)) is not None:
        # Right after a name a plural is mostly a verb ("Reuters reports that",
        # "..., the CBO estimates, ..."), unless a determiner opens the phrase
        # ("the FEC reports") or a verb of showing follows ("Gallup polls show").
        opening = bisect.bisect_left(w.starts, w.name_starts[name])
        if _determiner_before(w, opening) == opening and _verb_after(w, k, limit) is None:
            return None
    first, publisher_start = _name_before(w, k, kind)
    if publisher_start is not None:
        return Reference(publisher_start, w.ends[k], kind, True, sentence)
    publisher_end = _name_after(w, k, limit)
    if publisher_end is not None:
        start = w.starts[_determiner_before(w, first)]
        return Reference(start, publisher_end, kind, True, sentence)
    return _vague(w, k, first, form, kind, sentence, limit)


def _name_before(w: _Words, k: int, kind: str) -> tuple[int, int | None]:
    """The first token of the noun phrase, and the start of its publisher if one is named.

    The publisher is a name before the noun, or an authority word before a
    report, data or a record ("police report", but not "court trial"), past at
    most `MAX_MODIFIERS` modifiers or numbers ("the CDC's latest 2019 data").
    """
    words = w.words
    j = k - 1
    skipped = 0
    while j >= 0 and skipped <= MAX_MODIFIERS and not w.punct(j):
        name = w.name_at(j)
        if name is not None and not w.place(name):
            start = _determiner_before(w, bisect.bisect_left(w.starts, w.name_starts[name]))
            return start, w.starts[start]
        if words[j] in AUTHORITIES and kind in AUTHORITY_KINDS:
            start = _determiner_before(w, j)
            return start, w.starts[start]
        # A place or nationality ("a British study") is a modifier that names no one.
        if words[j] in MODIFIERS or w.number(j) or words[j] in NOUNS or name is not None:
            j -= 1
            skipped += 1
            continue
        break
    return j + 1, None


def _determiner_before(w: _Words, k: int) -> int:
    """`k - 1` when a determiner stands before token `k` ("a report", "the CDC's"), else `k`."""
    if k > 0 and (w.words[k - 1] in DEFINITE or w.words[k - 1] in INDEFINITE):
        return k - 1
    return k


def _name_after(w: _Words, k: int, limit: int) -> int | None:
    """The end of a name joined to the noun by a link word ("a report by the GAO"), or None."""
    words, starts = w.words, w.starts
    j = k + 1
    linked = False
    published = False
    gap = 0
    n = len(words)
    venue = False
    while j < n and starts[j] < limit:
        word = words[j]
        if word in LINKS:
            linked = True
            published = word in PUBLICATION_LINKS
            gap = 0
        elif linked and (name := w.name_at(j)) is not None:
            if w.place(name) or (venue and words[j - 1] not in VENUE_BEFORE_NAME):
                return None
            return w.name_end(name)
        elif word == "in" and j == k + 1:
            # "a report in The Washington Post", "a study in the journal Pediatrics".
            linked = published = venue = True
        elif word == "in" and not published:
            return None
        elif linked and (word in FILLERS or word in DATE_WORDS or w.number(j)):
            gap += 1
            if gap > MAX_AFTER_LINK:
                return None
        elif not linked and (word == "," or word in COPULAS or word in DATE_WORDS):
            gap += 1
            if gap > MAX_BEFORE_LINK:
                return None
        else:
            return None
        j += 1
    return None


def _vague(
    w: _Words, k: int, first: int, form: str, kind: str, sentence: int, limit: int
) -> Reference | None:
    """A reference for an unidentified mention presented as evidence, or None."""
    words = w.words
    determiner = words[first - 1] if first > 0 and not w.punct(first - 1) else ""
    opener = words[first] if first < k else determiner
    if opener in DEFINITE or determiner in DEFINITE or (form == "count" and opener == "that"):
        return None
    indefinite = opener in INDEFINITE or determiner in INDEFINITE
    if form == "count" and not indefinite:
        return None  # a bare singular is a verb or a compound ("report cards")
    start = w.starts[first - 1] if determiner in INDEFINITE else w.starts[first]
    according = (first >= 2 and words[first - 2] == "according") or (
        first >= 3 and determiner in INDEFINITE and words[first - 3] == "according"
    )
    verb = _verb_after(w, k, limit)
    if verb is not None:
        end = w.ends[verb]
    elif according:
        end = w.ends[k]
    else:
        return None
    return Reference(start, end, kind, False, sentence)


def _verb_after(w: _Words, k: int, limit: int) -> int | None:
    """Index of a verb of showing after `k`, past auxiliaries, within the sentence."""
    j = k + 1
    n = len(w.words)
    while j < n and w.starts[j] < limit and j - k <= 4:
        word = w.words[j]
        if word in VERBS:
            return j
        if word not in AUX:
            return None
        j += 1
    return None


def _consensus(w: _Words, k: int, sentence: int, limit: int) -> Reference | None:
    """Asserted agreement of an unnamed group ("experts agree"), or None."""
    j = k + 1
    while j < len(w.words) and w.starts[j] < limit and w.words[j] in AUX:
        j += 1
    if j >= len(w.words) or w.starts[j] >= limit or w.words[j] not in AGREEMENT:
        return None
    before = k - 1
    if (
        before >= 0
        and not w.punct(before)
        and (w.words[before] in DEFINITE or w.name_at(before) is not None)
    ):
        return None  # "the experts", "Harvard scientists": identified
    return Reference(w.starts[k], w.ends[j], "consensus", False, sentence)


def _drop_introductions(found: Sequence[Reference]) -> list[Reference]:
    """Drop vague mentions that a named document of their kind soon identifies."""
    named: dict[str, list[int]] = {}
    for ref in found:
        if ref.named:
            named.setdefault(ref.kind, []).append(ref.sentence)
    kept: list[Reference] = []
    for ref in found:
        if not ref.named and ref.kind in named:
            sentences = named[ref.kind]
            i = bisect.bisect_left(sentences, ref.sentence)
            if i < len(sentences) and sentences[i] - ref.sentence <= INTRODUCTION_REACH:
                continue
        kept.append(ref)
    return kept
