"""Start-up: `reliability score FILE` on one small article, table output, as a user runs it.

Runs the command `--runs` times, each a new process (its output to a pipe, as
`> /dev/null` would), and prints the median and the fastest wall time beside
the target, at most 0.2 s, and the median CPU time (user and system) of a run,
which a busy machine disturbs less than the wall time.

Bytecode is written as a user's install has it (PYTHONDONTWRITEBYTECODE is
left out of the commands' environment, and a first run, not counted, writes it).

Then `--runs` more processes each run the command's own `main`, as the command
runs it, and mark its stages with `time.perf_counter`; each stage's fastest of
the runs is printed (a busy machine slows some runs of a stage, never speeds
one up):

- the interpreter alone (`python -c pass`, in processes of their own);
- importing the package (`reliability.cli`, which the command imports first);
- reading the command line;
- loading the plugins (`Engine(...)`: entry points, the built-in heuristics' modules,
  their options checked);
- scoring the document (the shared analysis, every heuristic, the scorecard);
- rendering the table (rich imported, the scorecard printed; the file read);
- the rest of the process: the interpreter's start and exit around the stages.

    python benchmarks/startup.py [FILE] [--runs N]

FILE defaults to `seeds/000_8df6e2e784614816.json` (about 500 words).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.2
DEFAULT_FILE = ROOT / "seeds" / "000_8df6e2e784614816.json"
COMMAND = Path(sys.executable).parent / "reliability"
# As a user's install has it: bytecode written once and read after (an environment
# that turns it off would compile every edited module from source at each start).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# Run in a fresh interpreter: the command's own `main`, as the command runs it, with
# a mark at each stage (the engine's class is wrapped to see its start and its cards).
_STAGES = r"""
import json, os, sys, time
t0 = time.perf_counter()
from reliability import cli
marks = {"import": time.perf_counter()}


class Marked(cli.Engine):
    def __init__(self, *args, **kwargs):
        marks["parse"] = time.perf_counter()
        super().__init__(*args, **kwargs)
        marks["plugins"] = time.perf_counter()

    def score_many(self, *args, **kwargs):
        marks["begin"] = time.perf_counter()
        for card in super().score_many(*args, **kwargs):
            marks.setdefault("score", time.perf_counter())
            yield card


cli.Engine = Marked
sys.argv = ["reliability", "score", sys.argv[1]]
with open(os.devnull, "w", encoding="utf-8") as out:
    sys.stdout = out
    status = cli.main()
    sys.stdout = sys.__stdout__
end = time.perf_counter()
# rich is imported, and the file read, before the first card is asked for.
print(json.dumps({
    "import": marks["import"] - t0,
    "parse": marks["parse"] - marks["import"],
    "plugins": marks["plugins"] - marks["parse"],
    "score": marks["score"] - marks["begin"],
    "render": marks["begin"] - marks["plugins"] + end - marks["score"],
}))
"""


def wall(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user and system) of one run of `command` in a new process."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed (exit {proc.returncode}):\n{proc.stderr.decode()}")
    return elapsed, now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime


def stages(path: Path) -> dict[str, float]:
    """Each stage's seconds, measured in one new process, and the rest of its wall time."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _STAGES, str(path)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"the stage timing failed (exit {proc.returncode}):\n{proc.stderr}")
    parts: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    parts["rest"] = elapsed - sum(parts.values())
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--runs", type=int, default=10, help="runs of the command (default 10)")
    args = parser.parse_args()
    path = args.file.resolve()
    command = [str(COMMAND), "score", str(path)]
    wall(command)  # the first run after an install or an edit also writes bytecode
    runs = [wall(command) for _ in range(args.runs)]
    times = [elapsed for elapsed, _ in runs]
    bare = min(wall([sys.executable, "-c", "pass"])[0] for _ in range(args.runs))
    marked = [stages(path) for _ in range(args.runs)]
    parts = {key: min(run[key] for run in marked) for key in marked[0]}
    print(f"reliability score {path.name} (table output), {args.runs} runs, each a new process")
    print(
        f"  wall: median {statistics.median(times):.3f} s, fastest {min(times):.3f} s  "
        f"(target at most {TARGET_S:.1f} s); "
        f"CPU: median {statistics.median(cpu for _, cpu in runs):.3f} s"
    )
    print(f"stages, each the fastest of {args.runs} runs:")
    names = {
        "import": "import of the package",
        "parse": "the command line read",
        "plugins": "plugin loading",
        "score": "scoring (analysis, heuristics, scorecard)",
        "render": "rendering the table (with rich's import)",
        "rest": "interpreter start and exit around them",
    }
    print(f"  {'(interpreter alone: python -c pass)':<42} {bare * 1000:6.0f} ms")
    for key, label in names.items():
        print(f"  {label:<42} {parts[key] * 1000:6.0f} ms")
    print(f"  {'sum':<42} {sum(parts.values()) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
