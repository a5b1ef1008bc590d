#!/usr/bin/env python3
"""Does a cross-encoder trained here from all-MiniLM-L6-v2's weights judge "do these two
sentences state a common claim?" better than the model's cosine, on held-out topics?

An experiment, not part of the engine. A cross-encoder reads both sentences at once
("[CLS] a [SEP] b [SEP]", segment ids 0 and 1), so attention can line up the words of
one claim inside a longer sentence; it costs one model pass per pair instead of one per
sentence, so an engine could afford it only to re-rank each sentence's few best
candidates. This script measures whether that is worth building.

For each topic fold (scripts/bench_data.py), it trains low-rank updates (LoRA) on every
linear layer of all six layers plus a linear head on the mean-pooled output, without
that fold, from:
- news-synth: every gold link, and as negatives each sentence's best unlinked partners by
  the base model's cosine (its gold marks every restated claim, so an unlinked pair is a
  real negative);
- pairs-dev.tsv's labelled rows;
- sts-train's grades as soft targets (grade / 5).
news-ecb's links are not trained on: its gold marks only one event's mentions.
Then, on the held-out fold, it scores every candidate pair (each sentence's CANDIDATES
best partners by the base model's cosine, both ways) and prints, next to the base cosine:
- the AUC of the gold links among the candidates (news-ecb, news-synth);
- with --dumps (the scorer's dumps, `./x fit`): the same AUC for the engine's scorer,
  fitted as scripts/fit_scorer.py fits it on the other folds, and for the engine's
  scorer and the cross-encoder combined (a logistic regression fitted on one half of
  the fold's topics and applied to the other);
- the AUC of the fold's pairs-dev.tsv rows;
- Spearman on sts-dev (not trained on; the same in every fold).
With --scores FILE it also appends each held-out candidate's score to FILE.

    ./x cross-encoder-experiment [FOLD ...] [--no-sts] [--epochs N] [--lr X]
"""
import argparse
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from tokenizers import Tokenizer

import adapter_experiment as base
import bench_data

CANDIDATES = 3  # per sentence, by the base model's cosine, both directions
NEGATIVES = 3  # per linked news-synth sentence: its best unlinked partners
MAX_PAIR_TOKENS = 160
SEED = 7


class CrossEncoder(torch.nn.Module):
    """The base model over a sentence pair, LoRA on every layer, and a linear head."""

    def __init__(self, model_dir, rank):
        super().__init__()
        self.bert = base.Bert(model_dir, lora=True, trained_layers=6, rank=rank)
        for p in self.bert.w.values():
            p.requires_grad_(False)
        self.head = torch.nn.Linear(self.bert.w["embeddings.word_embeddings.weight"].shape[1], 1)

    def forward(self, ids, types, mask):
        w = self.bert.w
        n = ids.shape[1]
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][types])
        x = self.bert.norm(x, "embeddings.LayerNorm")
        for layer in range(self.bert.layers):
            x = self.bert.layer(x, mask, layer)
        m = mask[..., None].float()
        return self.head((x * m).sum(1) / m.sum(1)).squeeze(-1)


class Pairs:
    """Tokenised sentence pairs, batched by length."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def batch(self, pairs):
        enc = self.tokenizer.encode_batch([(a, b) for a, b in pairs])
        n = max(len(e.ids) for e in enc)
        ids = torch.zeros(len(enc), n, dtype=torch.long)
        types = torch.zeros(len(enc), n, dtype=torch.long)
        mask = torch.zeros(len(enc), n, dtype=torch.bool)
        for r, e in enumerate(enc):
            ids[r, :len(e.ids)] = torch.tensor(e.ids)
            types[r, :len(e.ids)] = torch.tensor(e.type_ids)
            mask[r, :len(e.ids)] = True
        return ids, types, mask


def base_vectors(data, model_dir, cache):
    """The base model's sentence vectors (mean-pooled, unit length), every distinct text."""
    bert = base.Bert(model_dir, lora=False)
    single = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
    single.enable_truncation(base.MAX_TOKENS)
    single.no_padding()
    sentences = base.Sentences(data.texts, bert, single, cache, model_dir)
    with torch.no_grad():
        return sentences.vectors(list(range(len(data.texts))), grad=False).numpy()


