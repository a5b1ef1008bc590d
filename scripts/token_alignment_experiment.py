#!/usr/bin/env python3
"""Does token-level alignment find claims inside sentences? An experiment, not part of
the engine.

For every sentence pair the scorer sees (the `./x fit` dumps in DUMPS), it aligns the two
sentences token by token with all-MiniLM-L6-v2's own last-layer token vectors: each token
of one sentence takes its best cosine among the other's tokens, and the weighted mean of
those is how much of that sentence the other contains. Two features, the same whichever
article comes first: how much of the lighter sentence the heavier contains, and the
reverse. Each variant below adds them to the scorer's sixteen features and reruns
scripts/fit_scorer.py's grouped cross-validation (topic folds, the threshold and the
TF-IDF baseline's threshold chosen on the training folds), printing link F1 per fold
beside the engine without them.

Token weights, one variant each:
- `uniform`: every token but [CLS] and [SEP] weighs 1;
- `content`: punctuation and the engine's stopwords (represent.rs STOPWORDS) weigh 0;
- `sts-idf`: IDF over sts-train's sentences (training data, never scored);
- `sts-idf-content`: both;
- `dev-idf`: IDF over every development sentence, the scored folds' included (no label
  is read, but the held-out sentences shape the weights, so it is an upper reference,
  not a design the engine could ship as is);
- `static-sts-idf`: the model's input word vectors instead of its contextual ones.

    python3 scripts/token_alignment_experiment.py MODEL_DIR BENCH DUMPS [VARIANT ...]

It needs numpy, scipy, scikit-learn, tokenizers and safetensors; the forward pass is
the model in numpy (about five minutes for the 8,900 development sentences on 2 cores).
"""
import math
import re
import sys
from collections import Counter

import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

import bench_data
import fit_scorer

MAX_TOKENS = 256
LAYERS = 6
HEADS = 12
VARIANTS = ["uniform", "content", "sts-idf", "sts-idf-content", "dev-idf", "static-sts-idf"]


class MiniLM:
    """all-MiniLM-L6-v2's forward pass in float32 numpy: the last layer's token vectors."""

    def __init__(self, model_dir):
        self.w = load_file(f"{model_dir}/model.safetensors")
        self.tokenizer = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def norm(self, x, name):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def linear(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def forward(self, ids, mask):
        b, n = ids.shape
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:n][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self.norm(x, "embeddings.LayerNorm")
        hidden = x.shape[-1]
        head = hidden // HEADS
        blocked = (1 - mask[:, None, None, :]) * -1e9
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            def heads(name):
                return self.linear(x, p + name).reshape(b, n, HEADS, head).transpose(0, 2, 1, 3)

            q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads("attention.self.value")
            a = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + blocked
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            context = (a @ v).transpose(0, 2, 1, 3).reshape(b, n, hidden)
            x = self.norm(x + self.linear(context, p + "attention.output.dense"), p + "attention.output.LayerNorm")
            h = self.linear(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
            x = self.norm(x + self.linear(h, p + "output.dense"), p + "output.LayerNorm")
        return x

    def encode(self, texts, batch=32):
        """Per text: its encoding and the last layer's vectors of all its tokens ([CLS]
        and [SEP] included), texts of similar length batched together."""
        encodings = self.tokenizer.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in encodings])
        out = {}
        for start in range(0, len(texts), batch):
            rows = order[start:start + batch]
            n = max(len(encodings[r].ids) for r in rows)
            ids = np.zeros((len(rows), n), np.int64)
            mask = np.zeros((len(rows), n), np.float32)
            for k, r in enumerate(rows):
                ids[k, :len(encodings[r].ids)] = encodings[r].ids
                mask[k, :len(encodings[r].ids)] = 1
            states = self.forward(ids, mask)
            for k, r in enumerate(rows):
                out[texts[r]] = (encodings[r], states[k, :len(encodings[r].ids)])
        return out

    def tokens(self, texts, batch=32):
        """Per text: its word pieces and their unit token vectors, [CLS] and [SEP] left out."""
        out = {}
        for text, (encoding, states) in self.encode(texts, batch).items():
            t = states[1:-1]
            out[text] = (encoding.tokens[1:-1], t / np.linalg.norm(t, axis=1, keepdims=True))
        return out

    def static_tokens(self, texts):
        table = self.w["embeddings.word_embeddings.weight"]
        table = table / np.linalg.norm(table, axis=1, keepdims=True)
        out = {}
        for text, e in zip(texts, self.tokenizer.encode_batch(texts)):
            out[text] = (e.tokens[1:-1], table[e.ids[1:-1]])
        return out


def idf_of(texts, tokenizer):
    df = Counter()
    for e in tokenizer.encode_batch(sorted(texts)):
        df.update(set(e.tokens[1:-1]))
    n = len(texts)
    return lambda piece: math.log((n + 1) / (df[piece] + 1))


