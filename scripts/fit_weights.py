#!/usr/bin/env python3
"""Fit the aligner's weights on development data; prints Rust constants for align.rs.

news FILE [STS PAIRS]
            FILE from `parallax bench news-ecb DIR --dump-features FILE`: columns
            label, pair number, i, j, the places of i and j among their documents'
            content sentences (align::content_places), then the features named in
            align.rs FEATURES.
            Fits the logistic regression (SEMANTIC_WEIGHTS, or LEXICAL_WEIGHTS when the
            dump came from a run without the model), then replays the matching of
            align::choose for every threshold and group size and prints the pair-link
            F1 optimum (MATCH_THRESHOLD, MAX_GROUP_SIDE).
            news-ecb's gold links only sentences that mention the same annotated event,
            so this model learns that other shared claims are non-matches. With the
            dumps of `bench sts` (STS) and `bench pairs` (PAIRS) it also fits the
            paraphrase evidence (PARAPHRASE_WEIGHTS): a logistic regression over the
            pair-only features (PAIR_ONLY: what the two sentences say, not where they
            stand) on both data sets at once, with one intercept per data set, leaving
            out the number and negation clashes (PARAPHRASE_IGNORES). In STS
            a pair counts as the same claim at gold >= STS_SAME_CLAIM (3, "roughly
            equivalent" in the STS guidelines); PAIRS rows count twice (the in-domain
            news data). The engine keeps the STS intercept, so the probability reads
            "the two sentences state roughly the same thing". The match score is the
            noisy-or of both probabilities; the engine matches a pair when that score is
            at least PARAPHRASE_THRESHOLD (0.5: more likely than not) and the two
            sentences are each other's best partner (no hub). Prints the replay of the
            combined rule on news-ecb and the AUC of the combined score on PAIRS.
sts FILE    FILE from `parallax bench sts FILE --dump-features FILE`: gold score, then
            the features. Fits SIMILARITY_WEIGHTS (a blend of the pair-only features)
            by least squares on the gold scores and prints its Spearman correlation.

Requires numpy. Usage: python3 scripts/fit_weights.py news FILE [STS PAIRS] | sts FILE
"""
import sys

import numpy as np

# Indices into align.rs FEATURES of the features that describe the two sentences alone
# (align.rs PAIR_ONLY): cosine, lexical, names, numbers, then length_ratio .. cos_sq.
PAIR_ONLY = [0, 1, 2, 3, 11, 12, 13, 14, 15, 16, 17]
MUTUAL_BEST = 7
# Features the paraphrase evidence does not use (align.rs FEATURES indices): a number
# or a negation that differs between two statements is a factual conflict to report on
# a match, not a sign of two different claims, though STS grades such pairs lower.
PARAPHRASE_IGNORES = [13, 14]  # number_clash, negation_clash
STS_SAME_CLAIM = 3.0
PARAPHRASE_THRESHOLD = 0.5
PAIRS_WEIGHT = 2
GROUP_REACH = 2  # align.rs GROUP_REACH
SPLIT_SCORE = 0.5  # align.rs SPLIT_SCORE


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def fit(x, y, l2=1e-3, iterations=30, weights=None):
    """Logistic regression by Newton's method (IRLS) with a small L2 penalty."""
    x1 = np.hstack([np.ones((x.shape[0], 1)), x])
    sw = np.ones(len(y)) if weights is None else weights
    w = np.zeros(x1.shape[1])
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-x1 @ w))
        grad = x1.T @ (sw * (p - y)) + l2 * w
        hess = (x1 * (sw * p * (1 - p))[:, None]).T @ x1 + l2 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def load_news(path):
    """A news-ecb dump as (label, pair, i, j, places, features); places holds the
    (place of i, place of j) pairs that align::choose measures GROUP_REACH in."""
    data = np.loadtxt(path, delimiter="\t")
    y, pair, i, j = data[:, 0], data[:, 1].astype(int), data[:, 2].astype(int), data[:, 3].astype(int)
    return y, pair, i, j, data[:, 4:6].astype(int), data[:, 6:]


def same_words(x):
    """align::choose's same-words rule, as near as the features tell it (the dumps hold no
    text): embedding cosine and stem overlap both 1."""
    return (x[:, 0] >= 0.999) & (x[:, 1] >= 0.999)


def match_score(pn, pp, same):
    """align.rs PairMatrix::score with align::choose's same-words rule: the noisy-or of
    the news-ecb and paraphrase probabilities, 1 for the same words."""
    return np.where(same, 1.0, 1 - (1 - pn) * (1 - pp))


