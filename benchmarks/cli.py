"""`reliability score` in one process and in worker processes: the speed-up of --jobs.

Writes N synthetic 800-word articles (`benchmarks/synthetic.py`) to a temporary
folder as .txt files, then times the command line over the folder, as a user
runs it (a new process, NDJSON to a pipe), with `--jobs 1` (in-process) and
`--jobs J` (J worker processes; default one per core). Each is run `--repeat`
times in turn and its fastest run kept. Prints both times, the speed-up ratio
of that one invocation, and whether the two outputs are the same (the measured
`elapsed_ms` of each heuristic and `analysis_ms` left out, as they differ between
any two runs).

    python benchmarks/cli.py [--articles N] [--jobs J] [--repeat R]

`--articles` below about 100 measures mostly the workers' start-up (about 0.5 s),
which is why `reliability score` without --jobs scores small inputs in-process.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import corpus

from reliability.workers import default_jobs

ROOT = Path(__file__).resolve().parent.parent


def timed(folder: Path, jobs: int) -> tuple[float, float, str]:
    """Wall time and CPU time of one `reliability score --jobs J` over `folder`, and its output.

    The CPU time is the command's and its worker processes' (user and system).
    """
    command = [sys.executable, "-m", "reliability", "score", "--format", "ndjson"]
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [*command, "--jobs", str(jobs), str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    if proc.returncode != 0:
        sys.exit(f"--jobs {jobs} failed (exit {proc.returncode}):\n{proc.stderr}")
    return elapsed, cpu, re.sub(r'"(elapsed_ms|analysis_ms)":[0-9.e+-]+', "", proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="synthetic 800-word articles")
    parser.add_argument(
        "--jobs", type=int, default=default_jobs(), help="worker processes (default: one per core)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, the fastest kept")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reliability-cli-bench-") as tmp:
        folder = Path(tmp)
        texts = corpus(args.articles, seed=17)
        for number, text in enumerate(texts):
            (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")
        size = sum(len(text.encode()) for text in texts) / 1e6
        print(
            f"reliability score over {args.articles} synthetic 800-word articles ({size:.1f} MB), "
            f"{default_jobs()} cores"
        )
        best: dict[int, tuple[float, float]] = {}
        outputs: dict[int, str] = {}
        for _ in range(args.repeat):
            for jobs in (1, args.jobs):
                elapsed, cpu, outputs[jobs] = timed(folder, jobs)
                best[jobs] = min(best.get(jobs, (elapsed, cpu)), (elapsed, cpu))
    for jobs in (1, args.jobs):
        wall, cpu = best[jobs]
        rate = args.articles / wall
        print(
            f"  --jobs {jobs}: {wall:6.2f} s  ({rate:.0f} articles/s), "
            f"{cpu:.1f} CPU s ({cpu / wall:.2f} cores busy)"
        )
    same = "yes" if outputs[1] == outputs[args.jobs] else "NO"
    print(
        f"speed-up with --jobs {args.jobs}: {best[1][0] / best[args.jobs][0]:.2f}x; "
        f"same output: {same}"
    )


if __name__ == "__main__":
    main()
