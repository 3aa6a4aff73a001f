"""How well are pages' publication dates extracted, and how often is a wrong one trusted?

Data: ../shared/data/htmldate-mediacloud-2020 (gold.json maps url → {"file",
"date"}; pages/NAME is the saved HTML): 200 world news pages from 2020, many
not in English, a development set (no test split is read). Each page goes
through `reliability.fetch.extract.extract_html` with its URL, exactly as a
fetched page does. The 5 pages whose gold date is missing (`NaN`) are left out.

Targets, printed beside the figures: a wrong date trusted for at most 1.5 % of
pages, a trusted date for at least 85 %, and at least 97 % of trusted dates right.

Reported, over pages with a gold date:

- coverage: the share given a trusted (high-confidence) publication date,
  i.e. a Document `published` date;
- accuracy: the share of those trusted dates equal to the gold date;
- wrong and trusted: pages whose trusted date is wrong, over all pages (and
  how many of those are more than a day off: most are one day, a time zone);
- the low-confidence dates (found elsewhere on the page, never used as the
  publication date): how many, and how many are right;
- per source (url, metadata, structured-data, page) and per field (the meta
  tag, JSON-LD property, dateline ...): trusted count and accuracy;
- the pages given a modification date;
- htmldate's own `find_date` (extensive search, original date, with the URL)
  on the same pages, as the reference of one answer per page with no labels.

    .venv-test/bin/python benchmarks/dates.py [--show-wrong]

Exits 2 when the data set is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from htmldate import find_date
from trafilatura.utils import decode_file

from reliability.errors import ReliabilityError
from reliability.fetch.extract import extract_html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "htmldate-mediacloud-2020"
TARGET_WRONG = 1.5
TARGET_COVERAGE = 85.0
TARGET_ACCURACY = 97.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show-wrong", action="store_true", help="list wrong trusted dates")
    args = parser.parse_args()
    gold_path = DATA / "gold.json"
    if not gold_path.exists():
        print(f"data set absent: {DATA}", file=sys.stderr)
        return 2
    gold: dict[str, dict[str, str | None]] = json.loads(gold_path.read_text())
    pages = no_gold = no_text = 0
    trusted = trusted_right = 0
    low = low_right = no_date = 0
    reference = reference_right = 0
    by_source: Counter[str] = Counter()
    right_by_source: Counter[str] = Counter()
    by_field: Counter[str] = Counter()
    right_by_field: Counter[str] = Counter()
    modified = 0
    wrong: list[tuple[str, str, str, str]] = []
    started = time.perf_counter()
    times: list[float] = []
    for url, item in gold.items():
        true = item.get("date")
        if not isinstance(true, str) or not true:  # NaN in gold.json: no gold date
            no_gold += 1
            continue
        pages += 1
        html = decode_file((DATA / "pages" / str(item["file"])).read_bytes())
        found = find_date(html, extensive_search=True, original_date=True, url=url)
        if found:
            reference += 1
            reference_right += found == true
        t0 = time.perf_counter()
        try:
            extraction = extract_html(html, url)
        except ReliabilityError:
            no_text += 1
            continue
        finally:
            times.append(time.perf_counter() - t0)
        modified += extraction.modified is not None
        published = extraction.published
        if published is None:
            no_date += 1
            continue
        right = published.date == true
        if published.confidence == "high":
            by_source[published.source] += 1
            right_by_source[published.source] += right
            by_field[published.field] += 1
            right_by_field[published.field] += right
            trusted += 1
            trusted_right += right
            if not right:
                wrong.append((url, published.source, published.date, str(true)))
        else:
            low += 1
            low_right += right
    elapsed = time.perf_counter() - started
    far = sum(
        abs((dt.date.fromisoformat(date) - dt.date.fromisoformat(true)).days) > 1
        for _url, _source, date, true in wrong
    )

    def pct(n: int, d: int) -> str:
        return f"{100 * n / d:.1f} %" if d else "-"

    extracted = pages - no_text
    print(f"pages with a gold date: {pages} ({no_gold} without one are left out)")
    print(f"pages with extracted text: {extracted} (no text from {no_text})")
    print()
    wrong_n = trusted - trusted_right
    print("| measure | pages | share | target |")
    print("|---|---|---|---|")
    print(
        f"| wrong date given with high confidence | {wrong_n} | {pct(wrong_n, extracted)} | "
        f"<= {TARGET_WRONG} % {_met(100 * wrong_n / max(extracted, 1) <= TARGET_WRONG)} |"
    )
    print(
        f"| trusted publication date given (coverage) | {trusted} | {pct(trusted, extracted)} | "
        f">= {TARGET_COVERAGE:.0f} % {_met(100 * trusted / max(extracted, 1) >= TARGET_COVERAGE)} |"
    )
    print(
        f"| trusted date equal to the gold date (accuracy) | {trusted_right} | "
        f"{pct(trusted_right, trusted)} | >= {TARGET_ACCURACY:.0f} % "
        f"{_met(100 * trusted_right / max(trusted, 1) >= TARGET_ACCURACY)} |"
    )
    print(f"| … wrong trusted dates more than one day off | {far} | {pct(far, extracted)} | |")
    print(f"| low-confidence date only (not used as published) | {low} | {pct(low, extracted)} | |")
    print(f"| … of which right | {low_right} | {pct(low_right, low)} | |")
    print(f"| no date at all | {no_date} | {pct(no_date, extracted)} | |")
    print(f"| modification date reported | {modified} | {pct(modified, extracted)} | |")
    print()
    print("| trusted date from | pages | right |")
    print("|---|---|---|")
    for source in ("url", "metadata", "structured-data", "page"):
        n = by_source[source]
        print(f"| {source} | {n} | {pct(right_by_source[source], n)} |")
    print()
    print("| trusted date from field | pages | right |")
    print("|---|---|---|")
    for field, n in by_field.most_common():
        print(f"| {field} | {n} | {pct(right_by_field[field], n)} |")
    print()
    print(
        f"htmldate find_date alone (extensive, original date, URL): {reference} dated, "
        f"{pct(reference_right, reference)} right, {pct(reference, pages)} coverage"
    )
    print(f"time: {elapsed:.1f} s for {pages} pages (both extractions)")
    print(
        f"extract_html (text, metadata, dates) per page: median "
        f"{1000 * statistics.median(times):.0f} ms, p90 "
        f"{1000 * statistics.quantiles(times, n=10)[-1]:.0f} ms"
    )
    if args.show_wrong:
        for url, source, date, true in wrong:
            print(f"wrong {source}: {date} (gold {true}) {url}")
    return 0


def _met(ok: bool) -> str:
    return "(met)" if ok else "(NOT met)"


if __name__ == "__main__":
    sys.exit(main())