def candidates(doc, v, k):
    """(i, j) pairs: each sentence's k best partners by cosine, both ways."""
    c = v[doc["a_ids"]] @ v[doc["b_ids"]].T
    out = set()
    for i in range(c.shape[0]):
        out.update((i, int(j)) for j in np.argsort(-c[i])[:k])
    for j in range(c.shape[1]):
        out.update((int(i), j) for i in np.argsort(-c[:, j])[:k])
    return sorted(out), c


def training_examples(data, v, fold, sts=True):
    keep = lambda topic: bench_data.fold_of(topic) != fold
    out = []  # (text a, text b, target in 0..1)
    for doc in data.synth:
        if not keep(doc["topic"]):
            continue
        c = v[doc["a_ids"]] @ v[doc["b_ids"]].T
        for i, j in doc["gold"]:
            out.append((doc["a"][i], doc["b"][j], 1.0))
        for i in range(len(doc["a"])):
            ranked = [int(j) for j in np.argsort(-c[i]) if (i, int(j)) not in doc["gold"]]
            out += [(doc["a"][i], doc["b"][j], 0.0) for j in ranked[:NEGATIVES]]
    out += [(r["a"], r["b"], float(r["label"])) for r in data.pairs if keep(r["topic"])]
    if sts:
        out += [(r["a"], r["b"], r["score"] / 5.0) for r in data.sts]
    return out


