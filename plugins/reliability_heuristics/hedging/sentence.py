"""One sentence's tokens as the cue rules read them, and a cue found in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reliability.analysis import Token, wordset

from .lexicon import Cue

# Words skipped when looking back from a reporting verb to its subject.
AUX_SKIP = wordset(
    "have has had also now still already long often never repeatedly previously later "
    "will would did does do not n't could may might should must can just recently "
    "reportedly again further"
)
NOUN_DETERMINERS = wordset(
    "the a an this that these those his her its their our my your no any every such"
)


@dataclass(slots=True)
class Hit:
    """A cue occurrence in a sentence: token range [i, j) and its lexicon entry."""

    i: int
    j: int
    cue: Cue
    quoted: bool = False
    attributed: bool = False
    reasoned: bool = False


class SentenceView:
    """One sentence's tokens with the lookups the disambiguation rules need."""

    __slots__ = ("first_word", "folded", "heading", "n", "start", "tokens", "words")

    def __init__(
        self, tokens: Sequence[Token], words: list[str], heading: bool, folded: str, start: int
    ) -> None:
        self.tokens = tokens
        self.words = words
        self.n = len(tokens)
        self.heading = heading
        self.folded = folded  # the whole document, folded as `words` are
        self.start = start  # the sentence's offset in the document
        self.first_word = 0
        for k, token in enumerate(tokens):
            if token.kind != "punct":
                self.first_word = k
                break

    def word(self, k: int) -> str:
        """The normalised word at `k`, or "" outside the sentence."""
        return self.words[k] if 0 <= k < self.n else ""

    def is_punct(self, k: int) -> bool:
        return not 0 <= k < self.n or self.tokens[k].kind == "punct"

    def capitalised_inside(self, k: int) -> bool:
        """True for a capitalised token that does not open the sentence (a proper noun)."""
        return k > self.first_word and self.tokens[k].text[:1].isupper()

    def back(self, k: int) -> int:
        """Index of the word before `k`, skipping auxiliaries and -ly adverbs."""
        k -= 1
        while k >= 0 and (self.words[k] in AUX_SKIP or self._adverb(k)):
            k -= 1
        return k

    def _adverb(self, k: int) -> bool:
        # "widely", "publicly"; but "the family", "Italy" are nouns.
        word = self.words[k]
        return (
            len(word) > 4
            and word.endswith("ly")
            and not self.tokens[k].text[:1].isupper()
            and self.word(k - 1) not in NOUN_DETERMINERS
        )