def choose(candidates, cap, splits=None):
    """align::choose: (score, i, j, place of i, place of j) best first; returns the
    predicted (i, j) links. With `splits` (from split_evidence) it also completes 1:1
    matches as align::grow_splits does."""
    a_group, b_group, groups = {}, {}, []

    def near(place, members):
        return any(abs(place - other) <= GROUP_REACH for other in members)

    for _, i, j, pi, pj in candidates:
        ga, gb = a_group.get(i), b_group.get(j)
        if ga is None and gb is None:
            a_group[i] = b_group[j] = len(groups)
            groups.append(({i: pi}, {j: pj}))
        elif gb is None and ga is not None and len(groups[ga][1]) < cap \
                and near(pj, groups[ga][1].values()):
            groups[ga][1][j] = pj
            b_group[j] = ga
        elif ga is None and gb is not None and len(groups[gb][0]) < cap \
                and near(pi, groups[gb][0].values()):
            groups[gb][0][i] = pi
            a_group[i] = gb
    if splits is not None:
        grow_splits(groups, a_group, b_group, splits)
    return {(i, j) for a, b in groups for i in a for j in b}


def grow_splits(groups, a_group, b_group, splits):
    """align::grow_splits: a free sentence next to one side of a 1:1 match joins it when
    the match's other sentence is its closest (cosine + lexical) and their score reaches
    SPLIT_SCORE. The dump has no headings or chrome flags, so those checks are left out."""
    score, closest, place = splits
    one_to_one = [g for g, (a, b) in enumerate(groups) if len(a) == 1 and len(b) == 1]
    one_to_one.sort(key=lambda g: -score.get((next(iter(groups[g][0])), next(iter(groups[g][1]))), 0))
    for g in one_to_one:
        (i, pi), (j, pj) = next(iter(groups[g][0].items())), next(iter(groups[g][1].items()))
        best = None
        for side, here, partner, held in ((1, pj, i, b_group), (0, pi, j, a_group)):
            for k, pk in place[side].items():
                if k in held or abs(pk - here) != 1 or closest[side].get(k) != partner:
                    continue
                s = score.get((partner, k) if side == 1 else (k, partner), 0)
                if s >= SPLIT_SCORE and (best is None or s > best[0]):
                    best = (s, side, k, pk)
        if best is not None:
            _, side, k, pk = best
            groups[g][side][k] = pk
            (b_group if side == 1 else a_group)[k] = g


def split_evidence(pair, i, j, places, score, x):
    """What grow_splits needs for every article pair: the scores, each sentence's closest
    sentence on the other side by cosine + lexical overlap, and the sentences' places."""
    # Per article pair: scores, then (best of A's sentences, best of B's) as
    # (cosine + lexical, partner), then (places of A's sentences, places of B's).
    gathered = {}
    comb = x[:, 0] + x[:, 1]
    for k in range(len(pair)):
        p, a, b = int(pair[k]), int(i[k]), int(j[k])
        scores, best, place = gathered.setdefault(p, ({}, ({}, {}), ({}, {})))
        scores[(a, b)] = score[k]
        place[0][a], place[1][b] = int(places[k, 0]), int(places[k, 1])
        if comb[k] > best[0].get(a, (-np.inf,))[0]:
            best[0][a] = (comb[k], b)
        if comb[k] > best[1].get(b, (-np.inf,))[0]:
            best[1][b] = (comb[k], a)
    # closest[0] maps an A sentence to its closest B sentence, closest[1] the reverse.
    return {
        p: (scores, tuple({k: partner for k, (_, partner) in side.items()} for side in best), place)
        for p, (scores, best, place) in gathered.items()
    }


def candidates_by_pair(pair, i, j, places, score, rows):
    """align::choose's input for every article pair: its allowed sentence pairs
    (`rows`), best first."""
    by_pair = {}
    for k in np.flatnonzero(rows):
        by_pair.setdefault(int(pair[k]), []).append(
            (score[k], int(i[k]), int(j[k]), int(places[k, 0]), int(places[k, 1])))
    for c in by_pair.values():
        c.sort(key=lambda t: (-t[0], t[1], t[2]))
    return by_pair


def replay(pair, i, j, places, gold, score, allowed, cap, splits=None):
    """Pair-link precision, recall and F1 of align::choose over every article pair; with
    `splits` (split_evidence of the same score), including align::grow_splits."""
    predicted = set()
    for p, c in candidates_by_pair(pair, i, j, places, score, allowed).items():
        predicted |= {(p, a, b) for a, b in choose(c, cap, None if splits is None else splits.get(p))}
    tp = len(predicted & gold)
    precision = tp / max(len(predicted), 1)
    recall = tp / len(gold)
    return 2 * precision * recall / max(precision + recall, 1e-12), precision, recall


