#!/usr/bin/env python3
"""Does training all-MiniLM-L6-v2 on the development data help on held-out topics?

An experiment, not part of the engine: the engine runs the wheel's model unchanged.
For each topic fold (scripts/bench_data.py, the folds scripts/fit_scorer.py uses), it
trains an adapter without that fold and prints the model's cosine on the fold before
and after: AUC of the gold links among every sentence pair inside the fold's article
pairs (news-ecb, news-synth), AUC of the pairs-dev.tsv rows of the fold, and Spearman on
sts-dev (never trained on).

    ./x adapter-experiment [FOLD ...]     (all five folds by default)

Two adapters:
- `lora` (default): low-rank updates (rank 8) to every linear layer of the top two
  transformer layers. The lower four layers run once over every sentence and their
  output is kept (in --cache), so each step runs only the top two, forward and back;
- `projection`: one 384 × 384 map on the pooled vector, starting at the identity.
Losses, one batch each per step: the news-synth gold links with in-batch negatives and,
as a hard negative, an unlinked sentence of the same article pair (that gold marks every
restated claim); CoSENT on pairs-dev.tsv's labels; CoSENT on sts-train's grades.
news-ecb's links are not trained on: its gold marks only one event's mentions, so its
unlinked sentences are not negatives; its figures show transfer.
"""
import argparse
import hashlib
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from tokenizers import Tokenizer

import bench_data

RANK = 8
SCALE_LORA = 2.0  # the LoRA update is SCALE_LORA · B·A (alpha 16 at rank 8)
TRAINED_LAYERS = 2
TARGETS = ["attention.self.query", "attention.self.key", "attention.self.value",
           "attention.output.dense", "intermediate.dense", "output.dense"]
BATCH = 32
SCALE = 20.0  # inverse temperature of both losses
MAX_TOKENS = 256
SEED = 7


class Bert(torch.nn.Module):
    """all-MiniLM-L6-v2 as crates/core/src/embed/bert.rs computes it with
    `Precision::F32`, split where the trained layers begin, with LoRA updates on them."""

    def __init__(self, model_dir, lora, trained_layers=TRAINED_LAYERS, rank=RANK):
        super().__init__()
        config = json.load(open(f"{model_dir}/config.json"))
        weights = load_file(f"{model_dir}/model.safetensors")
        self.w = {k.removeprefix("bert."): v for k, v in weights.items()}
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config.get("layer_norm_eps", 1e-12)
        self.first_trained = self.layers - trained_layers
        self.lora = torch.nn.ParameterDict()
        g = torch.Generator().manual_seed(SEED)
        for layer in range(self.first_trained, self.layers) if lora else []:
            for t in TARGETS:
                out_dim, in_dim = self.w[f"encoder.layer.{layer}.{t}.weight"].shape
                key = f"{layer}_{t.replace('.', '_')}"
                bound = 1 / math.sqrt(in_dim)
                self.lora[key + "_a"] = torch.nn.Parameter(
                    (torch.rand(rank, in_dim, generator=g) * 2 - 1) * bound)
                self.lora[key + "_b"] = torch.nn.Parameter(torch.zeros(out_dim, rank))
        self.initial = {k: p.detach().clone() for k, p in self.lora.items()}

    def reset(self):
        """Back to the untrained updates (B = 0: the base model)."""
        with torch.no_grad():
            for k, p in self.lora.items():
                p.copy_(self.initial[k])

    def linear(self, x, layer, name):
        y = F.linear(x, self.w[f"encoder.layer.{layer}.{name}.weight"],
                     self.w[f"encoder.layer.{layer}.{name}.bias"])
        key = f"{layer}_{name.replace('.', '_')}"
        if key + "_a" in self.lora:
            y = y + SCALE_LORA * F.linear(F.linear(x, self.lora[key + "_a"]),
                                             self.lora[key + "_b"])
        return y

    def norm(self, x, name):
        return F.layer_norm(x, x.shape[-1:], self.w[f"{name}.weight"], self.w[f"{name}.bias"],
                            self.eps)

    def layer(self, x, mask, l):
        b, n, h = x.shape
        d = h // self.heads

        def heads(t):
            return self.linear(x, l, f"attention.self.{t}").view(b, n, self.heads, d).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(heads("query"), heads("key"), heads("value"),
                                             attn_mask=mask[:, None, None, :])
        ctx = ctx.transpose(1, 2).reshape(b, n, h)
        x = self.norm(x + self.linear(ctx, l, "attention.output.dense"),
                      f"encoder.layer.{l}.attention.output.LayerNorm")
        up = F.gelu(self.linear(x, l, "intermediate.dense"))
        return self.norm(x + self.linear(up, l, "output.dense"),
                         f"encoder.layer.{l}.output.LayerNorm")

    def lower(self, ids, mask):
        n = ids.shape[1]
        x = (self.w["embeddings.word_embeddings.weight"][ids]
             + self.w["embeddings.position_embeddings.weight"][:n]
             + self.w["embeddings.token_type_embeddings.weight"][0])
        x = self.norm(x, "embeddings.LayerNorm")
        for l in range(self.first_trained):
            x = self.layer(x, mask, l)
        return x

    def upper(self, x, mask):
        for l in range(self.first_trained, self.layers):
            x = self.layer(x, mask, l)
        m = mask[..., None].float()
        return F.normalize((x * m).sum(1) / m.sum(1), dim=-1)


