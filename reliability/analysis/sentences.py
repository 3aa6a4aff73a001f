"""Paragraphs and sentences, with offsets that exclude surrounding whitespace.

Paragraphs: every line break ends a paragraph, except a hard-wrapped
continuation (the line before does not end a sentence and the next line starts
in lower case). Blank lines always separate paragraphs. A single short line
(fewer than 15 words) with no closing punctuation is a heading.

Sentences never cross a paragraph boundary. A candidate boundary is a run of
".", "!", "?" or an ellipsis, with any closing quotes or brackets, followed by
whitespace; or a full stop (or "!"/"?") glued between a lower-case word and a
capitalised one ("sanctions.A recently"). A candidate is rejected when:

- the next word starts in lower case (the sentence goes on: `?” he asked`,
  "they played... a role"), unless a bare full stop after an ordinary word is
  followed by a lower-case function word (". this support was": a new
  sentence typed without its capital);
- the word before is a title or honorific ("Mr.", "Dr.", "Gen."), "v."/"vs.",
  or "e.g."/"i.e.";
- the word before is a number abbreviation ("No.", "p.") and a digit follows;
- the word before is a single capital (an initial: "George W. Bush"), a dotted
  abbreviation ("U.S.", "a.m.") or an abbreviation that can also end a
  sentence ("Inc.", "etc.", "Jan.") — unless a typical sentence opener
  ("The", "He", "But", ...) follows ("... against the U.S. The move");
- it is a list number at the start of a paragraph ("1. Mike Pompeo");
- "?" or "!" closes a quotation and a reporting clause follows
  (`“Why?” Smith asked.`);
- it lies inside a quotation that opened mid-sentence and is followed by more
  of that sentence (`saying “… capital). Besides, … aluminum,” she added.`):
  splitting would cut the reporting clause off from its quote.

Past three sentences in a row with no letter or digit (as many as a spaced ellipsis
and a full stop make, ". . . ."), the marks up to the next word end the fourth
together: a long run of marks is one sentence, not one per mark.

A full stop inside a quotation that opened the sentence may end a sentence
there (`“… over the top. This is total boorishness.”` is two sentences); a
closing quote mark always stays with the sentence it closes, even after a
stray space (`top. ” There`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from reliability.analysis.elements import Paragraph, Quotation, Sentence
from reliability.analysis.lexicon import (
    AMBIGUOUS_ABBREVIATIONS,
    FUNCTION_WORDS,
    NEVER_FINAL_DOTTED,
    NUMBER_ABBREVIATIONS,
    SPEECH_VERBS,
    TITLE_ABBREVIATIONS,
    TOP_LEVEL_DOMAINS,
)

__all__ = ["split_paragraphs", "split_sentences"]

HEADING_MAX_WORDS = 15

# Line-break characters (Python's `str.splitlines` set); other whitespace is
# horizontal.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# One line's content: from its first to its last non-space character.
_LINE_RE = re.compile(rf"\S(?:[^{_BREAKS}]*\S)?")
_BREAK_RE = re.compile(rf"\r\n|[{_BREAKS}]")

_CLOSERS = "\"”’'»)]}"
# Marks that end a line that is a complete sentence or lead-in (not a heading,
# not continued by a lower-case line).
_LINE_FINAL = ".!?…:;"
_HEADING_FINAL = ".!?…:;,"

# A sentence-ending mark, either followed by more marks, closing quotes and
# whitespace, or glued between two words. The pattern starts with a character
# class so the regex engine can skip quickly to candidate marks.
_END_RE = re.compile(
    rf"""
    [.!?…]
    (?:
        (?<=[^\W\d_]{{2}}[.!?])(?P<glued>)(?=[^\W\d_])
      | [.!?…]*[{re.escape(_CLOSERS)}]*(?=\s|$)
    )
    """,
    re.VERBOSE,
)
_SPACE_RE = re.compile(r"\s*")
# Text with no letter or digit up to its last sentence mark (as `_END_RE` finds one):
# the marks that follow a sentence of marks alone. Only the start of a run of marks is
# tried, so a long run is read once.
_MARK_RUN_RE = re.compile(rf"[\W_]*(?<![.!?…])[.!?…]++[{re.escape(_CLOSERS)}]*+(?=\s|$)")
# The next word after a boundary, past opening quotes and brackets.
_NEXT_WORD_RE = re.compile(r"[\"“‘'«„(\[]*([^\W_][\w’'-]*)")
_WORD_CHARS_RE = re.compile(r"[^\W_]+")
_ATTRIBUTION_RE = re.compile(r"(?:[A-Z][\w’'.-]*\s+){1,3}(\w+)")
# Letters with inner full stops: "U.S", "e.g", "a.m", "Ph.D" (the final stop
# is the candidate mark itself).
_DOTTED_RE = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
_LIST_MARK_RE = re.compile(r"\(?(?:[ivxIVX]{1,4}|\d{1,3}|[a-zA-Z])")
_TLDS = frozenset(TOP_LEVEL_DOMAINS)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs and heading lines of `text`, in order."""
    paragraphs: list[Paragraph] = []
    start = end = -1
    lines = 0
    prev_last = ""
    for m in _LINE_RE.finditer(text):
        line_start, line_end = m.span()
        if start >= 0:
            breaks = len(_BREAK_RE.findall(text, end, line_start))
            if breaks == 1 and prev_last not in _LINE_FINAL and text[line_start].islower():
                end = line_end
                lines += 1
                prev_last = _last_mark(text, line_start, line_end)
                continue
            paragraphs.append(_paragraph(text, start, end, lines))
        start, end, lines = line_start, line_end, 1
        prev_last = _last_mark(text, line_start, line_end)
    if start >= 0:
        paragraphs.append(_paragraph(text, start, end, lines))
    return paragraphs