def auc(score, y):
    r = ranks(score)
    pos = y == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return (r[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def paraphrase(sts_path, pairs_path):
    """The paraphrase evidence: one logistic regression over STS (gold >= STS_SAME_CLAIM)
    and PAIRS, an intercept per data set; returns the weights with the STS intercept."""
    sts = np.loadtxt(sts_path, delimiter="\t")
    w = paraphrase_weights(sts, np.loadtxt(pairs_path, delimiter="\t"))
    print(f"paraphrase: sts same-claim pairs={int((sts[:, 0] >= STS_SAME_CLAIM).sum())}/{len(sts)}")
    return w


def paraphrase_weights(sts, pairs):
    """paraphrase() on the loaded dumps."""
    xs, ys = sts[:, 1:][:, PAIR_ONLY], (sts[:, 0] >= STS_SAME_CLAIM).astype(float)
    xp, yp = pairs[:, 1:][:, PAIR_ONLY], pairs[:, 0]
    indicator = np.zeros((len(ys) + len(yp), 1))
    indicator[len(ys):] = 1
    x = np.hstack([np.vstack([xs, xp]), indicator])
    x[:, [PAIR_ONLY.index(k) for k in PARAPHRASE_IGNORES]] = 0  # their weights stay 0
    weights = np.r_[np.ones(len(ys)), np.full(len(yp), float(PAIRS_WEIGHT))]
    return fit(x, np.r_[ys, yp], weights=weights)[:-1]


def news(path, sts_path=None, pairs_path=None):
    y, pair, i, j, places, x = load_news(path)
    w = fit(x, y)
    scores = sigmoid(w[0] + x @ w[1:])
    print(f"pairs={int(pair.max()) + 1} sentence pairs={len(y)} links={int(y.sum())}")
    print("WEIGHTS: [" + ", ".join(f"{v:.3f}" for v in w) + "]")
    lowest = 0.03
    by_pair = candidates_by_pair(pair, i, j, places, scores, scores >= lowest)
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
    if sts_path is None:
        return
    wp = paraphrase(sts_path, pairs_path)
    print("PARAPHRASE_WEIGHTS: [" + ", ".join(f"{v:.3f}" for v in wp) + "]")
    t = round(t, 2)

    def combined(features):
        """align.rs PairMatrix::score and ::decide with align::choose's same-words rule:
        the noisy-or of both probabilities (1 for the same words), and whether either
        evidence clears its threshold or the words are the same."""
        pn = sigmoid(w[0] + features @ w[1:])
        pp = sigmoid(wp[0] + features[:, PAIR_ONLY] @ wp[1:])
        same = same_words(features)
        score = match_score(pn, pp, same)
        allowed = (pn >= t) | ((score >= PARAPHRASE_THRESHOLD) & (features[:, MUTUAL_BEST] == 1)) | same
        return score, allowed

    score, allowed = combined(x)
    splits = split_evidence(pair, i, j, places, score, x)
    f1, p, r = replay(pair, i, j, places, gold, score, allowed, cap, splits)
    print(f"news + paraphrase: F1={100 * f1:.1f} P={100 * p:.1f} R={100 * r:.1f}")
    pairs = np.loadtxt(pairs_path, delimiter="\t")
    score, _ = combined(pairs[:, 1:])
    news_alone = sigmoid(w[0] + pairs[:, 1:] @ w[1:])
    print(f"pairs: auc={auc(score, pairs[:, 0]):.3f} (news alone {auc(news_alone, pairs[:, 0]):.3f})")


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
    gold, x = data[:, 0], data[:, 1:][:, PAIR_ONLY]
    x1 = np.hstack([x, np.ones((len(gold), 1))])
    w = np.linalg.lstsq(x1, gold, rcond=None)[0][:-1]
    w = w / w[0]  # the scale does not change a ranking; keep the cosine's weight 1
    print("SIMILARITY_WEIGHTS: [" + ", ".join(f"{v:.3f}" for v in w) + "]")
    print(f"spearman={100 * spearman(x @ w, gold):.1f} "
          f"cosine={100 * spearman(x[:, 0], gold):.1f}")


if __name__ == "__main__":
    {"news": news, "sts": sts}[sys.argv[1]](*sys.argv[2:])
