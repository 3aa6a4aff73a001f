"""Loading documents into the store: one per transaction against many per transaction.

    python benchmarks/load.py [--documents 2000] [--batch 500] [--corpus synthetic|polnear]
                              [--repeat 3] [--db postgresql://USER@HOST:PORT/DB]
                              [--http CLIENTS [--workers N]]

Prints documents per second for each way of writing, every document new to
the store:

- `put`: one `store.put` per document, one transaction and one flush to disk
  each (how `reliability serve --load` wrote before it loaded in bulk);
- `bulk`: `store.bulk_put` in transactions of `--batch` documents, in this
  process;
- `load`: `reliability.store.load_documents`, what `serve --load` runs: the
  same transactions, after leaving out the texts already stored;
- `bulk, analysed`: transactions of `--batch`, given each document's
  `Analysis` already built (as the engine has it after scoring), so the
  store does not analyse it.

All but the last include computing each document's story terms. Each way
runs `--repeat` times on new texts and the best rate is kept, the run least
disturbed by other work on the machine (all runs are shown). The store is a new
SQLite file in a temporary folder, or the PostgreSQL database `--db` names
(each way writes its own documents, so the database may hold others).
`--http CLIENTS` measures storing through the API instead: `reliability
serve` on a free port, every document sent as its own `POST /v1/documents`
by CLIENTS concurrent clients (concurrent writes of a worker share a
transaction). `--corpus polnear` reads PolNeAR's train and dev articles from
../shared/data (real articles, 924 of them; `--documents` is capped there).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from reliability import Analysis, Document
from reliability.store import DocumentStore, open_store

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"


def synthetic(n: int) -> list[Document]:
    """`n` synthetic articles of the peer benchmark (several per story, realistic length)."""
    from peers import synthetic_corpus

    return list(synthetic_corpus(n, seed=29))


def polnear(n: int) -> list[Document]:
    """Up to `n` PolNeAR articles (train and dev splits)."""
    files = sorted(POLNEAR.glob("train/text/*.txt")) + sorted(POLNEAR.glob("dev/text/*.txt"))
    if not files:
        raise SystemExit(f"no PolNeAR articles under {POLNEAR}")
    return [Document(text=f.read_text("utf-8"), outlet="PolNeAR") for f in files[:n]]


# Tags the texts of this run, so a database that holds an earlier run's still gets new ones.
RUN = time.time_ns()


def variant(docs: Sequence[Document], tag: str) -> list[Document]:
    """The same articles as new texts (a tag line added), so each way writes new documents."""
    return [
        msgspec.structs.replace(d, id=None, text=f"{d.text}\n\n[{tag} {i} {RUN}]")
        for i, d in enumerate(docs)
    ]


def timed(label: str, count: int, runs: Sequence[Callable[[], object]]) -> float:
    """The best rate of `runs` (each writing `count` new documents): the least disturbed."""
    rates = []
    for work in runs:
        start = time.perf_counter()
        work()
        rates.append(count / (time.perf_counter() - start))
    shown = " ".join(f"{r:.0f}" for r in rates)
    print(f"  {label:<16} {max(rates):>8.0f} documents/s   (runs: {shown})")
    return max(rates)


def run(
    store: DocumentStore, docs: Sequence[Document], batch: int, repeat: int
) -> dict[str, float]:
    def one_by_one(given: Sequence[Document]) -> None:
        for doc in given:
            store.put(doc)

    def in_batches(given: Sequence[Document | Analysis]) -> None:
        for start in range(0, len(given), batch):
            store.bulk_put(given[start : start + batch])

    def each(way: str, write: Callable[[list[Document]], object]) -> list[Callable[[], object]]:
        """`repeat` runs of `write`, each on its own new texts."""
        sets = [variant(docs, f"{way} {r}") for r in range(repeat)]
        return [lambda given=given: write(given) for given in sets]

    rates = {"put": timed("put", len(docs), each("put", one_by_one))}
    rates["bulk"] = timed("bulk", len(docs), each("bulk", in_batches))
    try:
        from reliability.store import load_documents
    except ImportError:  # an earlier version
        load_documents = None
    if load_documents is not None:
        rates["load"] = timed(
            "load", len(docs), each("load", lambda given: load_documents(store, given))
        )
    if not hasattr(store, "put_many"):  # an earlier version: its store analyses every text
        print("  bulk, analysed   (this version's store does not take an analysis)")
        return rates

    def analysed(given: list[Document]) -> None:
        analyses = [Analysis(d) for d in given]
        for a in analyses:  # what the engine has built by the time it has scored a document
            _ = (a.tokens, a.names)
        start = time.perf_counter()
        in_batches(analyses)
        elapsed.append(time.perf_counter() - start)

    elapsed: list[float] = []
    for given in (variant(docs, f"analysed {r}") for r in range(repeat)):
        analysed(given)
    rates["bulk, analysed"] = max(len(docs) / e for e in elapsed)
    shown = " ".join(f"{len(docs) / e:.0f}" for e in elapsed)
    print(f"  {'bulk, analysed':<16} {rates['bulk, analysed']:>8.0f} documents/s   (runs: {shown})")
    return rates


def over_http(
    target: str, docs: Sequence[Document], clients: int, workers: int, batch: int
) -> float:
    """Documents per second through `POST /v1/documents` with `clients` concurrent clients,
    then through `POST /v1/documents/bulk` with `batch` documents per request."""
    import concurrent.futures
    import os
    import socket
    import subprocess

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "reliability", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--db", target]
    server = subprocess.Popen(
        command,
        env={k: v for k, v in os.environ.items() if not k.startswith("RELIABILITY_")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        bodies = [msgspec.to_builtins(d) for d in variant(docs, "http")]

        def post_share(k: int) -> int:
            with httpx.Client(base_url=base, timeout=120) as client:
                return sum(
                    client.post("/v1/documents", json=body).status_code == 201
                    for body in bodies[k::clients]
                )

        batches = [msgspec.to_builtins(d) for d in variant(docs, "http-bulk")]
        chunks = [batches[i : i + batch] for i in range(0, len(batches), batch)]

        def post_batches(k: int) -> int:
            with httpx.Client(base_url=base, timeout=300) as client:
                return sum(
                    client.post("/v1/documents/bulk", json={"documents": chunk}).json()["created"]
                    for chunk in chunks[k::clients]
                )

        rates = {}
        for label, work, count in (
            (f"POST, {clients} clients", post_share, len(bodies)),
            (f"bulk, {clients} clients", post_batches, len(batches)),
        ):
            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                created = sum(pool.map(work, range(clients)))
            elapsed = time.perf_counter() - start
            assert created == count, f"{label}: {created} of {count} stored"
            rates[label] = count / elapsed
            print(f"  {label:<16} {rates[label]:>8.0f} documents/s")
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)
    single, bulk = rates.values()
    print(
        f"POST /v1/documents/bulk ({batch} per request) / POST /v1/documents: {bulk / single:.1f}x"
    )
    return bulk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--corpus", choices=["synthetic", "polnear"], default="synthetic")
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL database instead of SQLite")
    parser.add_argument("--repeat", type=int, default=3, help="runs per way; the best is kept")
    parser.add_argument(
        "--http",
        type=int,
        metavar="CLIENTS",
        help="instead: POST /v1/documents, then /v1/documents/bulk (--batch per request), "
        "to `reliability serve` from this many clients at once",
    )
    parser.add_argument("--workers", type=int, default=1, help="server workers with --http")
    args = parser.parse_args(argv)
    docs = synthetic(args.documents) if args.corpus == "synthetic" else polnear(args.documents)
    words = sum(len(d.text.split()) for d in docs) / len(docs)
    with tempfile.TemporaryDirectory() as folder:
        target = args.db or str(Path(folder) / "load.sqlite3")
        if args.http:
            print(f"{len(docs)} {args.corpus} articles ({words:.0f} words on average)")
            over_http(target, docs, args.http, args.workers, args.batch)
            return 0
        with open_store(target) as store:
            print(f"{len(docs)} {args.corpus} articles ({words:.0f} words on average), {store!r}")
            rates = run(store, docs, args.batch, args.repeat)
    for way in ("bulk", "load", "bulk, analysed"):
        if way in rates:
            print(f"{way} / put: {rates[way] / rates['put']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
