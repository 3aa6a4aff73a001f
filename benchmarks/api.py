"""Scorecards per second and latency of the HTTP API, against the engine in-process.

Measures, in one run, the engine's own documents per second on one core
(in-process, the same articles), then starts `reliability serve` with one
scoring worker per core on a free localhost port and drives
`POST /v1/scorecards` with 1, 8 and 64 concurrent keep-alive connections
from a small asyncio client (pre-encoded requests, so the load generator
costs little CPU).

    python benchmarks/api.py [--workers N] [--seconds 8] [--synthetic 50]

`of engine x cores` is the server's throughput divided by the engine's
single-core rate times the scoring workers: the share of every core's work
that reaches clients. The serving process, the load generator and the workers
share the same cores, so on a small machine the ratio is a lower bound.
`serving ms`, `workers ms` and `client ms` are the CPU milliseconds per request
of the serving process, of its scoring workers (with the spare, and any worker
recycled and started again in the window) and of the load generator; `CPU
overhead` compares the first two with the engine's own CPU per document. The
engine and the server score the same articles, each in fresh analyses (no
analysis is reused between two scorings in either), so the caches that last
a process's life are as warm in the engine as in the workers.

`of engines at once` divides the throughput by what as many in-process
engines as scoring workers do when they all score at once (measured once per
line of workers, before the server starts): the cores' real capacity, which
is lower than the single-core rate times the cores because busy cores slow
each other down.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from engine import reference_loop
from synthetic import corpus

from reliability import Engine, make_document
from reliability.workers import default_jobs

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(workers: int, db: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELIABILITY_")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reliability",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--db",
            str(db),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                # A loopback Host: the server refuses other names when bound to loopback.
                head = f"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                sock.sendall(f"{head}Connection: close\r\n\r\n".encode())
                if sock.recv(64).startswith(b"HTTP/1.1 200"):
                    return proc, port
        except OSError:
            pass
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError("server did not start")


def request_bytes(port: int, text: str) -> bytes:
    body = json.dumps({"document": {"text": text}}).encode()
    head = (
        f"POST /v1/scorecards HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return head + body


async def read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def client(
    port: int, requests: list[bytes], stop: float, latencies: list[float], offset: int
) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    errors = 0
    i = offset
    while time.perf_counter() < stop:
        payload = requests[i % len(requests)]
        i += 1
        start = time.perf_counter()
        writer.write(payload)
        status = await read_response(reader)
        latencies.append(time.perf_counter() - start)
        errors += status != 200
    writer.close()
    return errors


async def load(
    port: int, requests: list[bytes], concurrency: int, seconds: float
) -> tuple[float, list[float], int, int]:
    """Requests per second, latencies and errors in the window, and warm-up requests made."""
    # Warm every connection's worker first, outside the measured window.
    warm: list[float] = []
    await asyncio.gather(
        *(client(port, requests, time.perf_counter() + 0.5, warm, i) for i in range(concurrency))
    )
    latencies: list[float] = []
    start = time.perf_counter()
    errors = await asyncio.gather(
        *(client(port, requests, start + seconds, latencies, i * 7) for i in range(concurrency))
    )
    elapsed = time.perf_counter() - start
    return len(latencies) / elapsed, latencies, sum(errors), len(warm)


def engine_rate(engine: Engine, texts: list[str], seconds: float) -> tuple[float, float]:
    """In-process documents per second on one core, and CPU milliseconds per document."""
    docs = [make_document(t) for t in texts]
    for doc in docs[:5]:
        engine.score(doc)
    n, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        engine.score(docs[n % len(docs)])
        n += 1
    return n / (time.perf_counter() - start), (time.process_time() - cpu) * 1000 / n


def _engine_loop(engine: Engine, texts: list[str], seconds: float, out: Any) -> None:
    out.put(engine_rate(engine, texts, seconds))


def parallel_engine_rate(
    engine: Engine, texts: list[str], processes: int, seconds: float
) -> tuple[float, float]:
    """Documents per second of `processes` in-process engines scoring at once, and CPU ms each.

    What the cores do together without a server: each core is slower when the
    others are busy too (shared caches and memory), which the single-core rate
    times the cores does not show.
    """
    context = multiprocessing.get_context("fork")  # the children share the loaded engine
    out = context.SimpleQueue()
    children = [
        context.Process(target=_engine_loop, args=(engine, texts, seconds, out))
        for _ in range(processes)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()
    rates = [out.get() for _ in children]
    return sum(r for r, _ in rates), statistics.mean(c for _, c in rates)


def server_cpu(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the serving process, and by its scoring workers.

    Workers that were recycled and reaped count in the serving process's
    children's times; the live ones are read one by one.
    """
    tick = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    serving = (int(fields[11]) + int(fields[12])) / tick
    total = (int(fields[13]) + int(fields[14])) / tick
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    for child in children:
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return serving, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[default_jobs()], help="scoring workers"
    )
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 64])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument(
        "--synthetic", type=int, default=50, help="distinct 800-word articles to send"
    )
    args = parser.parse_args()

    texts = corpus(args.synthetic, seed=11)
    print(f"reference loop: {reference_loop():.0f} ns per iteration (lower is a faster machine)")
    engine = Engine()
    # The engine's rate is measured again right before each load, with the server idle, so
    # that a machine whose load changes (other programs) skews the ratio as little as it can.
    print("800-word synthetic articles; engine = in-process docs/s on one core just before")
    print(
        f"{'workers':>7} {'clients':>7} {'engine':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'serving ms':>10} {'workers ms':>10} {'client ms':>9} "
        f"{'CPU overhead':>12} {'of engine x cores':>17} {'of engines at once':>18}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for workers in args.workers:
            together, together_cpu = parallel_engine_rate(engine, texts, workers, args.seconds / 2)
            print(
                f"{workers} in-process engines at once: {together:.0f} docs/s together, "
                f"{together_cpu:.2f} CPU ms per document"
            )
            proc, port = start_server(workers, Path(tmp) / f"bench{workers}.sqlite3")
            try:
                requests = [request_bytes(port, t) for t in texts]
                for concurrency in args.concurrency:
                    rate, engine_cpu = engine_rate(engine, texts, args.seconds / 2)
                    before = server_cpu(proc.pid)
                    client_before = time.process_time()
                    rps, lat, errors, warmed = asyncio.run(
                        load(port, requests, concurrency, args.seconds)
                    )
                    # The warm-up inside `load` used CPU too: divide by every request made.
                    after = server_cpu(proc.pid)
                    made = max(1, len(lat) + warmed)
                    client_ms = (time.process_time() - client_before) * 1000 / made
                    serving_ms = (after[0] - before[0]) * 1000 / made
                    workers_ms = (after[1] - before[1]) * 1000 / made
                    cpu_ms = serving_ms + workers_ms
                    lat_ms = sorted(x * 1000 for x in lat)
                    p50 = statistics.median(lat_ms)
                    p99 = lat_ms[min(len(lat_ms) - 1, int(len(lat_ms) * 0.99))]
                    share = rps / (rate * workers)
                    cpu_overhead = cpu_ms / engine_cpu - 1
                    print(
                        f"{workers:>7} {concurrency:>7} {rate:>7.0f} {rps:>8.0f} {p50:>8.1f} "
                        f"{p99:>8.1f} "
                        f"{errors:>6} {serving_ms:>10.2f} {workers_ms:>10.2f} {client_ms:>9.2f} "
                        f"{cpu_overhead:>12.0%} {share:>17.2f} {rps / together:>18.2f}"
                    )
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(15)


if __name__ == "__main__":
    main()
