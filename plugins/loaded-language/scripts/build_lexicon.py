"""Regenerate `reliability_loaded_language/lexicon.tsv` from its two sources.

1. VADER (`source=vader`): the sentiment lexicon shipped in the `vaderSentiment`
   package (Hutto & Gilbert, ICWSM 2014; MIT License), version 3.3.2. Its
   `vader_lexicon.txt` gives each entry a mean valence from -4 to +4 rated by
   ten people. Candidates are single alphabetic words with mean valence
   <= -2.0. Most of them are not loaded in news prose: they name events and
   harms that reporters describe literally ("war", "attack", "crisis",
   "killed", "terrorist", "prison"), report feelings ("angry", "sad"), or are
   slang and vulgarities that edited prose does not use. So only the reviewed
   subset in `VADER_SELECTION` is kept: words that pass judgement rather than
   describe ("vile", "idiotic", "warmonger", "travesty"). The script fails if
   a selected word is missing from VADER or rated above the threshold, so
   every `vader` row is backed by VADER's own rating. Strength is 2 for a mean
   valence of -3.0 or below, else 1.
2. Hand-curated (`source=curated`, `CURATED` below): politically loaded labels,
   emotive verbs, intensifiers, the modifiers that strengthen them, and the
   neutral usages that must not be flagged ("regime change"). Compiled for
   this project following the "Loaded Language" and "Name Calling, Labeling"
   technique definitions of Da San Martino et al., SemEval-2020 Task 11
   (detection of propaganda techniques in news articles); no text was taken
   from that task's data.

Where both sources give the same word, the curated row wins (it carries the
category this plugin needs). The output is sorted and byte-for-byte the same
on every run for the same input.

Usage (from `plugins/loaded-language/`):

    pip install --target /tmp/vader --no-deps vaderSentiment==3.3.2
    python scripts/build_lexicon.py --vader-lexicon /tmp/vader/vaderSentiment/vader_lexicon.txt

Without `--vader-lexicon` the file is read from an importable `vaderSentiment`.
`--check` compares instead of writing and exits 1 when the file is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

PLUGIN_ROOT = Path(__file__).resolve().parent.parent


def _load_lexicon_module() -> ModuleType:
    # The script checks keys with the very functions the plugin matches with.
    # It loads lexicon.py by path, so it runs from a checkout whether or not
    # the plugin is installed (the core package must be).
    path = PLUGIN_ROOT / "reliability_loaded_language" / "lexicon.py"
    spec = importlib.util.spec_from_file_location("_loaded_language_lexicon", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses looks the module up by name
    spec.loader.exec_module(module)
    return module


lexicon = _load_lexicon_module()
AMPLIFIER: str = lexicon.AMPLIFIER
COLUMNS: tuple[str, ...] = lexicon.COLUMNS
INTENSIFIER: str = lexicon.INTENSIFIER
MINIMISER: str = lexicon.MINIMISER
NEUTRAL: str = lexicon.NEUTRAL
Entry = lexicon.Entry

OUTPUT = PLUGIN_ROOT / "reliability_loaded_language" / "lexicon.tsv"

VADER_VERSION = "3.3.2"
# sha256 of vader_lexicon.txt in vaderSentiment 3.3.2; another file would give
# another lexicon, so it is refused unless --any-vader is passed.
VADER_SHA256 = "1ec9c6e9ee19aade328f8beb393a6afa71a5bb3acf7d3cc22d4ef568df374bf5"
VADER_THRESHOLD = -2.0
VADER_STRONG = -3.0

LABEL = "derogatory label"
DISMISSIVE = "dismissive framing"
VERB = "emotive verb"
EMOTIVE = "emotive word"

# The reviewed subset of VADER's candidates, word -> category. Left out on
# purpose, among others: event and harm words (war, attack, killed, crisis,
# terrorist, torture, disaster, violence, brutal, horrific), legal words
# (criminal, fraud, illegal, prison), feelings reported of people (angry,
# furious, sad, afraid), words with common literal senses (savage, devil,
# rotten, vulture, doomsday, apocalyptic), words whose inflections collide
# with neutral news usage (bully/bullying, disgrace/disgraced,
# loser/"winners and losers"), and slang and vulgarities.
VADER_SELECTION: dict[str, str] = {
    # name calling
    "bankster": LABEL,
    "coward": LABEL,
    "evildoer": LABEL,
    "fascist": LABEL,
    "idiot": LABEL,
    "ignoramuses": LABEL,
    "imbecile": LABEL,
    "liar": LABEL,
    "lowlifes": LABEL,
    "lunatic": LABEL,
    "maniac": LABEL,
    "moron": LABEL,
    "numbskull": LABEL,
    "scaremonger": LABEL,
    "scumbag": LABEL,
    "villain": LABEL,
    "warmonger": LABEL,
    # judgement words that tell the reader how to feel
    "abhorrent": EMOTIVE,
    "awful": EMOTIVE,
    "devilish": EMOTIVE,
    "disgusting": EMOTIVE,
    "evil": EMOTIVE,
    "fiasco": EMOTIVE,
    "hateful": EMOTIVE,
    "heartless": EMOTIVE,
    "hellish": EMOTIVE,
    "horrendous": EMOTIVE,
    "horrible": EMOTIVE,
    "horrid": EMOTIVE,
    "hypocritical": EMOTIVE,
    "idiotic": EMOTIVE,
    "lousy": EMOTIVE,
    "menace": EMOTIVE,
    "moronic": EMOTIVE,
    "nasty": EMOTIVE,
    "obscene": EMOTIVE,
    "outrageous": EMOTIVE,
    "pathetic": EMOTIVE,
    "savagery": EMOTIVE,
    "scandalous": EMOTIVE,
    "shameful": EMOTIVE,
    "sickening": EMOTIVE,
    "sinister": EMOTIVE,
    "stupid": EMOTIVE,
    "terrible": EMOTIVE,
    "travesty": EMOTIVE,
    "treasonous": EMOTIVE,
    "vile": EMOTIVE,
    "villainous": EMOTIVE,
    "vitriolic": EMOTIVE,
    "wicked": EMOTIVE,
    # adverbs that colour the word after them
    "appallingly": INTENSIFIER,
    "disgustingly": INTENSIFIER,
    "dreadfully": INTENSIFIER,
    "frighteningly": INTENSIFIER,
    "sickeningly": INTENSIFIER,
}

# Hand-curated rows: term -> (category, strength). Strength 2 marks wording
# that is strongly loaded by itself; 0 marks modifiers and neutral usages.
CURATED: dict[str, tuple[str, int]] = {
    # name calling and labelling: words that delegitimise whom they name
    "archenemy": (LABEL, 1),
    "boorish": (LABEL, 1),
    "boorishness": (LABEL, 1),
    "charlatan": (LABEL, 1),
    "crony": (LABEL, 1),
    "crook": (LABEL, 1),
    "demagogue": (LABEL, 1),
    "despot": (LABEL, 1),
    "despotic": (LABEL, 1),
    "fanatic": (LABEL, 1),
    "henchman": (LABEL, 1),
    "henchmen": (LABEL, 1),
    "hordes": (LABEL, 1),
    "hypocrite": (LABEL, 1),
    "lackey": (LABEL, 1),
    "minion": (LABEL, 1),
    "mouthpiece": (LABEL, 1),
    "propaganda": (LABEL, 1),
    "propagandist": (LABEL, 1),
    "puppet": (LABEL, 1),
    "puppet regime": (LABEL, 2),
    "regime": (LABEL, 1),
    "rogue state": (LABEL, 1),
    "banana republic": (LABEL, 1),
    "deep state": (LABEL, 1),
    "stooge": (LABEL, 1),
    "sycophant": (LABEL, 1),
    "thug": (LABEL, 1),
    "thuggery": (LABEL, 1),
    "thuggish": (LABEL, 1),
    "traitor": (LABEL, 2),
    "tyrannical": (LABEL, 1),
    "tyrant": (LABEL, 1),
    "vassal": (LABEL, 1),
    "zealot": (LABEL, 1),
    # dismissive framing: belittles instead of reporting
    "charade": (DISMISSIVE, 1),
    "claptrap": (DISMISSIVE, 1),
    "drivel": (DISMISSIVE, 1),
    "fake news": (DISMISSIVE, 2),
    "hysteria": (DISMISSIVE, 1),
    "hysterical": (DISMISSIVE, 1),
    "laughable": (DISMISSIVE, 1),
    "ludicrous": (DISMISSIVE, 1),
    "nonsense": (DISMISSIVE, 1),
    "preposterous": (DISMISSIVE, 1),
    "ridiculous": (DISMISSIVE, 1),
    "self-styled": (DISMISSIVE, 1),
    "sham election": (DISMISSIVE, 1),
    "sham trial": (DISMISSIVE, 1),
    "sham vote": (DISMISSIVE, 1),
    "so-called": (DISMISSIVE, 1),
    "witch hunt": (DISMISSIVE, 2),
    "witch-hunt": (DISMISSIVE, 2),
    # emotive verbs and nouns for speech: dramatise what was said or done
    "brainwash": (VERB, 1),
    "demonise": (VERB, 1),
    "demonize": (VERB, 1),
    "diatribe": (EMOTIVE, 1),
    "eviscerate": (VERB, 1),
    "excoriate": (VERB, 1),
    "gloat": (VERB, 1),
    "lambaste": (VERB, 1),
    "rail against": (VERB, 1),
    "rant": (VERB, 1),
    "rip into": (VERB, 1),
    "screed": (EMOTIVE, 1),
    "slam": (VERB, 1),
    "smear campaign": (EMOTIVE, 1),
    "tirade": (EMOTIVE, 1),
    "vilify": (VERB, 1),
    "whine": (VERB, 1),
    # judgement words
    "atrocious": (EMOTIVE, 1),
    "barbaric": (EMOTIVE, 1),
    "blatant": (EMOTIVE, 1),
    "brazen": (EMOTIVE, 1),
    "deranged": (EMOTIVE, 1),
    "despicable": (EMOTIVE, 2),
    "disgraceful": (EMOTIVE, 1),
    "egregious": (EMOTIVE, 1),
    "grotesque": (EMOTIVE, 1),
    "heinous": (EMOTIVE, 1),
    "monstrous": (EMOTIVE, 1),
    "over the top": (EMOTIVE, 1),
    "over-the-top": (EMOTIVE, 1),
    "unhinged": (EMOTIVE, 1),
    # intensifiers: loaded themselves, and they colour the next word
    "absurdly": (INTENSIFIER, 1),
    "blatantly": (INTENSIFIER, 1),
    "brazenly": (INTENSIFIER, 1),
    "breathtakingly": (INTENSIFIER, 1),
    "disgracefully": (INTENSIFIER, 1),
    "egregiously": (INTENSIFIER, 1),
    "grotesquely": (INTENSIFIER, 1),
    "insanely": (INTENSIFIER, 1),
    "jaw-droppingly": (INTENSIFIER, 1),
    "laughably": (INTENSIFIER, 1),
    "mind-bogglingly": (INTENSIFIER, 1),
    "monstrously": (INTENSIFIER, 1),
    "outrageously": (INTENSIFIER, 1),
    "ridiculously": (INTENSIFIER, 1),
    "shamelessly": (INTENSIFIER, 1),
    "shockingly": (INTENSIFIER, 1),
    "staggeringly": (INTENSIFIER, 1),
    # amplifiers: count only right before a loaded term, which they strengthen
    "absolute": (AMPLIFIER, 0),
    "absolutely": (AMPLIFIER, 0),
    "complete": (AMPLIFIER, 0),
    "completely": (AMPLIFIER, 0),
    "downright": (AMPLIFIER, 0),
    "outright": (AMPLIFIER, 0),
    "pure": (AMPLIFIER, 0),
    "sheer": (AMPLIFIER, 0),
    "thoroughly": (AMPLIFIER, 0),
    "total": (AMPLIFIER, 0),
    "totally": (AMPLIFIER, 0),
    "truly": (AMPLIFIER, 0),
    "utter": (AMPLIFIER, 0),
    "utterly": (AMPLIFIER, 0),
    # minimisers: "just propaganda" dismisses what the label already judges
    "just": (MINIMISER, 0),
    "little more than": (MINIMISER, 0),
    "mere": (MINIMISER, 0),
    "merely": (MINIMISER, 0),
    "nothing but": (MINIMISER, 0),
    "nothing more than": (MINIMISER, 0),
    "purely": (MINIMISER, 0),
    "simply": (MINIMISER, 0),
    # neutral usages: standard terms that contain a listed word
    "ceasefire regime": (NEUTRAL, 0),
    "climate regime": (NEUTRAL, 0),
    "control regime": (NEUTRAL, 0),
    "customs regime": (NEUTRAL, 0),
    "exchange rate regime": (NEUTRAL, 0),
    "exchange-rate regime": (NEUTRAL, 0),
    "fiscal regime": (NEUTRAL, 0),
    "grand slam": (NEUTRAL, 0),
    "inspection regime": (NEUTRAL, 0),
    "legal regime": (NEUTRAL, 0),
    "monetary regime": (NEUTRAL, 0),
    "non-proliferation regime": (NEUTRAL, 0),
    "nonproliferation regime": (NEUTRAL, 0),
    "pension regime": (NEUTRAL, 0),
    "puppet show": (NEUTRAL, 0),
    "puppet theater": (NEUTRAL, 0),
    "puppet theatre": (NEUTRAL, 0),
    "regime change": (NEUTRAL, 0),
    "regulatory regime": (NEUTRAL, 0),
    "sanctions regime": (NEUTRAL, 0),
    "slam dunk": (NEUTRAL, 0),
    "slam into": (NEUTRAL, 0),
    "slam shut": (NEUTRAL, 0),
    "slam the door": (NEUTRAL, 0),
    "sock puppet": (NEUTRAL, 0),
    "tariff regime": (NEUTRAL, 0),
    "tax regime": (NEUTRAL, 0),
    "trade regime": (NEUTRAL, 0),
    "training regime": (NEUTRAL, 0),
    "treatment regime": (NEUTRAL, 0),
    "visa regime": (NEUTRAL, 0),
}

HEADER = (
    "# Loaded-language lexicon of the reliability-loaded-language plugin. "
    "Generated by scripts/build_lexicon.py: edit the script, not this file.",
    "# Sources: source=vader rows are from the VADER sentiment lexicon "
    f"(Hutto & Gilbert 2014; vaderSentiment {VADER_VERSION}, vader_lexicon.txt, "
    "MIT License): single words with mean valence <= -2.0, a reviewed subset of "
    "judgement words (event words such as war, attack, crisis, killed left out); "
    "strength 2 when valence <= -3.0.",
    "# source=curated rows were compiled by hand for this project following the "
    '"Loaded Language" and "Name Calling, Labeling" definitions of Da San Martino '
    "et al., SemEval-2020 Task 11; they include modifiers (strength 0, count only "
    "before a loaded term) and neutral usages (strength 0, never flagged).",
    "# Columns: term (words separated by spaces), category, strength (0, 1 loaded, "
    "2 strongly loaded), source, valence (VADER mean valence; empty for curated rows).",
)


def read_vader(lines: Iterable[str]) -> dict[str, float]:
    """Map each VADER entry to its mean valence (columns: token, mean, sd, ratings)."""
    ratings: dict[str, float] = {}
    for line in lines:
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) >= 2 and fields[0]:
            ratings[fields[0]] = float(fields[1])
    return ratings


def vader_rows(ratings: dict[str, float]) -> list[Any]:
    """The selected VADER words as lexicon entries; fails on a word VADER does not back."""
    rows = []
    for word, category in VADER_SELECTION.items():
        valence = ratings.get(word)
        if valence is None or valence > VADER_THRESHOLD or not word.isalpha():
            raise SystemExit(f"{word!r} is not a single VADER word with valence <= -2.0")
        strength = 2 if valence <= VADER_STRONG else 1
        rows.append(Entry(word, category, strength, "vader", valence))
    return rows


def build(ratings: dict[str, float]) -> tuple[str, list[Any]]:
    """The lexicon file's whole text, and its rows."""
    curated = [Entry(term, cat, strength, "curated") for term, (cat, strength) in CURATED.items()]
    curated_terms = {entry.term for entry in curated}
    rows = curated + [row for row in vader_rows(ratings) if row.term not in curated_terms]
    rows.sort(key=lambda entry: (entry.term, entry.category))
    # Index the rows as the plugin will, so a key shared by two terms fails
    # here rather than at run time.
    lexicon.index(rows)
    lines = [*HEADER, "\t".join(COLUMNS)]
    for row in rows:
        valence = "" if row.valence is None else f"{row.valence:.1f}"
        lines.append("\t".join((row.term, row.category, str(row.strength), row.source, valence)))
    text = "\n".join(lines) + "\n"
    lexicon.parse_lexicon(text)  # what we write must read back
    return text, rows