def _last_mark(text: str, start: int, end: int) -> str:
    """The line's last character, looking through closing quotes and brackets."""
    i = end - 1
    while i > start and text[i] in _CLOSERS:
        i -= 1
    return text[i]


def _paragraph(text: str, start: int, end: int, lines: int) -> Paragraph:
    """A paragraph of `lines` lines; a heading when one short line with no closing mark."""
    heading = (
        lines == 1
        and _last_mark(text, start, end) not in _HEADING_FINAL
        and len(text[start:end].split()) < HEADING_MAX_WORDS
        and _WORD_CHARS_RE.search(text, start, end) is not None
    )
    return Paragraph(start, end, heading)


def split_sentences(
    text: str, paragraphs: Sequence[Paragraph], quotations: Sequence[Quotation]
) -> list[Sentence]:
    """Sentences of `text`, in order, each within one paragraph."""
    sentences: list[Sentence] = []
    running = _RunningQuotes(text, quotations) if quotations else None
    # Offsets of closing marks, so a mark after a stray space stays behind.
    closing_marks = {q.end - 1 for q in quotations if q.closed}
    for index, para in enumerate(paragraphs):
        start = pos = para.start
        limit = para.end
        wordless = 0  # sentences in a row with no letter or digit
        while (m := _END_RE.search(text, pos, limit)) is not None:
            pos = m.end()
            if m.lastindex is not None:  # the one group, "glued", took part
                end = next_start = m.end()
                if not _glued_boundary(text, para.start, m.start(), next_start):
                    continue
            else:
                end = m.end()
                next_start = _SPACE_RE.match(text, end).end()  # type: ignore[union-attr]
                if next_start >= limit:
                    continue
                # A closing mark after a stray space belongs to this sentence.
                if next_start in closing_marks:
                    end = next_start + 1
                    next_start = _SPACE_RE.match(text, end).end()  # type: ignore[union-attr]
                    if next_start >= limit:
                        continue
                if not _is_boundary(text, para.start, start, m.start(), end, next_start):
                    continue
                if running is not None and running.inside(start, m.start(), end):
                    continue
            if text[start].isalnum() or _WORD_CHARS_RE.search(text, start, end) is not None:
                wordless = 0
            else:
                wordless += 1
                if wordless >= _WORDLESS_RUN:
                    # Marks alone, again: the marks up to the next word end this one too.
                    end, next_start = _wordless_run(text, end, next_start, limit, closing_marks)
                    pos = max(pos, end)
            sentences.append(Sentence(start, end, index))
            start = next_start
        if start < limit:
            sentences.append(Sentence(start, limit, index))
    return sentences


