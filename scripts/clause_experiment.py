#!/usr/bin/env python3
"""Do parts of sentences find the claims inside them? An experiment, not part of the
engine.

For every sentence pair the scorer sees (the `./x fit` dumps in DUMPS), each sentence is
cut into parts and every part gets a vector from all-MiniLM-L6-v2, mean-pooled and
normalised like the sentence's own. Two features, the same whichever article comes
first, join the scorer's sixteen:
- `part_in`: the best cosine between a part of the longer sentence (or all of it) and
  the whole shorter one: does the longer sentence hold the shorter one's claim?
- `part_pair`: the best cosine between any part (or all) of one and any part (or all)
  of the other: do the two share a claim that neither states alone?
Each variant adds part_in, part_pair, then both, and reruns scripts/fit_scorer.py's
topic folds as scripts/token_alignment_experiment.py does, printing link F1 per fold.

The parts, one variant each:
- `span-commas`: clauses cut at commas, semicolons, colons, dashes and parentheses,
  pieces of fewer than four words joined to their neighbour; the part's vector pools the
  sentence's own token vectors over the clause (no extra forward pass);
- `span-windows`: windows of eight words, four apart, pooled the same way;
- `forward-commas`, `forward-windows`: the same parts, each run through the model on
  its own (a forward pass per part: the engine would embed two to four times as much).
The variant `document-prior` tests evidence above the sentence instead: how close the
two articles are as a whole (the mean, over both articles' sentences, of each one's best
cosine on the other side), alone and times the pair's cosine and lexical overlap, and
`document-prior-content` the same over content sentences only, as the engine would
compute it (a sentence is site chrome when the dump gives it the place of the sentence
after it: align.rs content_places). The
variant `combined` adds what each kind of evidence offers at once: span-windows' two
features, token_alignment_experiment.py's two token containments (every token weighing
1) and the three document-prior features.

    python3 scripts/clause_experiment.py MODEL_DIR BENCH DUMPS [VARIANT ...]

It needs numpy, scipy, scikit-learn, tokenizers and safetensors; the span variants take
about five minutes on 2 cores, each forward variant two to six more.
"""
import re
import sys

import numpy as np

import bench_data
import fit_scorer
from token_alignment_experiment import MiniLM, containment, cross_validate, print_folds

VARIANTS = ["span-commas", "span-windows", "forward-commas", "forward-windows", "document-prior",
            "document-prior-content", "combined"]
MIN_CLAUSE_WORDS = 4
WINDOW_WORDS = 8
WINDOW_STRIDE = 4
DIM = 384


def clauses(text):
    """Character spans of the clauses of `text`, or none when it is one clause."""
    cuts = [m.start() for m in re.finditer(r"[,;:]\s|\s[—–-]\s|\s\(|\)\s", text)]
    spans, start = [], 0
    for cut in cuts + [len(text)]:
        if text[start:cut].strip():
            spans.append((start, cut))
        start = cut + 1
    words = lambda span: len(text[span[0]:span[1]].split())
    merged = []
    for span in spans:
        if merged and words(merged[-1]) < MIN_CLAUSE_WORDS:
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    if len(merged) > 1 and words(merged[-1]) < MIN_CLAUSE_WORDS:
        last = merged.pop()
        merged[-1] = (merged[-1][0], last[1])
    return merged if len(merged) > 1 else []


def windows(text):
    """Character spans of overlapping word windows, or none for a short sentence."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if len(words) <= WINDOW_WORDS + 2:
        return []
    out = []
    for k in range(0, len(words), WINDOW_STRIDE):
        window = words[k:k + WINDOW_WORDS]
        out.append((window[0][0], window[-1][1]))
        if k + WINDOW_WORDS >= len(words):
            break
    return out


def unit(v):
    return v / (np.linalg.norm(v, axis=-1, keepdims=True) + 1e-9)


def pooled_spans(states, cut):
    """Each text's parts pooled from its own token vectors."""
    out = {}
    for text, (tokens, offsets) in states.items():
        parts = []
        for a, b in cut(text):
            inside = [k for k, (x, y) in enumerate(offsets) if y > x and x >= a and y <= b]
            if inside:
                parts.append(unit(tokens[inside].mean(0)))
        out[text] = np.array(parts, np.float32).reshape(-1, DIM)
    return out


def forward_parts(model, texts, cut):
    """Each text's parts, each run through the model on its own."""
    pieces = {t: [t[a:b].strip() for a, b in cut(t)] for t in texts}
    states = model.encode(sorted({p for ps in pieces.values() for p in ps if p}))
    vector = {p: unit(s.mean(0)) for p, (_, s) in states.items()}
    return {t: np.array([vector[p] for p in ps if p], np.float32).reshape(-1, DIM)
            for t, ps in pieces.items()}


