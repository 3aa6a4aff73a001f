"""How long the web page takes, in headless Chromium, from "Score" to the marked-up text.

Starts `reliability serve` (one worker, an empty store) on a free localhost
port, opens `/` in the system Chromium (`tests/browser.py`, so the `test`
extra must be installed), and for each article fills the form, submits it and
waits for the results. Reported per article size: the request as the browser
saw it (fetch start to response end: scoring plus transfer) and the page's own
rendering of the scorecard (the `reliability:render` performance measure:
building the panels, the findings lists and every highlight). The reference
loop (ns per iteration of a fixed Python loop, before and after) shows how
fast this shared VM was during the run.

    python benchmarks/web.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import sys
import tempfile
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from api import start_server
from browser import chromium
from engine import reference_loop
from synthetic import article, corpus

from reliability import Document

ROOT = Path(__file__).resolve().parent.parent
SCRIPT_TIMES = """() => {
    const req = performance.getEntriesByType("resource")
        .filter((e) => e.name.endsWith("/v1/scorecards")).pop();
    const render = performance.getEntriesByName("reliability:render").pop();
    return {
        request: req.responseEnd - req.startTime,
        render: render.duration,
        spans: document.querySelectorAll("#text mark[id]").length,
        chars: document.getElementById("text").textContent.length,
    };
}"""


def measure(page: object, url: str, text: str) -> dict[str, float]:
    page.goto(url)  # type: ignore[attr-defined]
    page.fill("#source", text)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#grade", timeout=120_000)  # type: ignore[attr-defined]
    return page.evaluate(SCRIPT_TIMES)  # type: ignore[attr-defined,no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per article")
    args = parser.parse_args()

    seeds = [
        msgspec.json.decode(p.read_bytes(), type=Document).text
        for p in sorted((ROOT / "seeds").glob("*.json"))
    ]
    groups = {
        "seeds (5, median 705 words)": seeds,
        "synthetic 800 words (10)": corpus(10, words=800),
        "synthetic 5,000 words (3)": [article(random.Random(i), 5000) for i in range(3)],
        "synthetic 20,000 words (2)": [article(random.Random(i), 20000) for i in range(2)],
    }
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_server(1, Path(tmp) / "store.sqlite3")
        try:
            with chromium() as context:
                page = context.new_page()
                url = f"http://127.0.0.1:{port}/"
                measure(page, url, seeds[0])  # warm up the server and the browser
                print(f"reference loop: {reference_loop():.0f} ns per iteration")
                print("| articles | spans (median) | request p50 | render p50 | render max |")
                print("|---|---|---|---|---|")
                for label, texts in groups.items():
                    runs = [measure(page, url, t) for t in texts for _ in range(args.repeat)]
                    print(
                        f"| {label} | {statistics.median(r['spans'] for r in runs):.0f} "
                        f"| {statistics.median(r['request'] for r in runs):.0f} ms "
                        f"| {statistics.median(r['render'] for r in runs):.1f} ms "
                        f"| {max(r['render'] for r in runs):.1f} ms |"
                    )
                print(f"reference loop: {reference_loop():.0f} ns per iteration")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(15)


if __name__ == "__main__":
    main()
