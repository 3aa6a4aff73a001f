"""Peer lookup latency against corpus size: does it stay sublinear?

Builds SQLite stores of 10,000 and 100,000 documents (synthetic stories plus
the five seeds), then times `DocumentStore.peers` for 200 query documents at
each size and prints median and p90 latencies, their growth from the small
store to the large one, the peer quality against the generator's known
stories, and the EXPLAIN QUERY PLAN of the candidate query.

    python benchmarks/peers.py [--sizes 10000 100000] [--queries 200] [--rebuild]
                               [--cache-dir DIR] [--workers N] [--figures]
                               [--db postgresql://USER@HOST:PORT/DB]

`--db` measures the PostgreSQL store instead, in that database (one size,
100,000 by default): an empty database is filled, one holding that corpus is
reused, and `--rebuild` empties it first (it must hold only this store).

`--figures` also times the whole cross-document check of one new article:
find its peers in the store, read and analyse them, and run the `figures`
heuristic against them (copy relations and estimates computed from cold).

Built stores are cached under the system temp directory (keyed by size,
seed and generator version) because indexing 100,000 documents runs the full
analysis on each; `--rebuild` discards them.

The synthetic corpus is a set of distinct stories. Each story has a titled
protagonist of its own, a second person (usually one of 3,000 recurring
public figures, a few of them in thousands of stories), an organisation
(half the time a recurring one), one of 800 recurring places, a named event,
keywords (words of its topic plus two coined words standing for a story's
rare vocabulary), and one to twelve articles by different outlets within
three weeks of the story's start, between 2022 and 2025; one article in ten
is undated. Recurring names, world capitals and generic news words give the
index realistic frequent and mid-frequency terms that unrelated stories
share. An article's `url` records its story, so peers can be checked
against the truth.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import msgspec

from reliability import Document
from reliability.store import DocumentStore, SQLiteStore, open_store

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = 2
SEED = 11
T = TypeVar("T")


def _words(text: str) -> tuple[str, ...]:
    """A word list written as one string (easier to read and edit than quoted items)."""
    return tuple(text.split())


SYLLABLES = _words(
    "ka ri lo ven ta mar sol dra vi nel or bas tem qui zu pal fen gor li ser "
    "an to mi ros da bel cor hal ish jun kel lum nor pra rav sen tul var wen yor "
    "zan bri cas dor el fa gal hen ir jor kas lev mon nad ost per rud sav tor "
    "ul val xan yel zor"
)
TITLES = (
    "Minister", "President", "Governor", "Mayor", "Senator", "Judge", "Director",
    "General", "Ambassador", "Prosecutor", "Commissioner", "Chairman",
)  # fmt: skip
ORG_KINDS = (
    "Ministry of {x}", "{x} Party", "{x} Holdings", "{x} Institute", "Bank of {x}",
    "{x} Football Club", "{x} Workers Union", "{x} Energy", "{x} Court", "{x} Agency",
)  # fmt: skip
EVENT_KINDS = ("Operation {x}", "{x} Accord", "{x} Plan", "{x} Summit", "{x} Inquiry", "{x} Cup")
BACKGROUND_PLACES = (
    "Washington", "Beijing", "Brussels", "Moscow", "London", "Paris", "Berlin", "Tokyo",
    "Delhi", "Brasilia", "Ankara", "Cairo", "Nairobi", "Lagos", "Jakarta", "Canberra",
    "Ottawa", "Mexico City", "Madrid", "Rome", "Warsaw", "Kyiv", "Tehran", "Riyadh",
    "Seoul", "Manila", "Bogota", "Lima", "Santiago", "Pretoria",
)  # fmt: skip
OUTLETS = (
    "Daily Ledger", "Morning Courier", "Evening Standard Post", "Global Wire", "Metro Times",
    "The Sentinel", "Capital Review", "Northern Herald", "Coastal Gazette", "The Observer Desk",
    "Harbor News", "Plains Tribune", "Summit Chronicle", "Valley Press", "The Dispatch",
    "Civic Monitor", "Atlas Report", "Union Journal", "Frontier Bulletin", "Meridian Daily",
)  # fmt: skip
TOPICS: dict[str, tuple[str, ...]] = {
    "politics": _words(
        "election ballot coalition parliament opposition candidate campaign referendum "
        "cabinet reform vote legislature mandate turnout manifesto constituency"
    ),
    "economy": _words(
        "inflation interest rates bonds currency tariffs exports deficit budget growth "
        "recession lending mortgage investors markets wages unemployment"
    ),
    "football": _words(
        "transfer striker midfielder goalkeeper contract season league fixture stadium "
        "manager squad fee loan injury championship penalty"
    ),
    "crime": _words(
        "arrest police investigation suspect robbery fraud smuggling detectives warrant "
        "charges trial evidence custody cartel laundering burglary"
    ),
    "health": _words(
        "hospital vaccine outbreak patients clinic infection doctors nurses treatment "
        "epidemic pharmacy surgery diagnosis virus ward trials"
    ),
    "technology": _words(
        "software platform startup chips semiconductor encryption algorithm satellite "
        "smartphone network data cloud regulators privacy outage servers"
    ),
    "climate": _words(
        "drought flooding emissions wildfire glacier rainfall heatwave carbon coastline "
        "storm hurricane evacuation reservoir harvest pollution temperatures"
    ),
    "conflict": _words(
        "troops ceasefire missiles drones artillery border offensive militia airstrike "
        "refugees convoy sanctions negotiations shelling frontline hostages"
    ),
    "energy": _words(
        "pipeline refinery crude gas turbines reactor grid blackout tariff drilling "
        "barrels solar wind subsidies exploration electricity"
    ),
    "courts": _words(
        "verdict appeal lawsuit judges ruling constitution plaintiff defendant jury "
        "testimony sentence injunction settlement hearing counsel damages"
    ),
}
# Vocabulary any story may use: it gives the index frequent, uninformative keywords.
GENERIC = _words(
    "agreement authorities community concerns conditions crisis debate decision demands "
    "development economy efforts experts families funding future impact leaders measures "
    "meeting negotiations officials opposition plans policy pressure process proposal "
    "protests question region relations resources response risks safety security services "
    "situation spending strategy support system talks tensions threat warning workers "
    "challenge changes citizens committee conference consequences control costs country "
    "criticism damage details dispute district figures focus framework goals headquarters "
    "infrastructure initiative interview leadership limits majority negotiators network "
    "partners performance positions powers priorities progress projects public recovery "
    "regulation reputation requirements residents restrictions revenue rights rules schedule "
    "sector settlement standards statement stability supporters surveys targets territory "
    "timeline trade transparency trust volunteers"
)
GENERIC_TEMPLATES = (
    "The {g1} and the {g2} remain a concern for the {g3}, several {g4} said.",
    "Questions about the {g1} have dominated the {g2} in recent weeks.",
    "The {g1} could take months, with {g2} and {g3} still unresolved.",
)
FILLER = (
    "Analysts expect further developments in the coming days.",
    "The government has not commented on the matter.",
    "Observers said the situation remained uncertain.",
    "Officials declined to give further details.",
    "The announcement drew mixed reactions from the public.",
    "Local media reported similar concerns last month.",
)
TEMPLATES = (
    "{title} {first} {last} said on {weekday} that the {k1} would affect the {k2} in {place}.",
    "{last} told reporters in {place} that the {org} had rejected the {k1} {coin1}.",
    "The {k1} follows months of {k2} over {k3}, according to the {org}.",
    "Officials in {bg} were watching the {k2} closely, diplomats said.",
    "The {org} said the {k3} would cost {n} million dollars over {m} years.",
    "Critics of {last} argue that the {coin2} {k2} could spill over to {bg}.",
    "{first2} {last2}, who leads the {org}, called the {k1} a turning point.",
    "The {event} is expected to settle the {k2} and the {k4} before {month}.",
    "Supporters of the {event} gathered in {place} on {weekday}, demanding a {k3}.",
    "{last2} said the {org} would review every {k4} linked to the {coin1}.",
    "In {place}, residents said the {k1} and the {k4} had changed daily life.",
    "A statement from the {org} said {last} had met counterparts from {bg}.",
)
MONTHS = ("January", "March", "May", "July", "September", "November")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
START = dt.date(2022, 1, 1)
SPAN_DAYS = 4 * 365


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def _name(rng: random.Random) -> str:
    return _word(rng, rng.randint(2, 3)).capitalize()


@dataclass
class Story:
    """One story's cast and vocabulary; its articles draw on these."""

    sid: int
    people: list[tuple[str, str, str]]  # (title, first, last)
    org: str
    place: str
    event: str
    keywords: list[str]
    coined: list[str]
    start: dt.date
    articles: int