def part_features(texts, whole, parts):
    def pair(a, b):
        with_a = np.vstack([whole[a][None], parts[a]])
        with_b = np.vstack([whole[b][None], parts[b]])
        longer, shorter = (with_a, whole[b]) if len(a.split()) >= len(b.split()) else (with_b, whole[a])
        return float((longer @ shorter).max()), float((with_a @ with_b.T).max())

    return {name: np.array([pair(a, b) for a, b in rows], np.float32) for name, rows in texts.items()}


def chrome_sentences(places):
    """The sentences of one document that are site chrome, from their content places:
    chrome shares the place of the sentence after it."""
    order = sorted(places)
    return {k for k, nxt in zip(order, order[1:]) if places[k] == places[nxt]}


def document_prior(sets, content_only=False):
    """Per row: how close its two articles are as a whole, and that times the pair's
    cosine and lexical overlap. A one-sentence pair's articles are its sentences."""
    out = {}
    for d in sets:
        cosine, lexical = d["X"][:, 0], d["X"][:, 1]
        prior = cosine.copy()
        if "pair" in d:
            for p in np.unique(d["pair"]):
                rows = d["pair"] == p
                i, j, c = d["i"][rows], d["j"][rows], cosine[rows]
                keep = np.ones(len(c), bool)
                if content_only:
                    places_i = dict(zip(i, d["places"][rows][:, 0]))
                    places_j = dict(zip(j, d["places"][rows][:, 1]))
                    chrome_i, chrome_j = chrome_sentences(places_i), chrome_sentences(places_j)
                    keep = np.array([a not in chrome_i and b not in chrome_j for a, b in zip(i, j)])
                best_i, best_j = {}, {}
                for a, b, x in zip(i[keep], j[keep], c[keep]):
                    best_i[a] = max(best_i.get(a, -1.0), x)
                    best_j[b] = max(best_j.get(b, -1.0), x)
                prior[rows] = np.mean(list(best_i.values()) + list(best_j.values()))
        out[d["name"]] = np.c_[prior, prior * cosine, prior * lexical]
    return out


def main():
    model_dir, bench, dumps = sys.argv[1:4]
    variants = sys.argv[4:] or VARIANTS
    sets = fit_scorer.load_sets(dumps, bench)
    news = {d["name"]: bench_data.load_news(f"{bench}/{d['name']}-dev", d["name"]) for d in sets[:2]}
    texts = {d["name"]: [(news[d["name"]][p]["a"][i], news[d["name"]][p]["b"][j])
                         for p, i, j in zip(d["pair"], d["i"], d["j"])] for d in sets[:2]}
    texts["pairs"] = [tuple(line.rstrip("\n").split("\t")[1:3]) for line in open(f"{bench}/pairs-dev.tsv")]
    every = sorted({t for rows in texts.values() for pair in rows for t in pair})

    model = MiniLM(model_dir)
    encoded = model.encode(every) if any(not v.startswith("document-prior") for v in variants) else {}
    # Each text's token vectors ([CLS] and [SEP] included, as the pooling sees them) and
    # each token's character offsets.
    states = {t: (s, e.offsets) for t, (e, s) in encoded.items()}
    whole = {t: unit(s.mean(0)) for t, (s, _) in states.items()}
    results = [("engine", cross_validate(sets, None))]
    for variant in variants:
        if variant.startswith("document-prior"):
            content_only = variant == "document-prior-content"
            prior = document_prior(sets, content_only)
            for d in sets[:2]:
                first = np.unique(d["pair"], return_index=True)[1]
                print(f"{d['name']}: mean document prior {prior[d['name']][first, 0].mean():.2f}")
            label = "document prior, content only" if content_only else "document prior"
            results.append((label, cross_validate(sets, {n: x[:, :1] for n, x in prior.items()})))
            results.append((f"{label}, times cosine and lexical", cross_validate(sets, prior)))
        elif variant == "combined":
            prior = document_prior(sets)
            parts = part_features(texts, whole, pooled_spans(states, windows))
            tokens = {t: (unit(s[1:-1]), np.ones(len(s) - 2, np.float32)) for t, (s, _) in states.items()}
            extra = {n: np.hstack([parts[n], prior[n],
                                   np.array([containment(tokens[a], tokens[b]) for a, b in rows], np.float32)])
                     for n, rows in texts.items()}
            results.append(("combined", cross_validate(sets, extra)))
        else:
            how, kind = variant.split("-")
            cut = clauses if kind == "commas" else windows
            parts = pooled_spans(states, cut) if how == "span" else forward_parts(model, every, cut)
            extra = part_features(texts, whole, parts)
            for k, label in enumerate(["part_in", "part_pair"]):
                results.append((f"{variant}: {label}", cross_validate(sets, {n: x[:, [k]] for n, x in extra.items()})))
            results.append((f"{variant}: both", cross_validate(sets, extra)))
        print(f"{variant} done", file=sys.stderr, flush=True)

    print_folds(results)


if __name__ == "__main__":
    main()