class Projection(torch.nn.Module):
    """v ↦ normalise((I + D)·v), D starting at zero."""

    def __init__(self, dim):
        super().__init__()
        self.delta = torch.nn.Parameter(torch.zeros(dim, dim))

    def forward(self, v):
        return F.normalize(v + v @ self.delta.T, dim=-1)


class Sentences:
    """Every distinct sentence, with the frozen lower layers' output computed once."""

    def __init__(self, texts, bert, tokenizer, cache, model_dir):
        self.bert = bert
        # The cached states belong to these texts, this model and this split point.
        sums = f"{model_dir}/SHA256SUMS"
        model = open(sums).read() if os.path.exists(sums) else model_dir
        trained = str(bert.layers - bert.first_trained)
        key = hashlib.sha256("\n".join([model, trained] + texts).encode()).hexdigest()
        if cache and os.path.exists(cache):
            saved = torch.load(cache)
            if saved["key"] == key:
                self.states = saved["states"]
                return
        encodings = tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        self.states = [None] * len(texts)
        started = time.time()
        with torch.no_grad():
            for s in range(0, len(order), 64):
                chunk = order[s:s + 64]
                n = max(len(encodings[i].ids) for i in chunk)
                ids = torch.zeros(len(chunk), n, dtype=torch.long)
                mask = torch.zeros(len(chunk), n, dtype=torch.bool)
                for row, i in enumerate(chunk):
                    ids[row, :len(encodings[i].ids)] = torch.tensor(encodings[i].ids)
                    mask[row, :len(encodings[i].ids)] = True
                x = bert.lower(ids, mask)
                for row, i in enumerate(chunk):
                    self.states[i] = x[row, :len(encodings[i].ids)].half()
        print(f"lower layers: {len(texts)} sentences in {time.time() - started:.0f} s",
              file=sys.stderr)
        if cache:
            torch.save({"key": key, "states": self.states}, cache)

    def vectors(self, ids, grad=True):
        """Through the top layers, in batches of sentences of similar length."""
        order = sorted(range(len(ids)), key=lambda k: self.states[ids[k]].shape[0])
        out = [None] * len(ids)
        for s in range(0, len(order), 16):
            chunk = order[s:s + 16]
            n = max(self.states[ids[k]].shape[0] for k in chunk)
            x = torch.zeros(len(chunk), n, self.states[0].shape[1])
            mask = torch.zeros(len(chunk), n, dtype=torch.bool)
            for row, k in enumerate(chunk):
                state = self.states[ids[k]]
                x[row, :state.shape[0]] = state.float()
                mask[row, :state.shape[0]] = True
            with torch.set_grad_enabled(grad):
                v = self.bert.upper(x, mask)
            for row, k in enumerate(chunk):
                out[k] = v[row]
        return torch.stack(out)


class Data:
    def __init__(self, bench):
        self.index, self.texts = {}, []
        self.ecb = bench_data.load_news(f"{bench}/news-ecb-dev", "news-ecb")
        self.synth = bench_data.load_news(f"{bench}/news-synth-dev", "news-synth")
        topics = bench_data.ecb_sentence_topics(f"{bench}/news-ecb-dev")
        self.pairs = bench_data.load_pairs(f"{bench}/pairs-dev.tsv", topics)
        self.sts = bench_data.load_sts(f"{bench}/sts-train.tsv")
        self.sts_dev = bench_data.load_sts(f"{bench}/sts-dev.tsv")
        for doc in self.ecb + self.synth:
            doc["a_ids"] = [self.id(t) for t in doc["a"]]
            doc["b_ids"] = [self.id(t) for t in doc["b"]]
        for row in self.pairs + self.sts + self.sts_dev:
            row["a_id"], row["b_id"] = self.id(row["a"]), self.id(row["b"])

    def id(self, text):
        if text not in self.index:
            self.index[text] = len(self.texts)
            self.texts.append(text)
        return self.index[text]

    def training(self, held_out):
        keep = lambda topic: bench_data.fold_of(topic) != held_out
        links = []  # (anchor, positive, unlinked sentences of the same article pair)
        for doc in self.synth:
            if keep(doc["topic"]):
                linked = {j for _, j in doc["gold"]}
                free = [doc["b_ids"][j] for j in range(len(doc["b"])) if j not in linked]
                links += [(doc["a_ids"][i], doc["b_ids"][j], free) for i, j in sorted(doc["gold"])]
        return links, [r for r in self.pairs if keep(r["topic"])], self.sts