def stopwords():
    src = open(f"{sys.path[0]}/../crates/core/src/represent.rs").read()
    return set(re.findall(r'"([a-z]+)"', src[src.index("const STOPWORDS"):src.index("const NEGATIONS")]))


def containment(a, b):
    """(how much of the lighter sentence the other holds, the reverse); a and b are
    (unit token vectors, weights)."""
    (ta, wa), (tb, wb) = a, b
    if len(ta) == 0 or len(tb) == 0 or wa.sum() == 0 or wb.sum() == 0:
        return 0.0, 0.0
    s = ta @ tb.T
    in_b = (s.max(1) * wa).sum() / wa.sum()
    in_a = (s.max(0) * wb).sum() / wb.sum()
    return (in_b, in_a) if wa.sum() <= wb.sum() else (in_a, in_b)


def main():
    model_dir, bench, dumps = sys.argv[1:4]
    variants = sys.argv[4:] or VARIANTS
    sets = fit_scorer.load_sets(dumps, bench)
    news = {d["name"]: bench_data.load_news(f"{bench}/{d['name']}-dev", d["name"]) for d in sets[:2]}
    rows = [line.rstrip("\n").split("\t") for line in open(f"{bench}/pairs-dev.tsv")]
    # Each dumped row's two sentences, in dump order.
    texts = {d["name"]: [(news[d["name"]][p]["a"][i], news[d["name"]][p]["b"][j])
                         for p, i, j in zip(d["pair"], d["i"], d["j"])] for d in sets[:2]}
    texts["pairs"] = [(r[1], r[2]) for r in rows]
    every = sorted({t for pairs in texts.values() for pair in pairs for t in pair})
    sts_train = {t for line in open(f"{bench}/sts-train.tsv") for t in line.rstrip("\n").split("\t")[5:7]}

    model = MiniLM(model_dir)
    contextual = model.tokens(every)
    stop = stopwords()
    sts_idf, dev_idf = idf_of(sts_train, model.tokenizer), idf_of(every, model.tokenizer)

    def content(piece):
        return 0.0 if piece in stop or not any(c.isalnum() for c in piece) else 1.0

    weight_of = {
        "uniform": lambda piece: 1.0,
        "content": content,
        "sts-idf": sts_idf,
        "sts-idf-content": lambda piece: sts_idf(piece) * content(piece),
        "dev-idf": dev_idf,
        "static-sts-idf": sts_idf,
    }
    results = [("engine", cross_validate(sets, None))]
    for variant in variants:
        vectors = model.static_tokens(every) if variant.startswith("static") else contextual
        weigh = weight_of[variant]
        side = {t: (v, np.array([weigh(p) for p in pieces], np.float32)) for t, (pieces, v) in vectors.items()}
        extra = {name: np.array([containment(side[a], side[b]) for a, b in pairs], np.float32)
                 for name, pairs in texts.items()}
        results.append((variant, cross_validate(sets, extra)))
        print(f"{variant} done", file=sys.stderr, flush=True)

    print_folds(results)


def print_folds(results):
    """The Markdown table of link F1 per fold and set, one group of rows per (label,
    cross_validate result)."""
    print("| features | set | " + " | ".join(f"fold {k + 1}" for k in range(fit_scorer.FOLDS))
          + " | mean | folds ahead of TF-IDF |")
    print("|---" * (fit_scorer.FOLDS + 4) + "|")
    for label, res in results:
        for name in ("news-ecb", "news-synth", "pairs"):
            cells = [res[(k, name)] for k in range(fit_scorer.FOLDS)]
            ahead = sum(e > b for e, b in cells)
            print(f"| {label} | {name} | " + " | ".join(f"{e:.1f}" for e, _ in cells)
                  + f" | {np.mean([e for e, _ in cells]):.1f} | {ahead} of {len(cells)} |")


def cross_validate(sets, extra):
    """Link F1 of the engine and of the TF-IDF baseline per (fold, set), as
    fit_scorer.cross_validate computes them, with the extra features appended."""
    if extra is not None:
        sets = [dict(d, X=np.hstack([d["X"], extra[d["name"]]])) for d in sets]
    out = {}
    for k in range(fit_scorer.FOLDS):
        train = [fit_scorer.subset(d, fit_scorer.folds_of(d) != k) for d in sets]
        test = [fit_scorer.subset(d, fit_scorer.folds_of(d) == k) for d in sets]
        w = fit_scorer.fit(train)
        t = fit_scorer.choose_threshold(train, w)
        baseline = fit_scorer.baseline_thresholds(train)
        for d in test:
            decided = fit_scorer.decisions(d, w, t)
            out[(k, d["name"])] = (fit_scorer.f1(decided, d["y"]),
                                   fit_scorer.f1(d["tfidf"] >= baseline["pair" in d], d["y"]))
    return out


if __name__ == "__main__":
    main()