# How far back a word is looked for: the words a boundary test reads (abbreviations,
# initials, numbers) are short, and a bounded look keeps splitting linear in the text's
# length whatever it holds (a search back to the paragraph's start made a long paragraph
# of short sentences quadratic).
_WORD_LOOKBACK = 64


# A spaced ellipsis and a full stop (". . . .") make up to three sentences of marks alone
# in a row; the next in a row takes in every further mark up to the next word, so a long
# run of marks ("? ? ? ?...", ". " repeated) is one sentence, not one per mark.
_WORDLESS_RUN = 4


def _wordless_run(
    text: str, end: int, next_start: int, limit: int, closing_marks: set[int]
) -> tuple[int, int]:
    """The end of a sentence of marks alone (ending at `end`) and the next sentence's start,
    once it takes in every further mark up to the next word."""
    run = _MARK_RUN_RE.match(text, next_start, limit)
    if run is None:
        return end, next_start
    end = run.end()
    next_start = _SPACE_RE.match(text, end).end()  # type: ignore[union-attr]
    if next_start in closing_marks:
        end = next_start + 1
        next_start = _SPACE_RE.match(text, end).end()  # type: ignore[union-attr]
    return end, next_start


def _word_before(text: str, lo: int, pos: int) -> str:
    """The whitespace-delimited word ending at `pos`, without brackets and quotes."""
    lo = max(lo, pos - _WORD_LOOKBACK)
    word = text[lo:pos].rpartition(" ")[2]
    if not word.isprintable():
        # A line break, tab or no-break space (none of them printable) may cut it shorter.
        cut = max(word.rfind("\n"), word.rfind("\t"), word.rfind("\u00a0"))
        word = word[cut + 1 :]
    return word.strip("\"“”‘’'«»()[]{}")


def _is_opener(word: str) -> bool:
    """A capitalised closed-class word that typically starts a sentence ("The", "But")."""
    return word[:1].isupper() and word.lower() in FUNCTION_WORDS and not word.isupper()


def _is_boundary(
    text: str, para_start: int, sent_start: int, punct: int, end: int, next_start: int
) -> bool:
    """Whether the candidate ending at `end` (marks from `punct`) ends a sentence."""
    first = text[next_start]
    m = _NEXT_WORD_RE.match(text, next_start)
    nxt = m.group(1) if m else ""
    marks = text[punct:end]
    if nxt[:1].islower():
        # Usually the sentence goes on (`?” he asked`, "approx. five"). A plain
        # word, a bare full stop and a lower-case function word is a new
        # sentence typed without its capital (". this support was ...").
        return marks == "." and nxt in FUNCTION_WORDS and _plain_word(text, para_start, punct)
    if not nxt and first in ",;:":
        return False
    if marks[0] in "!?":
        if marks[-1] in "”\"’'»":
            attribution = _ATTRIBUTION_RE.match(text, next_start)
            if attribution and attribution.group(1).lower() in SPEECH_VERBS:
                return False
        return True
    if marks[0] == "…" or marks.startswith(".."):
        return True
    if len(marks.rstrip(_CLOSERS)) > 1:
        return True
    word = _word_before(text, para_start, punct)
    if not word:
        return True
    lower = word.lower()
    if "." in word and _DOTTED_RE.fullmatch(word):
        return lower not in NEVER_FINAL_DOTTED and _is_opener(nxt)
    if lower in TITLE_ABBREVIATIONS:
        return False
    if lower in NUMBER_ABBREVIATIONS and first.isdigit():
        return False
    if (len(word) == 1 and word.isupper()) or lower in AMBIGUOUS_ABBREVIATIONS:
        return _is_opener(nxt)
    # "1. Mike Pompeo": list numbering at the start of a paragraph.
    return not (
        sent_start == para_start and _LIST_MARK_RE.fullmatch(text, para_start, punct) is not None
    )