def cosent(cos, labels):
    """log(1 + Σ exp(SCALE·(cos_j − cos_i))) over the pairs with label_i > label_j."""
    diff = SCALE * (cos[None, :] - cos[:, None])
    diff = diff.masked_fill(~(labels[:, None] > labels[None, :]), float("-inf"))
    return torch.logsumexp(torch.cat([torch.zeros(1), diff.flatten()]), 0)


def train(embed, params, data, fold, steps, lr):
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    links, pairs, sts = data.training(fold)
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    started = time.time()
    for step in range(steps):
        batch = rng.sample(links, BATCH)
        anchors = embed([a for a, _, _ in batch])
        candidates = embed([b for _, b, _ in batch] + [rng.choice(h) for _, _, h in batch if h])
        loss = F.cross_entropy(SCALE * anchors @ candidates.T, torch.arange(BATCH))
        for rows, label in ((rng.sample(pairs, BATCH), "label"), (rng.sample(sts, BATCH), "score")):
            v = embed([r["a_id"] for r in rows] + [r["b_id"] for r in rows])
            cos = (v[:BATCH] * v[BATCH:]).sum(-1)
            loss = loss + cosent(cos, torch.tensor([float(r[label]) for r in rows]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 50 == 0:
            print(f"  fold {fold + 1} step {step}: loss {loss.item():.2f} "
                  f"({time.time() - started:.0f} s)", file=sys.stderr)


def auc(scores, labels):
    scores, labels = np.asarray(scores), np.asarray(labels, dtype=bool)
    ranks = np.empty(len(scores))
    ranks[scores.argsort(kind="stable")] = np.arange(1, len(scores) + 1)
    pos = labels.sum()
    return (ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * (len(labels) - pos))


def held_out(v, data, fold):
    from scipy.stats import spearmanr
    held = lambda topic: bench_data.fold_of(topic) == fold
    cos = lambda rows: (v[[r["a_id"] for r in rows]] * v[[r["b_id"] for r in rows]]).sum(-1)
    out = {}
    for name, docs in (("news-ecb", data.ecb), ("news-synth", data.synth)):
        scores, labels = [], []
        for d in (d for d in docs if held(d["topic"])):
            c = v[d["a_ids"]] @ v[d["b_ids"]].T
            g = np.zeros(c.shape, dtype=bool)
            for i, j in d["gold"]:
                g[i, j] = True
            scores.append(c.ravel())
            labels.append(g.ravel())
        out[f"{name} AUC"] = auc(np.concatenate(scores), np.concatenate(labels))
    rows = [r for r in data.pairs if held(r["topic"])]
    out["pairs AUC"] = auc(cos(rows), [r["label"] for r in rows])
    out["sts-dev Spearman"] = spearmanr(cos(data.sts_dev), [r["score"] for r in data.sts_dev]).correlation
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("bench")
    ap.add_argument("folds", nargs="*", type=int, help="1 to 5; all by default")
    ap.add_argument("--adapter", choices=["lora", "projection"], default="lora")
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--lr", type=float, default=2e-5)
    ap.add_argument("--cache", help="keep the lower layers' output in this file between runs")
    args = ap.parse_intermixed_args()
    torch.set_num_threads(os.cpu_count() or 1)
    data = Data(args.bench)
    tokenizer = Tokenizer.from_file(f"{args.model_dir}/tokenizer.json")
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    bert = Bert(args.model_dir, lora=args.adapter == "lora")
    for p in bert.w.values():
        p.requires_grad_(False)
    sentences = Sentences(data.texts, bert, tokenizer, args.cache, args.model_dir)
    all_ids = list(range(len(data.texts)))
    print(f"adapter {args.adapter}, {args.steps} steps, learning rate {args.lr}\n")
    print("| fold | figure | base model | adapted |\n|---|---|---|---|")
    base = sentences.vectors(all_ids, grad=False).numpy()
    for fold in [f - 1 for f in args.folds] or range(bench_data.FOLDS):
        bert.reset()
        if args.adapter == "lora":
            embed, params = sentences.vectors, list(bert.lora.parameters())
        else:
            projection = Projection(base.shape[1])
            base_t = torch.from_numpy(base)
            embed, params = (lambda ids: projection(base_t[ids])), list(projection.parameters())
        train(embed, params, data, fold, args.steps, args.lr)
        with torch.no_grad():
            adapted = embed(all_ids).numpy()
        before, after = held_out(base, data, fold), held_out(adapted, data, fold)
        for name in before:
            print(f"| {fold + 1} | {name} | {before[name]:.3f} | {after[name]:.3f} |", flush=True)


if __name__ == "__main__":
    main()
