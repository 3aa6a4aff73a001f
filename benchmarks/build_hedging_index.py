"""Write hedging's prebuilt index (`data/hedging.index`) from its two TSV tables.

    python benchmarks/build_hedging_index.py

Run after editing `hedging.tsv` or `hedging_reporting.tsv`: until then the
heuristic builds its tables from the TSVs at every start (the index names the
TSVs it was built from by their SHA-256), and a test fails.
"""

from __future__ import annotations

from reliability_heuristics.hedging.lexicon import INDEX, build_index


def main() -> None:
    data = build_index()
    INDEX.write_bytes(data)
    print(f"wrote {INDEX} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
