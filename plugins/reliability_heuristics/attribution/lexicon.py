"""The attribution heuristic's word tables: cue, source and stance phrases, and grammar words.

Phrase tables come from the TSV files in `data/` (each names where its
content comes from); the grammar word lists encode English syntax, not
lexicon, so they live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress
from pathlib import Path

from reliability.analysis import read_table, wordset
from reliability.analysis.patterns import expand_pattern

# Beside this module rather than through importlib.resources, as in hedging.py:
# an old editable install may see the package as a namespace package.
DATA_DIR = Path(__file__).resolve().parent / "data"

CUE_CLASSES = frozenset(
    {"speech", "act", "attitude", "evidence", "according", "agentless", "extension", "nominal"}
)
SOURCE_KINDS = frozenset({"official", "agency", "media", "document", "vague"})
STANCE_TYPES = frozenset({"evaluation", "modal", "booster"})
# A subject longer than this is a clause, not a noun phrase; its last name is used instead.
MAX_SOURCE_TOKENS = 12


def read_classes(filename: str, allowed: frozenset[str]) -> list[tuple[str, str]]:
    """(pattern, class) rows of a packaged three-column TSV, classes checked."""
    out = []
    for number, row in enumerate(read_table(DATA_DIR / filename, 3), start=2):
        if row[1] not in allowed:
            raise ValueError(f"{filename}: data row {number} has unknown class {row[1]!r}")
        out.append((row[0], row[1]))
    return out


# A phrase table maps a phrase's first word to its phrases grouped by length,
# longest first: the longest phrase starting at a token is found with one dict
# lookup per length, however many phrases share the first word ("in", "is").
PhraseTable = dict[str, list[tuple[int, dict[tuple[str, ...], str]]]]


def build_table(filename: str, allowed: frozenset[str], *extra: str) -> PhraseTable:
    """The phrase table of `filename`, then of each `extra` file for phrases not yet in it."""
    seen: dict[tuple[str, ...], str] = {}
    for pattern, payload in read_classes(filename, allowed):
        for phrase in expand_pattern(pattern):
            if phrase in seen and seen[phrase] != payload:
                raise ValueError(f"{filename}: {' '.join(phrase)!r} has two classes")
            seen[phrase] = payload
    for name in extra:
        for pattern, payload in read_classes(name, allowed):
            for phrase in expand_pattern(pattern):
                seen.setdefault(phrase, payload)
    grouped: dict[str, dict[int, dict[tuple[str, ...], str]]] = {}
    for phrase, payload in seen.items():
        grouped.setdefault(phrase[0], {}).setdefault(len(phrase), {})[phrase] = payload
    return {first: sorted(lengths.items(), reverse=True) for first, lengths in grouped.items()}


# Hand-written cues first; those mined from PolNeAR train (benchmarks/build_attribution_cues.py)
# only add phrases the hand-written table lacks.
CUE_TABLE = build_table("attribution_cues.tsv", CUE_CLASSES, "attribution_cues_polnear.tsv")
SOURCE_TABLE = build_table("attribution_sources.tsv", SOURCE_KINDS)
STANCE_TABLE = build_table("attribution_stance.tsv", STANCE_TYPES)
# Single words that name an unnamed group ("officials"): capitalised, they still name no one.
VAGUE_WORDS = frozenset(
    first
    for first, groups in SOURCE_TABLE.items()
    for length, phrases in groups
    if length == 1 and phrases[(first,)] == "vague"
)


def phrase_starts(words: Sequence[str], table: PhraseTable) -> list[int]:
    """Indices of the words that open some phrase of `table`, found in C."""
    return list(compress(range(len(words)), map(table.__contains__, words)))


def match_phrase(
    table: PhraseTable, words: Sequence[str], k: int, hi: int
) -> tuple[int, str] | None:
    """The longest phrase of `table` starting at token `k` and ending by `hi`: (end, payload)."""
    entries = table.get(words[k])
    if not entries:
        return None
    for length, phrases in entries:
        end = k + length
        if end <= hi:
            payload = phrases.get(tuple(words[k:end]))
            if payload is not None:
                return end, payload
    return None


# --- Grammar word lists: they encode English syntax, not lexicon, so they live here.

# Auxiliaries and adverbs between a subject and its reporting verb; PolNeAR-style
# cue spans include them ("has said", "also said").
AUX = wordset(
    "has have had will would is was are were be been being did does do not n't also later "
    "previously repeatedly recently again once still already often publicly privately "
    "never long could may might should must can just further then first initially "
    "earlier subsequently quickly immediately openly"
)
PRONOUNS = wordset("he she they it i we you")
RELATIVE = wordset("who which")
# Words of a verb phrase: a "source" holding one is a clause ("US forces will soon bomb").
CLAUSE_WORDS = wordset(
    "will would can could should may might must shall is are was were has have had do does did "
    "been being"
)
# Words that cannot open a source: it would be a prepositional phrase ("of strategic advisers").
SOURCE_OPENERS_NOT = wordset("of for to in on at by with from into over about than as")
CONJUNCTIONS = wordset("and or but nor")
# Words that may trail a subject before its verb but belong to neither ("reportedly").
SOURCE_TRAIL = wordset("reportedly allegedly also previously repeatedly later then still")
# Dashes that close a dateline ("CARACAS –", "WASHINGTON (AP) —").
DATELINE_DASHES = frozenset({"–", "—", "-", "--", "―"})
# Words that end a subject noun phrase when scanning back from a cue: clause
# openers, conjunctions and the prepositions that start adverbials ("In 2019, ...").
SUBJECT_STOP = wordset(
    "that and but or because while as when if although though after before since so where "
    "whether than until unless yet nor in on at during with from to into over under about "
    "against through without amid despite among across like how what why this these those "
    "there here is are was were has have had "
)
DETERMINERS = wordset("the a an this that these those his her its their our my your no any every")
# Words that cannot end a noun phrase: a "source" ending in one is a misparse.
BAD_SOURCE_END = wordset("the a an of for and or to by with his her its their our my your")
# Prepositions that end a source after the cue ("said Peskov on Sunday").
AFTER_STOP = wordset(
    "that on in at during after before when while as because since about to with who which "
    "last this yesterday today"
)
OPEN_QUOTES = frozenset("\"“‘'«")
CLOSE_QUOTES = frozenset("\"”’'»")
SENTENCE_END = frozenset(".!?")
# Capitalised group modifiers that still leave a group vague ("Western analysts",
# "Russian officials"): nationalities and regions, caught by their endings.
VAGUE_CAPITAL_ENDINGS = ("an", "ese", "ish", "ern", "i", "ic")
# A speech verb may take its source after it only when it follows a quotation,
# a comma or a dash, or opens a parenthetical ("as reported Tsargrad").
INVERSION_AFTER = frozenset({",", "”", '"', "’", "'", "—", "–", ":"})
INVERSION_WORDS = wordset("as how")

PASSIVE_BE = wordset("is are was were be been being")
# Capitalised only because they open a sentence: they do not name the group they modify.
COMMON_OPENERS = wordset(
    "foreign many some several other senior top former local military security government "
    "police two three four five few most all both such unnamed anonymous independent "
    "international western eastern northern southern"
)
# Connectors that may sit inside a name chain ("Office on Drugs and Crime").
NAME_CONNECTORS = wordset("and of for on from & de del la")
# Base-form cue words that are nouns after a name ("a Washington Post report that").
NOUN_CUES = wordset("report claim statement warning analysis")
PERSON_KINDS = frozenset({"person", "official"})
BODY_KINDS = frozenset({"official", "agency", "media", "document"})
GROUP_KINDS = frozenset({"official", "agency", "media", "person"})
RELATED_KINDS = {
    "media": frozenset({"media", "document"}),
    "document": frozenset({"media", "document", "agency", "official"}),
    "official": frozenset({"official", "agency"}),
    "agency": frozenset({"official", "agency"}),
}


# Endings taken off a word for its stem: "claims", "claimed", "claiming" are "claim".
STEM_ENDINGS = ("ing", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """The word without its first matching ending of `STEM_ENDINGS`, keeping three letters."""
    for ending in STEM_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word
