"""Finding the style cues of one document in the writer's own voice.

Each finder reads the shared analysis (text, tokens, folded words, sentences,
quotations) and returns `Cue`s with character offsets. What lies inside a
quotation is the source's voice, and a sentence holding page furniture
("sign up for our newsletter", "comment below") is not the article's prose:
no cue counts there (`Voice`). The finders scan in C where they can (regular
expressions over the text, set look-ups mapped over the folded words) so that
a long text costs little more than its cues.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
from collections import Counter
from collections.abc import Sequence
from functools import partial
from itertools import accumulate, compress, repeat
from pathlib import Path
from typing import NamedTuple

from reliability import Analysis
from reliability.analysis import read_table, wordset

_START = operator.attrgetter("start")
_END = operator.attrgetter("end")

# Beside this module rather than through importlib.resources, as for the other built-ins.
DATA_DIR = Path(__file__).resolve().parent / "data"

CLASSES = frozenset(
    {
        "second-person",
        "first-person-singular",
        "first-person-plural",
        "call-to-action",
        "intensifier",
        "hyperbole",
        "page-chrome",
    }
)
POSITIONS = frozenset({"any", "start"})


class Cue(NamedTuple):
    """One cue: its kind, its offsets in the text and the index of its sentence."""

    kind: str
    start: int
    end: int
    sentence: int


class Phrase(NamedTuple):
    """A lexicon phrase as folded tokens, its class and where in a sentence it counts."""

    words: tuple[str, ...]
    kind: str
    start_only: bool


# Words too frequent to anchor a phrase: a phrase is looked up at its first
# other word ("share" in "like and share"), so that a word such as "of" or
# "in" never sends the matcher to the phrase check.
COMMON_WORDS = wordset(
    "the a an of in on to for at by with and or but it this that is are be do don't not no "
    "all just like so up out get make think see about me my i you your our us we it's there"
)


def _load_phrases() -> dict[str, tuple[tuple[int, Phrase], ...]]:
    """The cue lexicon by anchor word, as (anchor's offset, phrase), longest phrases first."""
    table: dict[str, list[tuple[int, Phrase]]] = {}
    seen: set[tuple[str, ...]] = set()
    for text, kind, position in read_table(DATA_DIR / "cues.tsv", 3):
        if kind not in CLASSES or position not in POSITIONS:
            raise ValueError(f"cues.tsv: bad class or position for {text!r}")
        words = tuple(text.split())
        if words in seen:
            raise ValueError(f"cues.tsv: {text!r} is listed twice")
        seen.add(words)
        offset = next(
            (i for i, w in enumerate(words) if w not in COMMON_WORDS),
            max(range(len(words)), key=lambda i: len(words[i])),
        )
        table.setdefault(words[offset], []).append(
            (offset, Phrase(words, kind, position == "start"))
        )
    return {
        anchor: tuple(sorted(entries, key=lambda e: -len(e[1].words)))
        for anchor, entries in table.items()
    }


PHRASES = _load_phrases()
# Words that are a whole entry by themselves and anchor no longer one: most
# matches, classified by one dict look-up.
SINGLE_WORDS = {
    anchor: entries[0][1].kind
    for anchor, entries in PHRASES.items()
    if len(entries) == 1 and len(entries[0][1].words) == 1 and not entries[0][1].start_only
}
# Words that anchor a cue: the lexicon's anchors, and "ever" after a superlative.
ANCHORS = frozenset({*PHRASES, "ever"})


@functools.cache
def vocabulary() -> dict[str, int]:
    """Word frequency tiers (19k words), read on first use: only capitalised words need it."""
    return {word: int(tier) for word, tier in read_table(DATA_DIR / "vocabulary.tsv", 2)}


ACRONYMS = frozenset(row[0] for row in read_table(DATA_DIR / "acronyms.tsv", 2))

# --- Grammar tables: they encode English, not lexicon, so they live here.

# Words allowed before an imperative at the start of a sentence ("So please, share this").
IMPERATIVE_OPENERS = wordset("so and now please just then but ok okay well")
# "World War I", "phase I trial", "type I diabetes": a Roman numeral, not the writer.
ROMAN_I_BEFORE = wordset(
    "war phase type stage grade class part title level chapter schedule division category tier "
    "act article section volume round henry louis charles george james william edward richard"
)
# Intensity that a negation right before turns into restraint ("no miracle cure").
NEGATABLE = frozenset({"intensifier", "hyperbole"})
NEGATIONS = wordset("no not never hardly nor without")
# Superlatives that "ever" makes hyperbolic ("the worst president ever").
SUPERLATIVES = wordset(
    "best worst greatest biggest dumbest stupidest craziest scariest weirdest saddest funniest "
    "smartest"
)
# Two-letter words that may stand in a shouted run ("DO NOT", "IS IT") without being acronyms.
TWO_LETTER_WORDS = wordset(
    "no do go so be is it in on of to up we me my he if or as at by an am oh"
)
# A capitalised word right before these names something ("the DASH diet", "the SPRINT trial").
NAME_HEADS = wordset(
    "trial trials study studies diet diets scan scans test tests score scores program programs "
    "programme programmes act initiative project network group team unit protocol criteria "
    "guidelines inhibitor inhibitors cells therapy model index survey registry cohort app tool"
)

# A word of two or more capitals; hyphens and apostrophes may join capitals
# inside it ("ALL-OUT", "WHAT’S"). Kept only when it stands alone: a word
# glued to lower case, digits or a dot ("COVID-19", "U.S.", "TRUMP’s") is not one.
_UP = "A-ZÀ-ÖØ-Þ"
CAPS_WORD_RE = re.compile(rf"[{_UP}][{_UP}'’\-]*[{_UP}]")
_GLUE = frozenset("_'’.-\u2010\u2011")
# Between two caps words of one run: spaces, with single "A" or "I" between
# ("WHAT A DISGRACE").
_GAP_RE = re.compile(r"[ \t]+(?:[AI][ \t]+)*")
# A run used as a label: "BREAKING:", "UPDATE —", "FILE PHOTO:", "UPDATE (Monday)".
_LABEL_AFTER_RE = re.compile(r"[ \t]*(?::|[—–(]|--)")

# An interviewer's question ("Q: Why now?") is not the writer's rhetoric.
_INTERVIEW_RE = re.compile(r"^[ \t]*Q[:.]", re.MULTILINE)


class Voice:
    """Where the writer's own voice is: outside quotations and outside page chrome.

    Built once per evaluation; every look-up is a bisection. `chrome` holds the
    indices of sentences with page furniture, filled in from the lexicon matches.
    """

    def __init__(self, doc: Analysis) -> None:
        self.doc = doc
        self.chrome: set[int] = set()
        sentences = doc.sentences
        self.sentence_starts: list[int] = list(map(_START, sentences))
        self.sentence_ends: list[int] = list(map(_END, sentences))
        quotations = doc.quotations
        self.quote_starts: list[int] = list(map(_START, quotations))
        # The furthest end of the quotations opened so far covers nested ones.
        self.quote_reach = list(accumulate(map(_END, quotations), max))
        # Shifted by one for the bisection's insertion points: entry i is the
        # end of the sentence (the reach of the quotations) before point i.
        self._end_before = [-1, *self.sentence_ends]
        self._reach_before = [-1, *self.quote_reach]
        paragraphs = doc.paragraphs
        self.heading_paragraphs = frozenset(i for i, p in enumerate(paragraphs) if p.heading)

    def sentences_of(self, offsets: Sequence[int]) -> list[int]:
        """The sentence index of each offset, -1 when it lies between sentences."""
        # Mapped in C: a text of a million marks costs a few passes, not a Python loop.
        after = list(map(partial(bisect.bisect_right, self.sentence_starts), offsets))
        inside = list(map(operator.lt, offsets, map(self._end_before.__getitem__, after)))
        indices = list(map(operator.sub, after, repeat(1)))
        if all(inside):
            return indices
        return [i if ok else -1 for i, ok in zip(indices, inside, strict=True)]

    def author_sentences(self, offsets: Sequence[int]) -> list[int]:
        """`sentences_of`, with -1 also for offsets in quotations or page chrome."""
        sentences = self.sentences_of(offsets)
        if self.quote_starts:
            after = map(partial(bisect.bisect_right, self.quote_starts), offsets)
            quoted = list(map(operator.gt, map(self._reach_before.__getitem__, after), offsets))
            if any(quoted):
                sentences = [-1 if q else i for i, q in zip(sentences, quoted, strict=True)]
        if self.chrome:
            chrome = self.chrome
            sentences = [-1 if i in chrome else i for i in sentences]
        return sentences

    def quoted(self, offset: int) -> bool:
        """Whether `offset` lies inside a quotation."""
        k = bisect.bisect_right(self.quote_starts, offset)
        return k > 0 and self.quote_reach[k - 1] > offset

    def author(self, offset: int, sentence: int) -> bool:
        """Whether a cue at `offset` in `sentence` is in the writer's own voice."""
        return sentence >= 0 and sentence not in self.chrome and not self.quoted(offset)

    def in_heading(self, sentence: int) -> bool:
        """Whether the sentence is a heading line."""
        return self.doc.sentences[sentence].paragraph in self.heading_paragraphs


def match_lexicon(doc: Analysis, voice: Voice) -> list[Cue]:
    """Every lexicon phrase outside quotations, page chrome included, in text order.

    Where phrases overlap the longest wins ("see for yourself" over
    "yourself"). A `start` phrase counts only as the first words of its
    sentence (after "so", "please", ...). "US" in capitals is the country, and
    "I" after "World War" or "phase" a numeral. An intensifier or hyperbole
    right after a negation ("no miracle cure") is restraint, not intensity. A
    superlative up to three words before "ever" ("the worst deal ever") is
    hyperbole.
    """
    starts, ends, words, _ = doc.folded
    hits = list(compress(range(len(words)), map(ANCHORS.__contains__, words)))
    # Most hits are pronouns in quotations: dropped here in bulk.
    sentences = voice.author_sentences(list(map(starts.__getitem__, hits)))
    single = SINGLE_WORDS
    found: list[tuple[int, int, str, int]] = []  # (first token, last token, kind, sentence)
    for k, index in zip(hits, sentences, strict=True):
        if index < 0:
            continue
        word = words[k]
        kind = single.get(word)
        if kind is not None:
            if word in ("i", "us") and not _is_pronoun(doc, k):
                continue
            if kind in NEGATABLE and _negated(words, k):
                continue  # "no miracle cure", "not completely clear": the writer tempers
            found.append((k, k, kind, index))
        elif word == "ever":
            first = _superlative_before(words, k, starts, voice.sentence_starts[index])
            if first is not None:
                found.append((first, k, "hyperbole", index))
        else:
            match = _phrase_at(doc, k, index)
            if match is not None:
                found.append(match)
    return [
        Cue(kind, starts[first], ends[last], index)
        for first, last, kind, index in _longest_first(found)
    ]


def _phrase_at(doc: Analysis, k: int, index: int) -> tuple[int, int, str, int] | None:
    """The longest phrase anchored at token `k`, as (first token, last token, kind, sentence)."""
    words = doc.folded.words
    for offset, phrase in PHRASES[words[k]]:
        first = k - offset
        last = first + len(phrase.words) - 1
        if first < 0 or tuple(words[first : last + 1]) != phrase.words:
            continue
        if phrase.start_only and not _opens_sentence(doc, first, index):
            continue
        if phrase.kind in NEGATABLE and _negated(words, first):
            return None
        return first, last, phrase.kind, index
    return None


def _longest_first(
    found: list[tuple[int, int, str, int]],
) -> list[tuple[int, int, str, int]]:
    """Overlapping matches resolved: longer ones first, then in text order."""
    if all(first == last for first, last, _, _ in found):
        return found  # single words never overlap
    taken: set[int] = set()
    kept = []
    for match in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
        span = range(match[0], match[1] + 1)
        if taken.isdisjoint(span):
            taken.update(span)
            kept.append(match)
    kept.sort()
    return kept


def _negated(words: Sequence[str], k: int) -> bool:
    """Whether a negation stands up to two words before word `k` ("not a miracle", "isn't")."""
    return any(w in NEGATIONS or w.endswith("n't") for w in words[max(k - 2, 0) : k])


def _is_pronoun(doc: Analysis, k: int) -> bool:
    """False for "US" (the country) and for "I" as a numeral ("World War I", "phase I")."""
    text = doc.tokens[k].text
    if text == "US":
        return False
    return not (text == "I" and k > 0 and doc.folded.words[k - 1] in ROMAN_I_BEFORE)


def _opens_sentence(doc: Analysis, k: int, index: int) -> bool:
    """Whether token `k` is its sentence's first word, but for openers like "so" or "please"."""
    starts, _, words, _ = doc.folded
    tokens = doc.tokens
    sentence_start = doc.sentences[index].start
    j = k - 1
    while j >= 0 and starts[j] >= sentence_start:
        if tokens[j].kind == "word" and words[j] not in IMPERATIVE_OPENERS:
            return False
        j -= 1
    return True


def _superlative_before(
    words: Sequence[str], k: int, starts: Sequence[int], sentence_start: int
) -> int | None:
    """The index of a superlative up to three words before "ever", in the same sentence."""
    for j in range(k - 1, max(k - 4, -1), -1):
        if starts[j] < sentence_start:
            return None
        if words[j] in SUPERLATIVES:
            return j
    return None


class Marks(NamedTuple):
    """The writer's "!" and "?" marks: how many "!", and by sentence the offset of its last mark."""

    exclamation_marks: int
    exclaiming: dict[int, int]
    asking: dict[int, int]


def _mark_offsets(doc: Analysis, mark: str) -> list[int]:
    """Offsets of `mark` standing as punctuation (not inside a URL such as "page?id=3")."""
    text = doc.text
    count = text.count(mark)
    if not count:
        return []
    starts, _, words, _ = doc.folded
    if count * 8 > len(words):
        # Many marks: one pass over the tokens in C beats a search per mark.
        return list(map(starts.__getitem__, compress(range(len(words)), map(mark.__eq__, words))))
    offsets = []
    at = text.find(mark)
    while at >= 0:
        if not text[at + 1 : at + 2].isalnum():
            offsets.append(at)
        at = text.find(mark, at + 1)
    return offsets


def find_marks(doc: Analysis, voice: Voice) -> Marks:
    """Exclamation and question marks in the writer's voice, by sentence.

    A mark counts when it is outside quotations and page chrome; a question
    also when it is not an interviewer's ("Q: Why now?"). Sentences are
    found for all marks at once (`Voice.author_sentences`), so that a text of
    a million marks stays cheap.
    """
    text = doc.text
    found = []
    for mark in "!?":
        offsets = _mark_offsets(doc, mark)
        sentences = voice.author_sentences(offsets)
        # Offsets ascend, so each sentence keeps its last mark.
        by_sentence = dict(zip(sentences, offsets, strict=True))
        by_sentence.pop(-1, None)
        found.append((by_sentence, len(offsets) - sentences.count(-1)))
    (exclaiming, marks), (asking, _) = found
    if asking:
        for index in voice.sentences_of([m.start() for m in _INTERVIEW_RE.finditer(text)]):
            asking.pop(index, None)
    return Marks(marks, exclaiming, asking)


def mark_run(text: str, offset: int) -> tuple[int, int]:
    """The run of "!" and "?" marks around `offset` ("?!", "!!!")."""
    start, end = offset, offset + 1
    while start > 0 and text[start - 1] in "!?":
        start -= 1
    while end < len(text) and text[end] in "!?":
        end += 1
    return start, end


class _CapsWord(NamedTuple):
    start: int
    end: int
    text: str
    role: str  # "common" ("NOT"), "vocab" ("DISGRACE"), "listed" ("WHO"), "acronym", "neutral"


def find_shouting(doc: Analysis, voice: Voice) -> list[Cue]:
    """Runs of all-caps words that shout rather than abbreviate or head a section.

    A caps word is a common word ("NOT", "HELL": tier 1 of `vocabulary()`), a
    rarer word ("DISGRACE": tier 2), an acronym or name ("FBI", "C-SPAN",
    "WHO": not in `vocabulary()`, or listed in `ACRONYMS`), or neutral (a
    two-letter function word). A run shouts when it holds a common word and
    either another word or no acronym ("WHAT A DISGRACE" and "NOT" shout;
    "USA TODAY" and "NEW YORK" are names). A lone common word is a name when
    the text spells it out in parentheses ("(DASH)"), uses it three times or
    more, or a capitalised word, a number or a name head stands next to it
    ("FOX News", "TYPE 2", "the SPRINT trial"). Not counted: headings;
    subheads (a run opening a line or sentence with no punctuation of its
    own, the line ending or a capitalised word following: "BY THE NUMBERS
    Eight in ten..."; or a whole sentence ending in "?", ":" or "..."); labels
    ("BREAKING:"); runs in parentheses or quotations.
    """
    text = doc.text
    runs = _caps_runs(text)
    if not runs:
        return []
    lone = Counter(words[0].text for *_, words in runs if len(words) == 1)
    # Words the text defines in parentheses: "Dietary Approaches to Stop Hypertension (DASH)".
    defined = frozenset(m.group(1) for m in _DEFINED_RE.finditer(text)) if lone else frozenset()
    sentences = voice.sentences_of([start for start, _, _ in runs])
    cues = []
    for (start, end, words), index in zip(runs, sentences, strict=True):
        if not voice.author(start, index) or voice.in_heading(index):
            continue
        if _LABEL_AFTER_RE.match(text, end) or (
            text[start - 1 : start] == "(" and text[end : end + 1] == ")"
        ):
            continue
        sentence_start = voice.sentence_starts[index]
        opens = _first_in(text, start, sentence_start) or _opens_line(text, start)
        if opens and (
            _SUBHEAD_AFTER_RE.match(text, end)
            or text[end : voice.sentence_ends[index]].strip() in _SUBHEAD_ENDINGS
        ):
            continue
        if _shouts(text, words, sentence_start, lone, defined):
            cues.append(Cue("shouting", start, end, index))
    return cues


# What may come before a run that opens its sentence: quotes, bullets, dashes.
_OPENING = " \t\"“‘'•*-–—"
# After a subhead: the line ends, or a capitalised word begins the section's text
# ("BY THE NUMBERS Eight in ten", "TWEETS A new study").
_SUBHEAD_AFTER_RE = re.compile(r"[ \t]*(?:\n|\Z|[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]|[AI][ \t]+[a-z])")
# A whole sentence in capitals ending so is a subhead ("WHICH DRUG TO TAKE?"); one ending
# in "!" or "." shouts.
_SUBHEAD_ENDINGS = frozenset({"", "?", ":", "...", "…"})


def _first_in(text: str, offset: int, sentence_start: int) -> bool:
    """Whether only quotes, bullets or dashes stand between the sentence's start and `offset`."""
    j = offset
    while j > sentence_start and text[j - 1] in _OPENING:
        j -= 1
    return j == sentence_start


def _opens_line(text: str, offset: int) -> bool:
    """Whether only spaces stand between the start of the line and `offset`."""
    j = offset
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] == "\n"


