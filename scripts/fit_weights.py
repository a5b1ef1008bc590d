#!/usr/bin/env python3
"""Fit the aligner's logistic-regression weights on development data.

Input: the TSV written by `parallax bench news-ecb DIR --dump-features FILE`
(label, then the features named in crates/core/src/align.rs FEATURES).
Output: the weight array to paste into align.rs as SEMANTIC_WEIGHTS, and the score
threshold that maximises pair-level F1 (a starting point for MATCH_THRESHOLD).

Requires numpy. Usage: python3 scripts/fit_weights.py features.tsv
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


def best_threshold(scores, y):
    order = np.argsort(-scores)
    tp = np.cumsum(y[order])
    fp = np.cumsum(1 - y[order])
    precision = tp / (tp + fp)
    recall = tp / y.sum()
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    k = int(np.argmax(f1))
    return scores[order][k], f1[k], precision[k], recall[k]


def main():
    data = np.loadtxt(sys.argv[1], delimiter="\t")
    y, x = data[:, 0], data[:, 1:]
    w = fit(x, y)
    scores = 1 / (1 + np.exp(-(w[0] + x @ w[1:])))
    t, f1, p, r = best_threshold(scores, y)
    print(f"pairs={len(y)} positives={int(y.sum())}")
    print("SEMANTIC_WEIGHTS: [" + ", ".join(f"{v:.3f}" for v in w) + "]")
    print(f"best pair threshold={t:.3f} F1={100 * f1:.1f} P={100 * p:.1f} R={100 * r:.1f}")


if __name__ == "__main__":
    main()
