"""The assertions of a text and the specific details they hold.

An assertion is a sentence in the writer's voice: outside headings, and not
wholly inside a quotation (a quoted sentence is its speaker's wording, and
who is quoted is the `attribution` heuristic's business). A quoted sentence
or a heading ends a passage: the next assertion starts a new one.

Details come from the shared analysis: names (`doc.names`, people, places and
organisations), numbers (`doc.numbers`) and date expressions (`doc.dates`);
each is counted in the sentence that holds its first character.

The sentences' states are kept as one byte string (`Profile.states`), so that
runs of unspecific assertions are found by a regular expression in C and a
text of a million one-word sentences costs little more than its analysis.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from reliability import Analysis

_START = operator.attrgetter("start")
_END = operator.attrgetter("end")
_PARAGRAPH = operator.attrgetter("paragraph")
_HEADING = operator.attrgetter("heading")

# A sentence's state, one byte each: not an assertion (a heading or a quoted
# sentence), an assertion with no detail, an assertion with one.
OTHER = ord("|")
UNSPECIFIC = ord("u")
SPECIFIC = ord("s")
_STATE_OF_HEADING = {False: UNSPECIFIC, True: OTHER}

# Number kinds that measure something; years and ordinals ("first") date or rank.
QUANTITY_KINDS = frozenset({"cardinal", "percent", "money"})


@dataclass(slots=True)
class Profile:
    """The sentences' states and the details counted over the assertions."""

    states: bytearray
    names: int = 0
    titled_names: int = 0
    numbers: int = 0
    quantities: int = 0
    dates: int = 0

    @property
    def assertions(self) -> int:
        return len(self.states) - self.states.count(OTHER)

    @property
    def specific(self) -> int:
        return self.states.count(SPECIFIC)

    def unspecific_runs(self, minimum: int = 1) -> Iterator[tuple[int, int]]:
        """(first, last + 1) sentence indices of each run of at least `minimum`
        consecutive unspecific assertions, in order."""
        pattern = re.compile(b"u{%d,}" % minimum)
        return (m.span() for m in pattern.finditer(self.states))


def profile(doc: Analysis) -> Profile:
    """The states of `doc`'s sentences and the details in its assertions."""
    sentences = doc.sentences
    headings = list(map(_HEADING, doc.paragraphs))
    states = bytearray(
        map(_STATE_OF_HEADING.__getitem__, map(headings.__getitem__, map(_PARAGRAPH, sentences)))
    )
    starts = list(map(_START, sentences))
    ends = list(map(_END, sentences))
    _mark_quoted(doc, states, starts, ends)
    result = Profile(states)
    # People named with their role are counted once each: a role says who someone is,
    # and saying it again with every mention tells the reader nothing more.
    titled: set[str] = set()
    for name in _placed(doc.names, states, starts, ends):
        result.names += 1
        if name.title is not None:
            titled.add(name.text.casefold())
    result.titled_names = len(titled)
    for number in _placed(doc.numbers, states, starts, ends):
        result.numbers += 1
        result.quantities += number.kind in QUANTITY_KINDS
    for _date in _placed(doc.dates, states, starts, ends):
        result.dates += 1
    return result


def _placed(
    elements: Sequence[Any], states: bytearray, starts: list[int], ends: list[int]
) -> Iterator[Any]:
    """The elements that start inside an assertion; marks those assertions specific."""
    offsets = list(map(_START, elements))
    # One bisect per element, run by map() in C.
    indices = map(bisect.bisect_right, repeat(starts), offsets)
    for index, offset, element in zip(indices, offsets, elements, strict=True):
        k = index - 1
        if k >= 0 and offset < ends[k] and states[k] != OTHER:
            states[k] = SPECIFIC
            yield element


def _mark_quoted(doc: Analysis, states: bytearray, starts: list[int], ends: list[int]) -> None:
    """Mark the sentences that lie wholly inside one quotation as not assertions.

    A sentence that opens with the quotation mark and ends with it (or with
    the full stop just after it) counts as inside; one that goes on past the
    closing mark ("... ,” he said.") does not.
    """
    for quotation in doc.quotations:
        if quotation.depth:
            continue
        lo = bisect.bisect_left(starts, quotation.start)
        hi = bisect.bisect_right(starts, quotation.end, lo)
        # Sentences starting inside the quotation; the last may run past it.
        while hi > lo and ends[hi - 1] > quotation.end + 1:
            hi -= 1
        if hi > lo:
            states[lo:hi] = bytes([OTHER]) * (hi - lo)
