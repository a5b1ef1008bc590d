#!/usr/bin/env python3
"""Scores Parallax's web-page reading on a public article-extraction benchmark.

The benchmark is a checkout of scrapinghub/article-extraction-benchmark (181 saved
pages, `html/*.html.gz`, and `ground-truth.json` with each page's hand-extracted
article body). Nothing from it is copied into this repository: the script reads the
checkout given on the command line.

For each page, the text Parallax keeps is every sentence `parallax inspect --json` does
not mark as boilerplate, headings included. The benchmark's bodies leave the headline
out, while Parallax keeps it as the document's first statement (headlines are compared
too), so each figure is also given without the headline block. It is scored against the article body with
the benchmark's own metric: word 4-gram shingles, precision and recall per page
(normalised so that long pages do not weigh more), averaged over pages, F1 of the means.

The pages are dealt into two halves by their key (its first byte, even or odd). Rules
are diagnosed on the "dev" half only; the "check" half is scored but not read, so that
its figure says how the rules do on pages they were not shaped on.

Usage: web_benchmark.py BENCHMARK_DIR [--bin target/release/parallax] [--worst N]
"""

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(gold: str, kept: str) -> tuple[float, float, float]:
    """The benchmark's per-page (tp, fp, fn), normalised to sum to 1."""
    g, k = shingles(gold), shingles(kept)
    tp = fp = fn = 0
    for key in g.keys() | k.keys():
        tp += min(g[key], k[key])
        fp += max(0, k[key] - g[key])
        fn += max(0, g[key] - k[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def summary(rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall) as the benchmark computes them."""
    ps = [precision(*r) for r in rows if r[0] + r[1] > 0]
    rs = [recall(*r) for r in rows if r[0] + r[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0, p, r)


def half_of(key: str) -> str:
    return "dev" if int(key[:2], 16) % 2 == 0 else "check"


def kept_text(binary: str, page: Path) -> tuple[str, str]:
    """The unmarked text of `page`, with and without its headline block."""
    out = subprocess.run([binary, "inspect", "--json", str(page)], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        print(f"{page.name}: {out.stderr.strip()}", file=sys.stderr)
        return "", ""
    doc = json.loads(out.stdout)
    kept = [s for s in doc["sentences"] if not s["boilerplate"]]
    first = doc["blocks"][0] if doc["blocks"] else None
    headline = first["id"] if first and first["kind"] == "heading" else None
    return (
        "\n".join(s["text"] for s in kept),
        "\n".join(s["text"] for s in kept if s["block"] != headline),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", type=Path)
    parser.add_argument("--bin", default="target/release/parallax")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst dev pages")
    args = parser.parse_args()

    truth = json.loads((args.benchmark / "ground-truth.json").read_text())
    rows: dict[tuple[str, bool], list] = {(h, t): [] for h in ("dev", "check") for t in (True, False)}
    worst = []
    with tempfile.TemporaryDirectory() as tmp:
        for key in sorted(truth):
            page = Path(tmp) / f"{key}.html"
            page.write_bytes(gzip.decompress((args.benchmark / "html" / f"{key}.html.gz").read_bytes()))
            gold = truth[key].get("articleBody", "")
            with_headline, without = kept_text(args.bin, page)
            scores = page_scores(gold, with_headline)
            rows[(half_of(key), True)].append(scores)
            rows[(half_of(key), False)].append(page_scores(gold, without))
            if half_of(key) == "dev":
                worst.append((summary([scores])[0], key, scores))
            page.unlink()

    for headline in (True, False):
        print("with the headline:" if headline else "without the headline block:")
        for name in ("dev", "check", "all"):
            got = rows[("dev", headline)] + rows[("check", headline)] if name == "all" else rows[(name, headline)]
            f1, p, r = summary(got)
            print(f"  {name:<6} pages={len(got):<4} F1={f1:.3f} P={p:.3f} R={r:.3f}")
    for f1, key, (tp, fp, fn) in sorted(worst)[: args.worst]:
        print(f"  {f1:.3f} {key[:12]} P={precision(tp, fp, fn):.3f} R={recall(tp, fp, fn):.3f} {truth[key].get('url', '')}")


if __name__ == "__main__":
    main()
