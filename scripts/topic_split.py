#!/usr/bin/env python3
"""Held-out estimate of the news-ecb and pairs figures: refit on half the topics, score
the other half.

The benchmark is also scored on held-out topics, so the dev figures (fitted on every
dev topic) flatter the engine. This script splits the dev topics (ECB+ topic = the
number before the first "_" of a document id) into random halves, fits the news-ecb
evidence, its threshold and the paraphrase evidence on one half exactly as
fit_weights.py does, replays the engine's rule (news evidence over its threshold, or
a match score over PARAPHRASE_THRESHOLD between mutual best partners, or the
same words; groups of at most MAX_GROUP_SIDE, grown within GROUP_REACH, then split
statements joined) on the other half, and prints the held-out news-ecb F1 and the
held-out pairs AUC of the match score for each half and on average. The pairs AUC here
leaves out the boilerplate rule (a pair it keeps apart scores 0 in `bench pairs`).

Usage, with the dumps described in fit_weights.py:
    python3 scripts/topic_split.py NEWS STS PAIRS BENCH_DIR [SPLITS] [PARAPHRASE_THRESHOLD]
BENCH_DIR holds news-ecb-dev/ and pairs-dev.tsv. Requires numpy.
"""
import json
import sys

import numpy as np

import fit_weights as fw

MAX_GROUP_SIDE = 2


def topic(doc_id):
    return doc_id.split("_")[0]


def main(news_path, sts_path, pairs_path, bench, splits="5", threshold=None):
    paraphrase_threshold = fw.PARAPHRASE_THRESHOLD if threshold is None else float(threshold)
    y, pair, i, j, places, x = fw.load_news(news_path)
    links = json.load(open(f"{bench}/news-ecb-dev/links.json"))
    docs = json.load(open(f"{bench}/news-ecb-dev/docs.json"))
    # `bench news-ecb` numbers article pairs in the sorted order of links.json's keys.
    pair_topic = np.array([topic(links[k]["doc1"]) for k in sorted(links)])[pair]
    sentence_topic = {s: topic(d) for d, ss in docs.items() for s in ss.values()}
    rows = [line.rstrip("\n").split("\t") for line in open(f"{bench}/pairs-dev.tsv")]
    pairs_topic = np.array([sentence_topic.get(r[1], sentence_topic.get(r[2], "")) for r in rows])
    sts = np.loadtxt(sts_path, delimiter="\t")
    pairs = np.loadtxt(pairs_path, delimiter="\t")
    topics = np.unique(pair_topic)
    mutual = x[:, fw.MUTUAL_BEST] == 1
    same = fw.same_words(x)
    results = []
    for seed in range(int(splits)):
        order = np.random.RandomState(seed).permutation(topics)
        half = len(order) // 2
        for fit_topics in (order[:half], order[half:]):
            train = np.isin(pair_topic, fit_topics)
            test = ~train
            w = fw.fit(x[train], y[train])
            pn = fw.sigmoid(w[0] + x @ w[1:])
            pairs_train = np.isin(pairs_topic, fit_topics)
            wp = fw.paraphrase_weights(sts, pairs[pairs_train])
            pp = fw.sigmoid(wp[0] + x[:, fw.PAIR_ONLY] @ wp[1:])
            score = fw.match_score(pn, pp, same)
            by_paraphrase = ((score >= paraphrase_threshold) & mutual) | same
            splits = fw.split_evidence(pair, i, j, places, score, x)

            def f1(rows, t):
                gold = {(pair[k], i[k], j[k]) for k in np.flatnonzero((y == 1) & rows)}
                allowed = ((pn >= t) | by_paraphrase) & rows
                return fw.replay(pair, i, j, places, gold, score, allowed, MAX_GROUP_SIDE, splits)[0]

            t = max(np.arange(0.05, 0.4, 0.01), key=lambda t: f1(train, t))
            held = pairs[~pairs_train & (pairs_topic != "")]
            features = held[:, 1:]
            held_score = fw.match_score(
                fw.sigmoid(w[0] + features @ w[1:]),
                fw.sigmoid(wp[0] + features[:, fw.PAIR_ONLY] @ wp[1:]),
                fw.same_words(features))
            results.append((f1(test, t), fw.auc(held_score, held[:, 0]), t))
            print(f"split {seed}: threshold {t:.2f}, held-out news-ecb F1 "
                  f"{100 * results[-1][0]:.1f}, pairs AUC {results[-1][1]:.3f}")
    r = np.array(results)
    print(f"paraphrase threshold {paraphrase_threshold}: held-out news-ecb F1 "
          f"{100 * r[:, 0].mean():.1f} (range {100 * r[:, 0].min():.1f}-{100 * r[:, 0].max():.1f}), "
          f"pairs AUC {r[:, 1].mean():.3f} (range {r[:, 1].min():.3f}-{r[:, 1].max():.3f}) "
          f"over {len(r)} halves")


if __name__ == "__main__":
    main(*sys.argv[1:])