class Cast:
    """People, places and organisations that recur across stories.

    Popularity is skewed (a Pareto draw), as in news: a few figures appear
    in thousands of stories, most in a handful. Recurring names make the
    index realistic: mid-frequency names shared by unrelated stories, which
    the evidence threshold and the date window must see through.
    """

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.figures = [(rng.choice(TITLES), _name(rng), _name(rng)) for _ in range(3000)]
        self.places = [_name(rng) for _ in range(800)]
        self.orgs = [rng.choice(ORG_KINDS).format(x=_name(rng)) for _ in range(1500)]

    @staticmethod
    def pick(rng: random.Random, items: Sequence[T]) -> T:
        """An item, the first ones far more often than the last."""
        return items[min(len(items) - 1, int(rng.paretovariate(1.2)) - 1)]


def make_story(rng: random.Random, sid: int, cast: Cast) -> Story:
    """A new story: a titled protagonist, a second person (often a recurring figure),
    an organisation and a place (often recurring), an event, keywords, dates."""
    topic = rng.choice(list(TOPICS.values()))
    own = (rng.choice(TITLES), _name(rng), _name(rng))
    second = (
        cast.pick(rng, cast.figures)
        if rng.random() < 0.6
        else (rng.choice(TITLES), _name(rng), _name(rng))
    )
    org = (
        rng.choice(cast.orgs) if rng.random() < 0.5 else rng.choice(ORG_KINDS).format(x=_name(rng))
    )
    return Story(
        sid=sid,
        people=[own, second],
        org=org,
        place=rng.choice(cast.places),
        event=rng.choice(EVENT_KINDS).format(x=_name(rng)),
        keywords=rng.sample(topic, 6),
        coined=[_word(rng, 3) for _ in range(2)],
        start=START + dt.timedelta(days=rng.randrange(SPAN_DAYS)),
        articles=min(12, 1 + int(rng.expovariate(1 / 4))),
    )


