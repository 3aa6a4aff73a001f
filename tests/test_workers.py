"""When `reliability score` scores in worker processes (the CLI's own runs are in test_cli.py)."""

from __future__ import annotations

from reliability import make_document
from reliability.workers import POOL_MIN_CHARACTERS, default_jobs, use_workers


def test_workers_only_when_asked_or_worth_their_start_up():
    short = [make_document(f"Officials said {n} people were hurt.") for n in range(40)]
    long = [make_document("x" * (POOL_MIN_CHARACTERS // 4)) for _ in range(4)]
    assert use_workers(short, None, compare=False) == 0  # a small input: in this process
    cores = min(default_jobs(), 4)
    assert use_workers(long, None, compare=False) == (cores if cores > 1 else 0)  # one per core
    assert use_workers(short, 3, compare=False) == 3  # asked for
    assert use_workers(short[:2], 8, compare=False) == 2  # never more than the documents
    assert use_workers(short[:1], 8, compare=False) == 0
    assert use_workers(short, 1, compare=False) == 0
    assert use_workers(long, None, compare=True) == use_workers(short, 4, compare=True) == 0