def _caps_runs(text: str) -> list[tuple[int, int, list[_CapsWord]]]:
    """Runs of standalone caps words on one line, each with its words of two letters or more."""
    runs: list[tuple[int, int, list[_CapsWord]]] = []
    glue = _GLUE
    size = len(text)
    for m in CAPS_WORD_RE.finditer(text):
        start, end = m.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < size else " "
        if before.isalnum() or before in glue or after.isalnum() or after == "_":
            continue
        if after in glue and end + 1 < size and (text[end + 1].isalnum() or text[end + 1] == "_"):
            continue
        word = _CapsWord(start, end, m.group(), _role(m.group()))
        if runs and _GAP_RE.fullmatch(text, runs[-1][1], start):
            runs[-1][2].append(word)
            runs[-1] = (runs[-1][0], end, runs[-1][2])
        else:
            runs.append((start, end, [word]))
    return runs


def _role(word: str) -> str:
    """ "common" or "vocab" (a word: frequent, or less so), "listed" (an acronym that spells a
    word), "acronym" or "neutral" (a two-letter function word)."""
    base, _, suffix = word.replace("’", "'").partition("'")
    lower = base.lower()
    if "-" in base:
        # "ALL-OUT" is words; "C-SPAN", "CAR-T", "PPD-NOS" are not.
        tiers = [vocabulary().get(part, 0) for part in lower.split("-")]
        return "acronym" if 0 in tiers else ("common" if 1 in tiers else "vocab")
    if len(base) == 2:
        return "neutral" if lower in TWO_LETTER_WORDS else "acronym"
    tier = vocabulary().get(lower)
    if tier is not None:
        if base in ACRONYMS:
            return "listed"
        return "common" if tier == 1 else "vocab"
    # "ISN'T", "DOESN'T": negation is ordinary vocabulary.
    return "common" if suffix == "T" else "acronym"