def _sentence(rng: random.Random, story: Story) -> str:
    roll = rng.random()
    if roll < 0.1:
        return rng.choice(FILLER)
    if roll < 0.3:
        g1, g2, g3, g4 = rng.sample(GENERIC, 4)
        return rng.choice(GENERIC_TEMPLATES).format(g1=g1, g2=g2, g3=g3, g4=g4)
    (title, first, last), (_, first2, last2) = story.people
    k1, k2, k3, k4 = rng.sample(story.keywords, 4)
    return rng.choice(TEMPLATES).format(
        title=title,
        first=first,
        last=last,
        first2=first2,
        last2=last2,
        org=story.org,
        place=story.place,
        event=story.event,
        bg=rng.choice(BACKGROUND_PLACES),
        k1=k1,
        k2=k2,
        k3=k3,
        k4=k4,
        coin1=story.coined[0],
        coin2=story.coined[1],
        weekday=rng.choice(WEEKDAYS),
        month=rng.choice(MONTHS),
        n=rng.randint(2, 900),
        m=rng.randint(2, 10),
    )


def make_article(rng: random.Random, story: Story, index: int) -> Document:
    """One article of a story: a lead naming the first person with their title, then prose."""
    title, first, last = story.people[0]
    lead = (
        f"{title} {first} {last} and the {story.org} faced new questions over the "
        f"{story.keywords[0]} in {story.place} this week."
    )
    sentences = [lead] + [_sentence(rng, story) for _ in range(rng.randint(12, 22))]
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    published = None
    if rng.random() >= 0.1:
        published = (story.start + dt.timedelta(days=rng.randint(0, 20))).isoformat()
    return Document(
        text="\n\n".join(paragraphs),
        title=f"{last} and the {story.event}",
        outlet=rng.choice(OUTLETS),
        url=f"https://example.test/story/{story.sid}/{index}",
        published=published,
        language="en",
    )