def train(model, batcher, examples, epochs, lr, batch):
    rng = random.Random(SEED)
    params = list(model.bert.lora.parameters()) + list(model.head.parameters())
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps = epochs * math.ceil(len(examples) / batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    started, step = time.time(), 0
    for _ in range(epochs):
        order = list(range(len(examples)))
        rng.shuffle(order)
        # Similar lengths together, the batches themselves in random order.
        chunks = [order[s:s + batch * 20] for s in range(0, len(order), batch * 20)]
        batches = []
        for chunk in chunks:
            chunk.sort(key=lambda k: len(examples[k][0]) + len(examples[k][1]))
            batches += [chunk[s:s + batch] for s in range(0, len(chunk), batch)]
        rng.shuffle(batches)
        for rows in batches:
            pairs = [examples[k][:2] if rng.random() < 0.5 else examples[k][1::-1] for k in rows]
            target = torch.tensor([examples[k][2] for k in rows])
            loss = F.binary_cross_entropy_with_logits(model(*batcher.batch(pairs)), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if step % 50 == 0:
                print(f"  step {step}/{steps}: loss {loss.item():.3f} ({time.time() - started:.0f} s)",
                      file=sys.stderr, flush=True)
            step += 1


def engine_scores(dumps, bench, fold):
    """The engine scorer's logit for every pair of the held-out fold's news pairs, the
    scorer fitted on the other folds as scripts/fit_scorer.py fits it."""
    import fit_scorer as fs
    sets = fs.load_sets(dumps, bench)
    weights = fs.fit([fs.subset(d, fs.folds_of(d) != fold) for d in sets])
    out = {}
    for d in sets[:2]:
        logit = weights[0] + d["X"] @ weights[1:]
        out[d["name"]] = {k: x for k, x in zip(zip(d["pair"], d["i"], d["j"]), logit)}
    return out


def stacked(engine, cross, gold, topics):
    """The engine's logit and the cross-encoder's, combined by a logistic regression
    fitted on one half of the held-out fold's topics and applied to the other half."""
    from sklearn.linear_model import LogisticRegression
    x = np.c_[engine, cross]
    y = np.asarray(gold)
    half = np.array([bench_data.fold_of(t + " half") % 2 for t in topics])
    out = np.zeros(len(y))
    for h in (0, 1):
        m = LogisticRegression(max_iter=1000).fit(x[half != h], y[half != h])
        out[half == h] = m.decision_function(x[half == h])
    return out


def score(model, batcher, pairs, batch=64):
    out = np.zeros(len(pairs))
    order = sorted(range(len(pairs)), key=lambda k: len(pairs[k][0]) + len(pairs[k][1]))
    with torch.no_grad():
        for s in range(0, len(order), batch):
            rows = order[s:s + batch]
            out[rows] = model(*batcher.batch([pairs[k] for k in rows])).numpy()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("bench")
    ap.add_argument("folds", nargs="*", type=int, help="1 to 5; all by default")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--no-sts", action="store_true", help="leave sts-train out of the training")
    ap.add_argument("--limit", type=int, help="train on this many examples only (a timing run)")
    ap.add_argument("--cache", help="keep the base model's lower layers' output in this file")
    ap.add_argument("--dumps", help="the scorer's dumps (./x fit): also compare with the engine's scorer")
    ap.add_argument("--scores", help="append each held-out candidate's score to this file")
    args = ap.parse_intermixed_args()
    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(SEED)
    data = base.Data(args.bench)
    tokenizer = Tokenizer.from_file(f"{args.model_dir}/tokenizer.json")
    tokenizer.enable_truncation(MAX_PAIR_TOKENS)
    tokenizer.no_padding()
    batcher = Pairs(tokenizer)
    v = base_vectors(data, args.model_dir, args.cache)
    from scipy.stats import spearmanr
    print(f"cross-encoder: LoRA rank {args.rank} on every layer, {args.epochs} epoch(s), "
          f"learning rate {args.lr}, batch {args.batch}, sts-train {'out' if args.no_sts else 'in'}\n")
    print("| fold | figure | base cosine | cross-encoder |\n|---|---|---|---|")
    for fold in [f - 1 for f in args.folds] or range(bench_data.FOLDS):
        torch.manual_seed(SEED)
        model = CrossEncoder(args.model_dir, args.rank)
        examples = training_examples(data, v, fold, sts=not args.no_sts)
        random.Random(SEED).shuffle(examples)
        train(model, batcher, examples[:args.limit], args.epochs, args.lr, args.batch)
        model.eval()
        held = lambda topic: bench_data.fold_of(topic) == fold
        engine = engine_scores(args.dumps, args.bench, fold) if args.dumps else {}
        for name, docs in (("news-ecb", data.ecb), ("news-synth", data.synth)):
            rows, texts, cos, gold, found = [], [], [], [], 0
            for p, doc in enumerate(docs):
                if not held(doc["topic"]):
                    continue
                cand, c = candidates(doc, v, CANDIDATES)
                for i, j in cand:
                    rows.append((p, i, j))
                    texts.append((doc["a"][i], doc["b"][j]))
                    cos.append(c[i, j])
                    gold.append((i, j) in doc["gold"])
                found += len(doc["gold"])
            s = score(model, batcher, texts)
            print(f"| {fold + 1} | {name}: AUC among the candidates ({sum(gold)} of {found} "
                  f"links) | {base.auc(cos, gold):.3f} | {base.auc(s, gold):.3f} |", flush=True)
            if engine:
                e = np.array([engine[name][r] for r in rows])
                print(f"| {fold + 1} | {name}: the same, the engine's scorer | {base.auc(e, gold):.3f} | "
                      f"{base.auc(stacked(e, s, gold, [docs[p]['topic'] for p, _, _ in rows]), gold):.3f} "
                      f"(with the cross-encoder) |", flush=True)
            if args.scores:
                with open(args.scores, "a") as f:
                    for (p, i, j), x in zip(rows, s):
                        f.write(f"{name}\t{p}\t{i}\t{j}\t{x:.4f}\n")
        rows_at = [n for n, r in enumerate(data.pairs) if held(r["topic"])]
        rows = [data.pairs[n] for n in rows_at]
        s = score(model, batcher, [(r["a"], r["b"]) for r in rows])
        c = [float(v[r["a_id"]] @ v[r["b_id"]]) for r in rows]
        print(f"| {fold + 1} | pairs AUC | {base.auc(c, [r['label'] for r in rows]):.3f} | "
              f"{base.auc(s, [r['label'] for r in rows]):.3f} |", flush=True)
        if args.scores:
            with open(args.scores, "a") as f:
                for n, x in zip(rows_at, s):
                    f.write(f"pairs\t{n}\t0\t0\t{x:.4f}\n")
        s = score(model, batcher, [(r["a"], r["b"]) for r in data.sts_dev])
        c = [float(v[r["a_id"]] @ v[r["b_id"]]) for r in data.sts_dev]
        g = [r["score"] for r in data.sts_dev]
        print(f"| {fold + 1} | sts-dev Spearman | {spearmanr(c, g).correlation:.3f} | "
              f"{spearmanr(s, g).correlation:.3f} |", flush=True)


if __name__ == "__main__":
    main()