def _plain_word(text: str, para_start: int, pos: int) -> bool:
    """Whether the word ending at `pos` is an ordinary word, not an abbreviation."""
    word = _word_before(text, para_start, pos)
    lower = word.lower()
    return (
        len(word) > 1
        and word.isalpha()
        and lower not in TITLE_ABBREVIATIONS
        and lower not in NUMBER_ABBREVIATIONS
        and lower not in AMBIGUOUS_ABBREVIATIONS
    )


def _glued_boundary(text: str, para_start: int, dot: int, after: int) -> bool:
    """Whether a mark glued between two words ("sanctions.A") ends a sentence."""
    if not (text[dot - 1].islower() and text[after].isupper()):
        return False
    word = _word_before(text, para_start, dot)
    lower = word.lower()
    if "." in word or lower in TITLE_ABBREVIATIONS or lower in AMBIGUOUS_ABBREVIATIONS:
        return False
    nxt = _WORD_CHARS_RE.match(text, after)
    # "Tass.Com" is a domain written in capitals.
    return not (text[dot] == "." and nxt is not None and nxt.group().lower() in _TLDS)


class _RunningQuotes:
    """Answers whether a candidate lies in a quote embedded mid-sentence that the
    sentence continues, in time independent of how deeply quotes nest.

    Only a closed quote whose sentence goes on after it can hold such a
    candidate (`_continues_after`); `_nearest(k)` is the nearest such quote
    among quote k and the quotes enclosing it, found once per quote. The quotes
    that enclose a candidate are in the enclosing chain of the last quote opened
    before it; the chain is walked outwards (jumping to `_nearest` once a quote
    encloses the candidate), and where a walk ended is kept per quote, since a
    later candidate (with a later or equal sentence start) is enclosed by no
    quote the walk passed.
    """

    _UNKNOWN = -2

    def __init__(self, text: str, quotations: Sequence[Quotation]) -> None:
        self.text = text
        self.quotations = quotations
        self.starts = [q.start for q in quotations]
        self.up = [self._UNKNOWN] * len(quotations)
        self.resume: dict[int, int] = {}

    def _nearest(self, k: int) -> int:
        """The nearest quote among quote k and those enclosing it that the sentence
        continues after, or -1."""
        up, quotations = self.up, self.quotations
        path = []
        while k >= 0 and up[k] == self._UNKNOWN:
            q = quotations[k]
            if q.closed and _continues_after(self.text, q):
                up[k] = k
                break
            path.append(k)
            k = q.parent if q.parent is not None else -1
        nearest = up[k] if k >= 0 else -1
        for j in path:
            up[j] = nearest
        return nearest

    def inside(self, sent_start: int, cand_start: int, cand_end: int) -> bool:
        """Whether the candidate `[cand_start, cand_end)` lies in such a quote that opened
        after `sent_start`."""
        i = bisect.bisect_right(self.starts, cand_start) - 1
        if i < 0:
            return False
        quotations = self.quotations
        k = self.resume.get(i, i)
        found = False
        while k >= 0:
            q = quotations[k]
            if q.start <= sent_start:
                break  # the quotes further out opened earlier still
            if q.inner_start <= cand_start and cand_end <= q.inner_end:
                nearest = self._nearest(k)
                if nearest == k:
                    found = True
                    break
                k = nearest  # past the enclosing quotes the sentence does not go on after
            else:
                k = q.parent if q.parent is not None else -1
        self.resume[i] = k
        return found


def _continues_after(text: str, q: Quotation) -> bool:
    """Whether the sentence holding `q` goes on after its closing mark."""
    last = q.inner_end - 1
    while last >= q.inner_start and text[last].isspace():
        last -= 1
    if last >= q.inner_start and text[last] in (",", "—", "–"):
        return True
    m = _NEXT_WORD_RE.match(text, _SPACE_RE.match(text, q.end).end())  # type: ignore[union-attr]
    after = text[q.end : q.end + 1]
    return after in (",", ";", ":") or (m is not None and m.group(1)[:1].islower())