def story_of(document: Document) -> int | None:
    """The generator's story number for a synthetic article; None for a seed."""
    if document.url and document.url.startswith("https://example.test/story/"):
        return int(document.url.split("/")[4])
    return None


def seeds() -> list[Document]:
    """The five seed articles."""
    return [
        msgspec.json.decode(path.read_bytes(), type=Document)
        for path in sorted((ROOT / "seeds").glob("*.json"))
    ]


def synthetic_corpus(n: int, *, seed: int = SEED) -> Iterator[Document]:
    """`n` synthetic articles, story by story; the same ones for the same seed."""
    rng = random.Random(seed)
    cast = Cast(seed)
    made = 0
    sid = 0
    while made < n:
        story = make_story(rng, sid, cast)
        sid += 1
        for index in range(min(story.articles, n - made)):
            yield make_article(rng, story, index)
            made += 1


# --- building ---------------------------------------------------------------------

_worker_store: DocumentStore | None = None


def _init_worker(target: str) -> None:
    global _worker_store
    # A SQLite worker waits for the others' transactions as long as they take.
    sqlite = "://" not in target
    _worker_store = SQLiteStore(target, retry_for=600) if sqlite else open_store(target)


def _put_chunk(chunk: list[Document]) -> int:
    assert _worker_store is not None
    # Terms are computed before the write lock is taken, so workers analyse
    # in parallel and only their transactions take turns.
    return _worker_store.bulk_put(chunk)


