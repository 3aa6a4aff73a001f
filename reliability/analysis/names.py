"""Candidate proper names: runs of capitalised words, with titles kept apart.

A run is a sequence of capitalised word tokens separated by spaces (never a
line break or punctuation). Inside a run may stand initials ("George W.
Bush"), lower-case particles ("Ludwig van Beethoven", "Osama bin Laden"),
Arabic prefixed names ("al-Assad", which may also start a run), and "of"/"for"
after an institution's head noun ("Bank of America", "Commissioner for Human
Rights"), and a number before a capitalised measure word ("60 Minutes"). A
possessive ends a run and is left out of the span ("Maduro’s" →
"Maduro").

Not names:

- capitalised function words ("The", "In", "However") at the start of a run,
  anywhere: "The Washington Post" → "Washington Post", "The Daily Wire" →
  "Daily Wire" (consistently without the article);
- month and weekday names ("October", "Sunday"); "May", "April", "June" and
  "August" are kept inside a name ("Theresa May") unless a digit follows;
- a capitalised word that only starts a sentence ("Obviously", "Plans",
  "Police"): a one-word run at the start of a sentence is a name only if the
  same word is capitalised elsewhere in the text, not at a sentence start
  ("Reuters reports", "Moscow has"), is an acronym ("CARACAS –") or is
  possessive ("Venezuela’s air defenses"). A name used once, only at the
  start of a sentence, is missed; that is rarer in news than a common word
  opening a sentence. A longer run keeps
  its first word unless that word is a number word, ends like an adverb,
  participle or adjective ("-ly", "-ing", "-ed", "-able", ...), or occurs in
  lower case elsewhere in the text ("Deepening Russian ties" → "Russian");
- compounds whose later part is lower case ("Russian-supplied", "US-bound");
- runs of three or more all-capital words (shouting, not acronyms);
- title-case headlines (no closing punctuation and mostly capitalised words),
  where capitals say nothing about names.

Titles: when a run holds an honorific or role word ("Mr.", "President",
"Minister", "General"), everything up to the last such word is the `title`
and the rest is the name: "Mr. Abrams" → "Abrams" with title "Mr.";
"Russian President Vladimir Putin" → "Vladimir Putin" with title "Russian
President". After "of"/"for" ("Secretary of State Marco Rubio") the last two
words are the name. A lower-case role word straight before a run is its title
("spokeswoman Maria Zakharova"). A run that is only a title ("Secretary of
State") is not a name; words before the title ("US" in "the US President") are.
A title word followed only by an institution's head noun is part of an
organisation name ("Justice Department").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reliability.analysis.elements import Name, Sentence, Token
from reliability.analysis.lexicon import (
    FUNCTION_WORDS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    MONTHS_ALSO_NAMES,
    NAME_CONNECTORS,
    NAME_PREFIXES,
    NAME_SUFFIXES,
    ORDINALS,
    ORGANISATION_HEADS,
    TEENS,
    TENS,
    TITLE_ABBREVIATIONS,
    TITLE_WORDS,
    UNIT_WORDS,
    UNITS,
    WEEKDAYS,
)

__all__ = ["find_names"]

_CALENDAR = frozenset(MONTHS) | frozenset(MONTH_ABBREVIATIONS) | frozenset(WEEKDAYS)
_NUMBER_WORDS = frozenset(UNITS) | frozenset(TEENS) | frozenset(TENS) | frozenset(ORDINALS)
_ORG_CONNECTORS = frozenset({"of", "for"})
_CAPITALISED_FUNCTION_WORDS = frozenset(w.capitalize() for w in FUNCTION_WORDS)
_JOINERS = NAME_CONNECTORS | _ORG_CONNECTORS | {"the"}
_PUNCTUATION = "\"“”‘’'«»()[]{}.,;:!?…–—-"
_OPENING = frozenset("“\"‘'(«[")
_HEADLINE_SHARE = 0.6
# Endings of adverbs, participles and adjectives: a capitalised sentence
# opener with one of them is rarely part of a name ("Concerning Russia",
# "Irreconcilable Russian positions").
_NON_NAME_ENDINGS = ("ing", "ly", "ed", "able", "ible", "ous", "ive", "ful", "less")

# A unit of a run: (start, end, text, role); role is "word", "initial",
# "connector", "title" (an abbreviated title with its full stop) or "suffix"
# ("Jr.", "Sr.").
_Unit = tuple[int, int, str, str]


def find_names(text: str, tokens: Sequence[Token], sentences: Sequence[Sentence]) -> list[Name]:
    """Candidate proper names in `text`, in order."""
    # Runs can only start at a capitalised word other than a function word
    # (or at "al-…"); finding those first keeps the per-token work to one
    # cheap test.
    skip_words = _CAPITALISED_FUNCTION_WORDS
    candidates = [
        k
        for k, t in enumerate(tokens)
        if (t.text[0].isupper() and t.text not in skip_words)
        or (t.text[0] in "ae" and t.text.startswith(NAME_PREFIXES))
    ]
    runs: list[tuple[list[_Unit], bool, str | None]] = []
    known: set[str] = set()
    n_sentences = len(sentences)
    si = -1
    sentence = None
    first_word = -1
    skip = False
    next_k = 0
    for k in candidates:
        if k < next_k:
            continue
        start = tokens[k].start
        if sentence is None or start >= sentence.end:
            while si + 1 < n_sentences and sentences[si + 1].start <= start:
                si += 1
            if si < 0:
                continue
            sentence = sentences[si]
            skip = _is_headline(text, sentence.start, sentence.end)
            first_word = sentence.start
            while first_word < sentence.end and text[first_word] in _OPENING:
                first_word += 1
        if skip or start >= sentence.end:
            continue
        units, next_k, role_word = _run_from(text, tokens, k, sentence.start, sentence.end)
        if not units:
            continue
        initial = units[0][0] == first_word
        runs.append((units, initial, role_word))
        # Words seen at the edge of a name away from a sentence start: a
        # name used alone ("Moscow", "Putin"), not a word inside one
        # ("Foreign" in "Russian Foreign Ministry").
        if not initial:
            known.add(_bare(units[0][2]))
        if len(units) > 1:
            known.add(_bare(units[-1][2]))
    names: list[Name] = []
    whole_words = _WholeWords(text)
    for units, initial, role_word in runs:
        names.extend(_names_of(text, units, initial, role_word, known, whole_words))
    return names


def _is_headline(text: str, start: int, end: int) -> bool:
    """A title-case line: no closing punctuation and mostly capitalised content words."""
    if text[end - 1] in ".!?”\"’'…:":
        return False
    words = [w.strip(_PUNCTUATION) for w in text[start:end].split()]
    content = [w for w in words if w and w[0].isalpha() and w.lower() not in FUNCTION_WORDS]
    if len(content) < 3:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= _HEADLINE_SHARE


def _is_capitalised(token: Token) -> bool:
    """A word token that can be part of a name on its own."""
    if token.kind != "word":
        return False
    t = token.text
    if not t[0].isupper():
        return t.startswith(NAME_PREFIXES) and t[t.index("-") + 1 : t.index("-") + 2].isupper()
    if "-" in t:
        # "Russian-supplied", "US-bound": an adjective, not a name; "July-September"
        # is a period.
        parts = t.split("-")
        if all(part in _CALENDAR for part in parts):
            return False
        return not any(part.isalpha() and part.islower() for part in parts[1:])
    return True


def _run_from(
    text: str, tokens: Sequence[Token], k: int, lo: int, limit: int
) -> tuple[list[_Unit], int, str | None]:
    """The run starting at token k, within the sentence [lo, limit).

    Returns its units, the index of the first token after it and the
    lower-case role word before it, if any.
    """
    units: list[_Unit] = []
    first = k
    n = len(tokens)
    while k < n:
        token = tokens[k]
        if token.start >= limit:
            break
        t = token.text
        prev = units[-1] if units else None
        if prev is not None:
            if not (t[0].isupper() or t in _JOINERS or t.startswith(NAME_PREFIXES)):
                break  # the common end of a run: a lower-case word or punctuation
            if not _joined(text, prev[1], token.start):
                break
        nxt = tokens[k + 1] if k + 1 < n else None
        unit: _Unit | None
        if (
            token.kind == "word"
            and t[0].isupper()
            and "-" not in t
            and t not in _CALENDAR
            and not (nxt is not None and nxt.start == token.end and nxt.text == ".")
        ):
            unit, width = (token.start, token.end, t, "word"), 1  # the common case
        else:
            unit, width = _unit_at(text, tokens, k, limit, prev)
        if unit is None:
            break
        units.append(unit)
        k += width
        if unit[3] == "word" and unit[2].endswith(("’s", "'s")):
            break  # a possessive ends the name
    while units and units[-1][3] == "connector":
        units.pop()
    # A capitalised function word never starts a name ("The Washington Post").
    leading = units[0] if units else None
    while units and (units[0][3] == "connector" or _is_function_word(units[0][2])):
        units.pop(0)
    if not units:
        return [], max(k, first + 1), None
    role_word = None
    before = None
    if units[0] is leading and first > 0 and tokens[first - 1].start >= lo:
        before = tokens[first - 1]
    if before is not None and _joined(text, before.end, units[0][0]):
        if before.text in TITLE_WORDS:
            role_word = before.text
        elif before.kind == "number" and units[0][2].lower() in UNIT_WORDS:
            # "60 Minutes": a number before a capitalised measure word is a title.
            units.insert(0, (before.start, before.end, before.text, "word"))
    return units, k, role_word


def _joined(text: str, end: int, start: int) -> bool:
    """Whether two units are separated by spaces only, on one line."""
    gap = text[end:start]
    return gap == " " or (gap.isspace() and "\n" not in gap and "\r" not in gap)


def _unit_at(
    text: str, tokens: Sequence[Token], k: int, limit: int, prev: _Unit | None
) -> tuple[_Unit | None, int]:
    """The name unit starting at token k (and how many tokens it takes), or None.

    `prev` is the unit before it in the current run, if any; `limit` is the
    sentence's end.
    """
    token = tokens[k]
    t = token.text
    hi = len(tokens)
    dot_follows = k + 1 < hi and tokens[k + 1].text == "." and tokens[k + 1].start == token.end
    if dot_follows and t in NAME_SUFFIXES and prev is not None:
        return (token.start, token.end + 1, t + ".", "suffix"), 2  # "Kennedy Jr.", "Group Inc."
    if dot_follows and _capitalised_after(text, tokens, k + 2, limit, tokens[k + 1].end):
        if len(t) == 1 and t.isupper():
            return (token.start, token.end + 1, t + ".", "initial"), 2
        if t.lower() in TITLE_ABBREVIATIONS and t[:1].isupper():
            return (token.start, token.end + 1, t + ".", "title"), 2
    if token.kind != "word":
        return None, 1
    if t in _CALENDAR:
        # "Theresa May" is a name; "May 3", "Sunday" are dates.
        if prev is None or t not in MONTHS_ALSO_NAMES or _is_function_word(prev[2]):
            return None, 1
        if k + 1 < hi and tokens[k + 1].kind == "number":
            return None, 1
    if _is_capitalised(token):
        return (token.start, token.end, t, "word"), 1
    if prev is None or t not in _JOINERS:
        return None, 1
    if not _capitalised_after(text, tokens, k + 1, limit, token.end):
        return None, 1
    if (
        t in NAME_CONNECTORS
        or (t in _ORG_CONNECTORS and _bare(prev[2]).lower() in ORGANISATION_HEADS)
        or (t == "the" and prev[2] in _ORG_CONNECTORS)
    ):
        return (token.start, token.end, t, "connector"), 1
    return None, 1


def _capitalised_after(text: str, tokens: Sequence[Token], k: int, limit: int, end: int) -> bool:
    """Whether token k is a capitalised word before `limit`, joined to the text ending at `end`."""
    return (
        k < len(tokens)
        and tokens[k].start < limit
        and _joined(text, end, tokens[k].start)
        and _is_capitalised(tokens[k])
    )


def _bare(word: str) -> str:
    """A word without a possessive ending."""
    if word.endswith(("’s", "'s")):
        return word[:-2]
    return word


def _names_of(
    text: str,
    units: list[_Unit],
    initial: bool,
    role_word: str | None,
    known: set[str],
    whole_words: _WholeWords,
) -> list[Name]:
    """The names (zero, one or two) a run stands for."""
    if len(units) == 1 and not initial and units[0][3] == "word":
        # The common case: one capitalised word inside a sentence.
        word = units[0][2]
        if _bare(word).lower() in TITLE_WORDS:
            return []
        return [_name(text, units, role_word)]
    units = list(units)
    if initial:
        word = _bare(units[0][2])
        if len(units) == 1:
            acronym = word.isupper() and len(word) > 1
            possessive = word != units[0][2]
            if word not in known and not acronym and not possessive:
                return []
        elif word not in known and (
            word.lower() in _NUMBER_WORDS
            or (len(word) > 5 and word.lower().endswith(_NON_NAME_ENDINGS))
            or whole_words.occurs(word.lower())
        ):
            units.pop(0)
            while units and units[0][3] == "connector":
                units.pop(0)
    if not units:
        return []
    if len(units) >= 3 and all(u[2].isupper() and len(u[2]) > 1 for u in units):
        return []  # shouting
    return _split_title(text, units, role_word)


def _is_function_word(word: str) -> bool:
    """Whether a capitalised word is a closed-class word ("The", "However").

    All-capital words never are: "US" is a country, "Us" a pronoun. A
    contraction counts by its first part ("It's", "Don’t").
    """
    for apostrophe in "'’":
        word = word.split(apostrophe, 1)[0]
    return not (word.isupper() and len(word) > 1) and word.lower() in FUNCTION_WORDS


def _occurs_lower(text: str, word: str) -> bool:
    """Whether `word` (lower case) occurs in `text` as a whole word."""
    i = text.find(word)
    n = len(word)
    while i >= 0:
        before = text[i - 1] if i > 0 else " "
        after = text[i + n] if i + n < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        i = text.find(word, i + 1)
    return False


_ALNUM_RUN_RE = re.compile(r"[^\W_]+")  # letters and digits: what str.isalnum() accepts


class _WholeWords:
    """`_occurs_lower` for one text, each word answered once.

    The first `SCANS` words are looked for in the whole text; after that an index
    of where each run of letters and digits starts is built (once), and a word
    starting with a letter or digit is looked for only where its first run
    stands, so many different words cost time linear in the text.
    """

    SCANS = 32

    def __init__(self, text: str) -> None:
        self.text = text
        self.answers: dict[str, bool] = {}
        self.runs: dict[str, list[int]] | None = None

    def occurs(self, word: str) -> bool:
        answer = self.answers.get(word)
        if answer is None:
            answer = self.answers[word] = self._find(word)
        return answer

    def _find(self, word: str) -> bool:
        text = self.text
        first = _ALNUM_RUN_RE.match(word)
        if first is None or len(self.answers) < self.SCANS:
            return _occurs_lower(text, word)
        if self.runs is None:
            self.runs = {}
            for m in _ALNUM_RUN_RE.finditer(text):
                self.runs.setdefault(m.group(), []).append(m.start())
        # A whole-word occurrence starts where a run starts (the character before is
        # not a letter or digit) and that run is exactly the word's first run.
        n = len(word)
        for i in self.runs.get(first.group(), ()):
            if text.startswith(word, i) and (i + n == len(text) or not text[i + n].isalnum()):
                return True
        return False


def _split_title(text: str, units: list[_Unit], role_word: str | None) -> list[Name]:
    """Split a run into its title and its name."""
    last_title = -1
    for k, unit in enumerate(units):
        if unit[3] == "title" or (unit[3] == "word" and _bare(unit[2]).lower() in TITLE_WORDS):
            last_title = k
    if last_title < 0:
        return [_name(text, units, role_word)]
    rest = units[last_title + 1 :]
    if rest and rest[0][3] == "connector" and rest[0][2] in _ORG_CONNECTORS:
        # "Secretary of State Marco Rubio": the name is the last two words.
        words = [u for u in rest[1:] if u[3] != "connector"]
        keep = 2 if len(words) >= 3 else (1 if len(words) == 2 else 0)
        rest = rest[len(rest) - keep :] if keep else []
    if not rest:
        first_title = next(
            k for k, u in enumerate(units) if u[3] == "title" or _bare(u[2]).lower() in TITLE_WORDS
        )
        prefix = units[:first_title]
        return [_name(text, prefix, None)] if prefix else []
    if len(rest) == 1 and _bare(rest[0][2]).lower() in ORGANISATION_HEADS:
        return [_name(text, units, role_word)]  # "Justice Department"
    if all(u[3] == "suffix" for u in rest):
        return [_name(text, units, role_word)]  # "Martin Luther King Jr."
    title_units = units[: len(units) - len(rest)]
    title = text[title_units[0][0] : title_units[-1][1]]
    return [_name(text, rest, title)]


def _name(text: str, units: list[_Unit], title: str | None) -> Name:
    """The `Name` spanning `units`, without a final possessive."""
    start = units[0][0]
    end = units[-1][1]
    if units[-1][2].endswith(("’s", "'s")):
        end -= 2
    return Name(start, end, text[start:end], title)
