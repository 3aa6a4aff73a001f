"""How well the browser extension's page script places findings in pages that differ from the text.

For each seed article, the engine scores the extracted text (with the other
seeds as peers) and a page is built around that text the way news sites
differ from their extracted text: lines re-wrapped, words wrapped in links
and emphasis, curly apostrophes typed straight, navigation and a ticker that
repeat the standfirst, and "related" teasers that repeat sentences of the
article between its paragraphs. `extension/content/anchor.js` then
highlights every span in headless Chromium (`/usr/bin/chromium`).

A span counts as *placed* when its marks hold exactly its text (modulo
whitespace) at the occurrence the engine meant: the same offset in the
article's text, furniture left out. The same run without prefix/suffix
(first occurrence wins) shows what the context is worth.

    python benchmarks/anchoring.py [--seed 1] [--pages 4] [--repeat 5]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import msgspec

from reliability import Document, score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import chromium  # the tests' launcher of the system Chromium

ROOT = Path(__file__).resolve().parent.parent
ANCHOR_JS = ROOT / "extension" / "content" / "anchor.js"

MEASURE = """
({ findings, runs }) => {
  const A = window.ReliabilityAnchor;
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    A.clear(document.body);
    const t0 = performance.now();
    result = A.highlight(document.body, findings);
    times.push(performance.now() - t0);
  }
  const article = document.querySelector("[data-article]");
  const positions = {};
  let count = 0;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest("[data-furniture]")
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let m = n.parentElement; m && m !== article; m = m.parentElement) {
      const id = m.matches("mark[data-reliability]") && m.getAttribute("data-reliability");
      if (id && !(id in positions)) positions[id] = count;
    }
    count += n.data.replace(/\\s+/g, "").length;
  }
  const texts = {};
  for (const mark of document.querySelectorAll("mark[data-reliability]")) {
    const id = mark.getAttribute("data-reliability");
    texts[id] = (texts[id] || "") + mark.textContent;
  }
  return { found: result.found.length, missing: result.missing.length, times, positions, texts };
}
"""


def squeeze(text: str) -> str:
    """The text without whitespace, apostrophes straight (as the page script compares)."""
    return re.sub(r"\s+", "", text).replace("’", "'")


def load_seeds() -> list[Document]:
    return [
        msgspec.json.decode(p.read_bytes(), type=Document)
        for p in sorted((ROOT / "seeds").glob("*.json"))
    ]


def sentences(text: str) -> list[str]:
    """Sentences long enough to make a teaser, each within one line of the text."""
    return [s for s in re.split(r"(?<=[.!?])[ \t]+|\n+", text) if len(s) > 40]


def inline(paragraph: str, rng: random.Random) -> str:
    """The paragraph as HTML: re-wrapped, some words in links or emphasis, some quotes straight."""
    words = paragraph.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        if rng.random() < 0.08 and i + 1 < len(words):
            n = rng.randint(1, 4)
            tag = rng.choice(["a", "em", "strong", "span"])
            attrs = ' href="/tag/x"' if tag == "a" else ""
            run = html.escape(" ".join(words[i : i + n]), quote=False)
            out.append(f"<{tag}{attrs}>{run}</{tag}>")
            i += n
        else:
            out.append(html.escape(words[i], quote=False))
            i += 1
    body = ""
    for k, word in enumerate(out):
        body += word if k == 0 else rng.choice([" ", " ", " ", "\n      ", "  ", "&nbsp;"]) + word
    # Some sites type apostrophes straight where the extractor kept them curly, or the reverse.
    return "".join(ch if ch != "’" or rng.random() < 0.7 else "'" for ch in body)


def build_page(doc: Document, rng: random.Random, semantic: bool) -> str:
    """A news page around the document's text; furniture carries `data-furniture`.

    A `semantic` page marks its parts (main, article, aside, nav, footer); the
    others are all divs, so the page script cannot tell the article from
    its furniture and must rely on the quotes' context.
    """
    tags = (
        {"main": "main", "article": "article", "aside": "aside", "nav": "nav", "footer": "footer"}
        if semantic
        else dict.fromkeys(("main", "article", "aside", "nav", "footer"), "div")
    )
    blocks = [b for b in re.split(r"\n\s*\n|\n", doc.text) if b.strip()]
    teasers = sentences(doc.text)
    parts = []
    for i, block in enumerate(blocks):
        parts.append(f"<p>{inline(block, rng)}</p>")
        if i % 4 == 3 and teasers:
            teaser = html.escape(rng.choice(teasers), quote=False)
            parts.append(
                f'<{tags["aside"]} data-furniture class="related"><h3>Related</h3>'
                f'<a href="/r">{teaser}</a></{tags["aside"]}>'
            )
    lead = html.escape(blocks[1] if len(blocks) > 1 else blocks[0], quote=False)
    last = html.escape(teasers[-1] if teasers else "", quote=False)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>page</title></head><body>"
        f"<div class='top'><{tags['nav']}><a href='/'>Home</a> <a href='/world'>World</a>"
        f"</{tags['nav']}><div class='ticker'>Latest: <a href='/x'>{lead}</a></div></div>"
        f"<{tags['main']}><{tags['article']} data-article>{''.join(parts)}</{tags['article']}>"
        f"</{tags['main']}><{tags['footer']}>Most read: <a href='/y'>{last}</a>"
        f"</{tags['footer']}></body></html>"
    )


# What each run gives the page script: everything; no prefix/suffix; the quote alone.
VARIANTS = ("full", "no-context", "quote-only")


def findings_of(card: Any, variant: str) -> list[dict[str, Any]]:
    out = []
    for h in card.heuristics:
        for f in h.findings:
            item = msgspec.to_builtins(f)
            for span in item["spans"]:
                if variant != "full":
                    span["selector"] = {"exact": span["selector"]["exact"]}
                if variant == "quote-only":
                    del span["start"]  # the order of the spans is not used either
            out.append(item)
    return out


def run(page: Any, doc: Document, card: Any, variant: str, runs: int) -> dict[str, Any]:
    findings = findings_of(card, variant)
    result = page.evaluate(MEASURE, {"findings": findings, "runs": runs})
    spans = {f"{i}.{j}": s for i, f in enumerate(findings) for j, s in enumerate(f["spans"])}
    placed = sum(
        1
        for span_id, span in spans.items()
        if squeeze(result["texts"].get(span_id, "")) == squeeze(span["text"])
        and result["positions"].get(span_id)
        == len(squeeze(doc.text[: span["end"]])) - len(squeeze(span["text"]))
    )
    return {
        "spans": len(spans),
        "found": result["found"],
        "placed": placed,
        "ms": statistics.median(result["times"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="random seed for the page variations")
    parser.add_argument("--pages", type=int, default=4, help="page variations per article")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page (median)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    docs = load_seeds()
    rows = []
    with chromium() as browser:
        page = browser.new_page()
        with tempfile.TemporaryDirectory() as tmp:
            for n, doc in enumerate(docs):
                card = score(doc, peers=[d for d in docs if d is not doc])
                for k in range(args.pages):
                    path = Path(tmp) / f"seed-{n}-{k}.html"
                    semantic = k % 2 == 0
                    path.write_text(build_page(doc, rng, semantic), encoding="utf-8")
                    row: dict[str, Any] = {
                        "seed": f"{n:03d}/{k}{'' if semantic else '*'}",
                        "chars": len(doc.text),
                    }
                    for variant in VARIANTS:
                        page.goto(path.as_uri())
                        page.add_script_tag(path=str(ANCHOR_JS))
                        row[variant] = run(page, doc, card, variant, args.repeat)
                    rows.append(row)

    print(
        f"{'page':>6} {'chars':>6} {'spans':>5} {'found':>5} {'placed':>6} {'ms':>6} "
        f"{'no-context':>10} {'quote-only':>10}"
    )
    for row in rows:
        full = row["full"]
        print(
            f"{row['seed']:>6} {row['chars']:>6} {full['spans']:>5} {full['found']:>5} "
            f"{full['placed']:>6} {full['ms']:>6.1f} {row['no-context']['placed']:>10} "
            f"{row['quote-only']['placed']:>10}"
        )
    total = sum(r["full"]["spans"] for r in rows)
    for variant in VARIANTS:
        placed = sum(r[variant]["placed"] for r in rows)
        found = sum(r[variant]["found"] for r in rows)
        print(
            f"{variant}: {placed}/{total} spans placed ({100 * placed / total:.1f}%), "
            f"{found} found, on {len(rows)} pages"
        )
    print("(* a page of divs only: no main, article, aside, nav or footer)")
    times = sorted(r["full"]["ms"] for r in rows)
    print(
        f"highlight time per page: median {statistics.median(times):.1f} ms, max {times[-1]:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