def build(path: Path, size: int, workers: int) -> float:
    """Fill a new store at `path`: the seeds and `size - 5` synthetic articles; seconds taken."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    start = time.perf_counter()
    docs = seeds() + list(synthetic_corpus(size - 5))
    chunks = [docs[i : i + 1000] for i in range(0, len(docs), 1000)]
    SQLiteStore(partial).close()  # create and migrate once, before the workers race
    with multiprocessing.get_context("spawn").Pool(
        workers, initializer=_init_worker, initargs=(str(partial),)
    ) as pool:
        created = sum(pool.imap_unordered(_put_chunk, chunks))
    store = SQLiteStore(partial)
    try:
        # Fold the WAL into the main file so the cached store opens clean.
        store._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store._connection().execute("ANALYZE")
    finally:
        store.close()
    partial.rename(path)
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    print(f"  built {path.name}: {created:,} documents in {time.perf_counter() - start:.0f} s")
    return time.perf_counter() - start


# --- measuring ----------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Measurement:
    size: int
    stored_ms: list[float]
    new_ms: list[float]
    peers_found: int
    precision: float
    recall: float
    plan: str
    file_mb: float


def store_mb(store: DocumentStore) -> float:
    """The size of the store on disk: the SQLite file, or the PostgreSQL database."""
    if isinstance(store, SQLiteStore):
        return store.path.stat().st_size / 1e6
    from peers_postgres import database_mb

    return database_mb(store)


def measure(target: str, size: int, queries: int) -> Measurement:
    """Time `peers` for `queries` stored documents and as many unstored ones."""
    store = open_store(target)
    try:
        rng = random.Random(size)
        corpus = seeds() + list(synthetic_corpus(size - 5))
        by_story: dict[int, list[str]] = defaultdict(list)
        for doc in corpus:
            sid = story_of(doc)
            if sid is not None:
                by_story[sid].append(doc.doc_id)
        sample = rng.sample(corpus[5:], queries)
        for doc in sample[:10]:  # warm the page cache and the statement cache
            store.peers(doc)

        stored_ms = []
        found = correct = expected = recalled = 0
        for doc in sample:
            start = time.perf_counter()
            peers = store.peers(doc)
            stored_ms.append((time.perf_counter() - start) * 1000)
            sid = story_of(doc)
            assert sid is not None
            same = set(by_story[sid]) - {doc.doc_id}
            found += len(peers)
            correct += sum(1 for p in peers if p.id in same)
            expected += min(len(same), 20)
            recalled += sum(1 for p in peers if p.id in same)

        # New documents: the sampled articles with a sentence added, so they
        # are not stored (their id differs) but still cover a known story;
        # the measurement then includes analysing them.
        new_ms = []
        for doc in sample:
            fields = msgspec.structs.asdict(doc)
            fields.update(id=None, text=doc.text + "\n\nThis article has been updated.")
            fresh = Document(**fields)
            start = time.perf_counter()
            store.peers(fresh)
            new_ms.append((time.perf_counter() - start) * 1000)
        # Show the plan for the longest sampled article (the most terms to query).
        widest = max(sample, key=lambda d: len(d.text))
        plan = store.peer_query_plan(widest)  # type: ignore[attr-defined]
        file_mb = store_mb(store)
        return Measurement(
            size=store.count(),
            stored_ms=stored_ms,
            new_ms=new_ms,
            peers_found=found,
            precision=correct / found if found else 1.0,
            recall=recalled / expected if expected else 1.0,
            plan=plan,
            file_mb=file_mb,
        )
    finally:
        store.close()


@dataclass
class FiguresMeasurement:
    size: int
    lookup_ms: list[float]
    figures_ms: list[float]
    total_ms: list[float]
    peers: list[int]


def measure_figures(target: str, size: int, queries: int) -> FiguresMeasurement:
    """Time peers + reading them + `figures` for `queries` new (unstored) articles.

    `figures` reads the products of `recycling` and `originality`, so the three
    run through an engine, as they do when a document is scored.
    """
    from reliability import Analysis, Engine, ScoreOptions
    from reliability.config import Settings

    engine = Engine(Settings(options={"recycling": {"today": "2026-11-23"}}))
    chosen = ScoreOptions(include=["recycling", "originality", "figures"])
    store = open_store(target)
    try:
        # The same articles at every size (the first 10,000 are in every store of that size
        # or more), so the sizes differ only in the store.
        rng = random.Random(SEED)
        sample = rng.sample(list(synthetic_corpus(min(size, 10_000) - 5)), queries)
        lookup_ms, figures_ms, total_ms, counts = [], [], [], []
        for i, doc in enumerate(sample):
            fields = msgspec.structs.asdict(doc)
            fields.update(id=None, text=doc.text + "\n\nThis article has been updated.")
            fresh = Document(**fields)
            start = time.perf_counter()
            peers = store.peers(fresh)
            found = [d for d in (store.get(p.id) for p in peers) if d is not None]
            looked = time.perf_counter()
            story = [Analysis(d) for d in (fresh, *found)]
            for a in story:  # the shared analysis, which every heuristic reads
                _ = (a.tokens, a.sentences, a.quotations, a.numbers, a.dates, a.names, a.folded)
            analysed = time.perf_counter()
            engine.score(story[0], peers=story[1:], options=chosen)
            end = time.perf_counter()
            if i >= 5:  # the first few warm the page cache and the tables
                lookup_ms.append((looked - start) * 1000)
                figures_ms.append((end - analysed) * 1000)
                total_ms.append((end - start) * 1000)
                counts.append(len(found))
        return FiguresMeasurement(store.count(), lookup_ms, figures_ms, total_ms, counts)
    finally:
        store.close()


def report_figures(results: Sequence[FiguresMeasurement]) -> None:
    print()
    print("find peers and check one new article's figures against them, ms")
    print("  lookup:  peers + reading them from the store")
    print("  figures: the `figures` heuristic, copy relations and estimates from cold")
    print("  total:   lookup + the shared analysis of the article and its peers + figures")
    print()
    header = (
        f"{'documents':>10} {'peers':>6} {'lookup p50':>11} {'lookup p90':>11} "
        f"{'figures p50':>12} {'figures p90':>12} {'total p50':>10} {'total p90':>10}"
    )
    print(header)
    print("-" * len(header))
    for m in results:
        print(
            f"{m.size:>10,} {statistics.mean(m.peers):>6.1f} "
            f"{statistics.median(m.lookup_ms):>11.2f} {percentile(m.lookup_ms, 0.9):>11.2f} "
            f"{statistics.median(m.figures_ms):>12.2f} {percentile(m.figures_ms, 0.9):>12.2f} "
            f"{statistics.median(m.total_ms):>10.2f} {percentile(m.total_ms, 0.9):>10.2f}"
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        factor = large.size / small.size
        for label, a, b in (
            ("lookup p50", statistics.median(small.lookup_ms), statistics.median(large.lookup_ms)),
            ("total p50", statistics.median(small.total_ms), statistics.median(large.total_ms)),
        ):
            print(f"growth {label}: {b / a:.2f}x for {factor:.0f}x the documents")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "reliability-bench"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--figures", action="store_true", help="also time peers + the figures heuristic"
    )
    parser.add_argument(
        "--db", metavar="URL", help="measure the PostgreSQL store in this database instead"
    )
    args = parser.parse_args(argv)
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    if args.db and args.sizes == [10_000, 100_000]:  # the default: one size for a database
        args.sizes = [100_000]
    if args.db and len(args.sizes) != 1:
        parser.error("--db measures one size: give one --sizes value")

    results = []
    targets = {}
    for size in args.sizes:
        if args.db:
            from peers_postgres import fill_database

            fill_database(args.db, size, args.workers, rebuild=args.rebuild)
            targets[size] = args.db
        else:
            path = args.cache_dir / f"peers-{size}-s{SEED}-g{GENERATOR_VERSION}.sqlite3"
            if args.rebuild or not path.exists():
                build(path, size, args.workers)
            else:
                print(f"  using cached {path}")
            targets[size] = str(path)
        results.append(measure(targets[size], size, args.queries))

    print()
    print(f"peer lookup latency in ms, {args.queries} queries per size")
    print("  stored: a stored document (its terms read from the index)")
    print("  new:    an unstored document (its analysis included)")
    print("  precision: share of returned peers from the query's own story;")
    print("  recall: share of its story's other articles returned (at most 20)")
    print()
    header = (
        f"{'documents':>10} {'store MB':>8} {'stored p50':>11} {'stored p90':>11} "
        f"{'new p50':>8} {'new p90':>8} {'peers/query':>12} {'precision':>10} {'recall':>7}"
    )
    print(header)
    print("-" * len(header))
    for m in results:
        print(
            f"{m.size:>10,} {m.file_mb:>8.0f} {statistics.median(m.stored_ms):>11.2f} "
            f"{percentile(m.stored_ms, 0.9):>11.2f} {statistics.median(m.new_ms):>8.2f} "
            f"{percentile(m.new_ms, 0.9):>8.2f} {m.peers_found / args.queries:>12.1f} "
            f"{m.precision:>10.3f} {m.recall:>7.3f}"
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        factor = large.size / small.size
        print()
        for label, a, b in (
            ("stored p50", statistics.median(small.stored_ms), statistics.median(large.stored_ms)),
            ("stored p90", percentile(small.stored_ms, 0.9), percentile(large.stored_ms, 0.9)),
            ("new p50", statistics.median(small.new_ms), statistics.median(large.new_ms)),
        ):
            print(f"growth {label}: {b / a:.2f}x for {factor:.0f}x the documents")
    print()
    print(f"query plan of the candidate query ({results[-1].size:,} documents):")
    print(results[-1].plan)
    if args.figures:
        report_figures([measure_figures(targets[size], size, args.queries) for size in args.sizes])
    return 0


if __name__ == "__main__":
    sys.exit(main())