def _shouts(
    text: str,
    words: list[_CapsWord],
    sentence_start: int,
    lone: Counter[str],
    defined: frozenset[str],
) -> bool:
    """Whether a run of caps words shouts (rules in `find_shouting`)."""
    if len(words) == 1:
        (word,) = words
        if word.role != "common" or lone[word.text] >= 3 or word.text in defined:
            return False
        after = _AFTER_RE.match(text, word.end)
        if after and (after.group(1) in NAME_HEADS or not after.group(1).islower()):
            return False  # "the SPRINT trial", "FOX News", "TYPE 2"
        before = _BEFORE_RE.search(text, max(sentence_start, word.start - 40), word.start)
        # "PLoS ONE", "Navy SEAL"; but "But NOT", "The NOT-SO-GREAT" open the sentence.
        return not (
            before
            and before.group(1)[0].isupper()
            and not before.group(1).isupper()
            and not _first_in(text, before.start(1), sentence_start)
        )
    roles = [w.role for w in words]
    common = roles.count("common")
    words_in_run = common + roles.count("vocab") + roles.count("listed")
    if not common:
        return False  # "AD AD", "PM CET": labels and abbreviations
    return words_in_run >= 2 or "acronym" not in roles


# The word after a lone caps word, and a capitalised word right before one.
_AFTER_RE = re.compile(r"[ \t]+(\w+)")
_BEFORE_RE = re.compile(r"(\w+)[ \t]+\Z")
_DEFINED_RE = re.compile(r"\((\w[\w'’\-]*)\)")
