#!/usr/bin/env python3
"""Fit the aligner's weights on development data; prints Rust constants for align.rs.

news FILE   FILE from `parallax bench news-ecb DIR --dump-features FILE`: columns
            label, pair number, i, j, then the features named in align.rs FEATURES.
            Fits the logistic regression (SEMANTIC_WEIGHTS, or LEXICAL_WEIGHTS when the
            dump came from a run without the model), then replays the matching of
            align::choose for every threshold and group size and prints the pair-link
            F1 optimum (MATCH_THRESHOLD, MAX_GROUP_SIDE).
sts FILE    FILE from `parallax bench sts FILE --dump-features FILE`: gold score, then
            the features. Fits SIMILARITY_WEIGHTS (a blend of the first four features)
            by least squares on the gold scores and prints its Spearman correlation.

Requires numpy. Usage: python3 scripts/fit_weights.py news|sts FILE
"""
import sys

import numpy as np


def fit(x, y, l2=1e-3, iterations=30):
    """Logistic regression by Newton's method (IRLS) with a small L2 penalty."""
    x1 = np.hstack([np.ones((x.shape[0], 1)), x])
    w = np.zeros(x1.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + l2 * w
        hess = (x1 * (p * (1 - p))[:, None]).T @ x1 + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def choose(candidates, cap):
    """align::choose: (score, i, j) best first; returns the predicted (i, j) links."""
    a_group, b_group, groups = {}, {}, []
    for _, i, j in candidates:
        ga, gb = a_group.get(i), b_group.get(j)
        if ga is None and gb is None:
            a_group[i] = b_group[j] = len(groups)
            groups.append(([i], [j]))
        elif gb is None and ga is not None and len(groups[ga][1]) < cap:
            groups[ga][1].append(j)
            b_group[j] = ga
        elif ga is None and gb is not None and len(groups[gb][0]) < cap:
            groups[gb][0].append(i)
            a_group[i] = gb
    return {(i, j) for a, b in groups for i in a for j in b}


def news(path):
    data = np.loadtxt(path, delimiter="\t")
    y, pair, i, j, x = data[:, 0], data[:, 1], data[:, 2], data[:, 3], data[:, 4:]
    w = fit(x, y)
    scores = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    print(f"pairs={int(pair.max()) + 1} sentence pairs={len(y)} links={int(y.sum())}")
    print("WEIGHTS: [" + ", ".join(f"{v:.3f}" for v in w) + "]")
    lowest = 0.03
    by_pair = {}
    for k in np.flatnonzero(scores >= lowest):
        by_pair.setdefault(int(pair[k]), []).append((scores[k], int(i[k]), int(j[k])))
    for c in by_pair.values():
        c.sort(key=lambda t: (-t[0], t[1], t[2]))
    gold = {(int(pair[k]), int(i[k]), int(j[k])) for k in np.flatnonzero(y == 1)}
    best = (0.0,)
    for cap in (1, 2, 3):
        for t in np.arange(lowest, 0.5, 0.01):
            predicted = {
                (p, a, b)
                for p, c in by_pair.items()
                for a, b in choose([x for x in c if x[0] >= t], cap)
            }
            tp = len(predicted & gold)
            precision = tp / max(len(predicted), 1)
            recall = tp / len(gold)
            f1 = 2 * precision * recall / max(precision + recall, 1e-12)
            if f1 > best[0]:
                best = (f1, t, cap, precision, recall)
    f1, t, cap, p, r = best
    print(f"MATCH_THRESHOLD={t:.2f} MAX_GROUP_SIDE={cap}: "
          f"F1={100 * f1:.1f} P={100 * p:.1f} R={100 * r:.1f}")


def ranks(v):
    order = np.argsort(v, kind="mergesort")
    r = np.empty(len(v))
    r[order] = np.arange(1, len(v) + 1)
    for value in np.unique(v[np.r_[np.diff(np.sort(v)) == 0, False]]):
        same = v == value
        r[same] = r[same].mean()
    return r


def spearman(a, b):
    return np.corrcoef(ranks(a), ranks(b))[0, 1]


def sts(path):
    data = np.loadtxt(path, delimiter="\t")
    gold, x = data[:, 0], data[:, 1:5]
    x1 = np.hstack([x, np.ones((len(gold), 1))])
    w = np.linalg.lstsq(x1, gold, rcond=None)[0][:4]
    w = w / w[0]  # the scale does not change a ranking; keep the cosine's weight 1
    print("SIMILARITY_WEIGHTS: [" + ", ".join(f"{v:.3f}" for v in w) + "]")
    print(f"spearman={100 * spearman(x @ w, gold):.1f} "
          f"cosine={100 * spearman(x[:, 0], gold):.1f}")


if __name__ == "__main__":
    {"news": news, "sts": sts}[sys.argv[1]](sys.argv[2])
