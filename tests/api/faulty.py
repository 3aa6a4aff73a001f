"""A plugin distribution whose heuristic misbehaves as the document's text asks.

`install(site)` lays it out as pip would (module, dist-info, entry point) in
`site`, a folder to put on PYTHONPATH (or sys.path). Its heuristic `faulty`
runs normally unless the text holds one of `FAULTS`; `after-faulty` requires
it, so it runs later, and reports the heuristic's status it received.
"""

from __future__ import annotations

from pathlib import Path

FAULTS = {
    # Catastrophic backtracking: C code holding the GIL (it checks for signals).
    "regex": "FAULT-REGEX",
    "sleep": "FAULT-SLEEP",
    "busy": "FAULT-BUSY",
    "memory": "FAULT-MEMORY",
    "abort": "FAULT-ABORT",
    # A C loop holding the GIL that never checks for signals: only a kill stops it.
    "c-loop": "FAULT-CLOOP",
}

SOURCE = """
import os
import re
import time

from reliability import Heuristic, Outcome, hookimpl


class Faulty(Heuristic):
    name = "faulty"
    description = "Misbehaves when the text asks it to."

    def evaluate(self, doc, context):
        text = doc.text
        if "FAULT-REGEX" in text:
            re.match(r"(a+)+$", "a" * 34 + "b")
        if "FAULT-SLEEP" in text:
            while True:
                time.sleep(3600)
        if "FAULT-BUSY" in text:
            while True:
                pass
        if "FAULT-MEMORY" in text:
            hog = []
            while True:
                hog.append(bytearray(100_000_000))
        if "FAULT-ABORT" in text:
            os.abort()
        if "FAULT-CLOOP" in text:
            sum(range(10**13))
        return Outcome(score=0.5, confidence=1.0, summary="Behaved.")


class AfterFaulty(Heuristic):
    name = "after-faulty"
    description = "Runs after faulty, with its result."
    requires = ("faulty",)

    def evaluate(self, doc, context):
        status = getattr(context.results.get("faulty"), "status", "absent")
        return Outcome(score=0.5, confidence=1.0, summary=f"faulty was {status}.")


@hookimpl
def register_heuristics(register):
    register(Faulty())
    register(AfterFaulty())
"""


def install(site: Path) -> Path:
    """Write the plugin into `site`; return `site`."""
    site.mkdir(parents=True, exist_ok=True)
    (site / "faulty_plugin.py").write_text(SOURCE, encoding="utf-8")
    dist = site / "faulty_plugin-1.0.dist-info"
    dist.mkdir(exist_ok=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: faulty-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[reliability]\nfaulty = faulty_plugin\n")
    return site