def vader_lexicon_path(given: Path | None) -> Path:
    """The VADER lexicon file to read: the one given, or the installed package's."""
    if given is not None:
        return given
    try:
        from importlib import resources

        return Path(str(resources.files("vaderSentiment").joinpath("vader_lexicon.txt")))
    except ModuleNotFoundError:
        raise SystemExit(
            "vaderSentiment is not importable: install it "
            f"(pip install --target DIR --no-deps vaderSentiment=={VADER_VERSION}) "
            "and pass --vader-lexicon DIR/vaderSentiment/vader_lexicon.txt"
        ) from None


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, verify) the lexicon; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vader-lexicon", type=Path, help="path of vader_lexicon.txt")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the TSV to write")
    parser.add_argument("--check", action="store_true", help="exit 1 if the TSV is stale")
    parser.add_argument(
        "--any-vader", action="store_true", help=f"accept a VADER file other than {VADER_VERSION}'s"
    )
    args = parser.parse_args(argv)

    source = vader_lexicon_path(args.vader_lexicon)
    data = source.read_bytes()
    if hashlib.sha256(data).hexdigest() != VADER_SHA256 and not args.any_vader:
        raise SystemExit(f"{source} is not vaderSentiment {VADER_VERSION}'s vader_lexicon.txt")
    try:
        text, rows = build(read_vader(data.decode("utf-8").splitlines()))
    except ValueError as exc:  # two terms with one key, or an unreadable row
        raise SystemExit(f"lexicon not built: {exc}") from None

    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run scripts/build_lexicon.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    vader = sum(1 for row in rows if row.source == "vader")
    print(f"wrote {args.output}: {len(rows)} rows, {vader} from VADER, {len(rows) - vader} curated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
