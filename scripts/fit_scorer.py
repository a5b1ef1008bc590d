#!/usr/bin/env python3
"""Fit the align stage's scorer and graded similarity; print the cross-validation that
chose them and the Rust constants for crates/core/src/align.rs.

Usage: python3 scripts/fit_scorer.py DUMPS    (`./x fit` makes DUMPS and runs this)

DUMPS holds the `parallax bench SUITE PATH --dump-features FILE` outputs of the
development data, with the model (news-ecb.tsv, news-synth.tsv, pairs.tsv,
sts-train.tsv, sts-dev.tsv) and without it (lex-news-ecb.tsv, lex-news-synth.tsv,
lex-pairs.tsv). Columns: news-ecb format: gold link, pair number, i, j, the places of i
and j among their documents' content sentences, the TF-IDF baseline's cosine, then the
features named in align.rs FEATURES; pairs and sts: gold label or score, the baseline's
cosine, then the features.

The scorer is one logistic regression over every feature, fitted on news-ecb,
news-synth and pairs at once, each data set weighing the same in total. Every figure
printed comes from a matching replayed as align::choose does it, the threshold chosen on
the training folds only (the one that maximises the mean F1 of the three sets), next to
the TF-IDF baseline whose threshold is chosen on the same training folds. Folds are
grouped by topic (scripts/bench_data.py: news-ecb the ECB+ topic, news-synth the story,
pairs the ECB+ topic of the article its sentences come from), and each data set is also
left out in turn.
sts-train is not in the scorer's pool: graded similarity of captions and forum posts
("roughly equivalent" at 3 of 5) is another question than "a common claim", and adding it
lowered every news figure in cross-validation. It fits the graded similarity instead
(least squares on the gold scores), reported on sts-dev.
"""
import sys
from collections import defaultdict

import numpy as np

import bench_data

FEATURES = ["cosine", "lexical", "names", "numbers", "margin", "row_z", "col_z",
            "mutual_best", "context", "lead_a", "lead_b", "length_ratio", "containment",
            "best_a", "best_b", "position_gap"]
GROUP_REACH = 2  # align.rs GROUP_REACH
MAX_GROUP_SIDE = 2  # align.rs MAX_GROUP_SIDE
THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]
TIE = 0.5  # mean-F1 points within which thresholds count as tied
L2 = 1.0  # inverse penalty strength of the logistic regression (sklearn's C)
FOLDS = bench_data.FOLDS


def load_news(path, name):
    d = np.loadtxt(path, delimiter="\t")
    return dict(name=name, y=d[:, 0].astype(bool), pair=d[:, 1].astype(int),
                i=d[:, 2].astype(int), j=d[:, 3].astype(int),
                places=d[:, 4:6].astype(int), tfidf=d[:, 6], X=d[:, 7:])


def load_pairs(path, name, graded=False):
    d = np.loadtxt(path, delimiter="\t")
    y = d[:, 0] >= 3.0 if graded else d[:, 0] == 1
    return dict(name=name, y=y, gold=d[:, 0], tfidf=d[:, 1], X=d[:, 2:])


def fit_logistic(x, y, w):
    from sklearn.linear_model import LogisticRegression
    m = LogisticRegression(C=L2, max_iter=5000)
    m.fit(x, y, sample_weight=w)
    return np.r_[m.intercept_, m.coef_[0]]


def probability(weights, x):
    return 1 / (1 + np.exp(-(weights[0] + x @ weights[1:])))


def same_words(ds):
    # Both the cosine and the overlap are 1: as near as the dump tells to align.rs's
    # same-words rule, which scores such a pair 1.
    return (ds["X"][:, 0] > 0.999) & (ds["X"][:, 1] > 0.999)


def replay(ds, score, threshold):
    """The links align::choose makes: pairs at or above the threshold, best first, a
    match growing to MAX_GROUP_SIDE a side within GROUP_REACH content places."""
    s = np.where(same_words(ds), 1.0, score)
    cand = np.where(s >= threshold)[0]
    order = cand[np.lexsort((ds["j"][cand], ds["i"][cand], -s[cand], ds["pair"][cand]))]
    by_pair = defaultdict(list)
    for k in order:
        by_pair[ds["pair"][k]].append(k)
    links = set()
    for p, ks in by_pair.items():
        in_a, in_b, groups, place_a, place_b = {}, {}, [], {}, {}
        for k in ks:
            i, j = ds["i"][k], ds["j"][k]
            place_a[i], place_b[j] = ds["places"][k]
            gi, gj = in_a.get(i), in_b.get(j)
            if gi is None and gj is None:
                in_a[i] = in_b[j] = len(groups)
                groups.append(([i], [j]))
            elif gj is None:
                b = groups[gi][1]
                if len(b) < MAX_GROUP_SIDE and any(abs(place_b[j] - place_b[x]) <= GROUP_REACH for x in b):
                    b.append(j)
                    in_b[j] = gi
            elif gi is None:
                a = groups[gj][0]
                if len(a) < MAX_GROUP_SIDE and any(abs(place_a[i] - place_a[x]) <= GROUP_REACH for x in a):
                    a.append(i)
                    in_a[i] = gj
        links.update((p, x, y) for a, b in groups for x in a for y in b)
    return np.array([(p, i, j) in links for p, i, j in zip(ds["pair"], ds["i"], ds["j"])])


def f1(predicted, gold):
    tp = (predicted & gold).sum()
    p = tp / max(predicted.sum(), 1)
    r = tp / max(gold.sum(), 1)
    return 100 * 2 * p * r / max(p + r, 1e-9)


def decisions(ds, weights, threshold):
    p = probability(weights, ds["X"])
    if "pair" in ds:
        return replay(ds, p, threshold)
    return np.where(same_words(ds), 1.0, p) >= threshold


def fit(sets):
    x = np.vstack([d["X"] for d in sets])
    y = np.concatenate([d["y"] for d in sets])
    w = np.concatenate([np.full(len(d["y"]), 1 / len(d["y"])) for d in sets])
    return fit_logistic(x, y, w / w.mean())


def choose_threshold(sets, weights):
    """The highest threshold whose mean F1 over the sets is within TIE of the best: a
    reader trusts a highlight more than they miss one, so near-ties go to precision."""
    means = {t: np.mean([f1(decisions(d, weights, t), d["y"]) for d in sets]) for t in THRESHOLDS}
    best = max(means.values())
    return max(t for t, m in means.items() if m >= best - TIE)


def baseline_thresholds(sets):
    """The TF-IDF baseline's thresholds (one for article pairs, one for sentence pairs),
    each the F1 optimum of the training sets of its format."""
    out = {}
    for news in (True, False):
        group = [d for d in sets if ("pair" in d) == news]
        grid = np.arange(0.1, 0.5, 0.025) if news else np.arange(0.02, 0.3, 0.01)
        if group:
            out[news] = max(grid, key=lambda t: np.mean([f1(d["tfidf"] >= t, d["y"]) for d in group]))
    return out


def subset(ds, mask):
    return {k: v[mask] if isinstance(v, np.ndarray) and len(v) == len(mask) else v for k, v in ds.items()}


def folds_of(ds):
    return np.array([bench_data.fold_of(t) for t in ds["topic"]])


def with_topics(sets, bench):
    """Each row's topic (scripts/bench_data.py), from the pair number of the news sets
    and the row number of pairs."""
    ecb, syn, pairs = sets
    for ds in (ecb, syn):
        pairs_in_order = bench_data.load_news(f"{bench}/{ds['name']}-dev", ds["name"])
        ds["topic"] = np.array([d["topic"] for d in pairs_in_order])[ds["pair"]]
    sentence_topics = bench_data.ecb_sentence_topics(f"{bench}/news-ecb-dev")
    rows = bench_data.load_pairs(f"{bench}/pairs-dev.tsv", sentence_topics)
    if len(rows) != len(pairs["y"]):
        sys.exit("pairs.tsv does not hold one line per row of pairs-dev.tsv")
    pairs["topic"] = np.array([r["topic"] for r in rows])
    return sets


def load_sets(dumps, bench, prefix=""):
    """The scorer's three data sets (news-ecb, news-synth, pairs) from the dumps, each
    row with its topic; prefix "lex-" gives the run without the model."""
    return with_topics([load_news(f"{dumps}/{prefix}news-ecb.tsv", "news-ecb"),
                        load_news(f"{dumps}/{prefix}news-synth.tsv", "news-synth"),
                        load_pairs(f"{dumps}/{prefix}pairs.tsv", "pairs")], bench)


def cross_validate(sets, label):
    rows = []

    def score(train, test, fold):
        w = fit(train)
        t = choose_threshold(train, w)
        bt = baseline_thresholds(train)
        for d in test:
            news = "pair" in d
            b = bt.get(news, 0.25 if news else 0.07)
            rows.append((fold, d["name"], f1(decisions(d, w, t), d["y"]), f1(d["tfidf"] >= b, d["y"]), t))

    for k in range(FOLDS):
        score([subset(d, folds_of(d) != k) for d in sets], [subset(d, folds_of(d) == k) for d in sets], f"topic fold {k + 1}")
    for out in sets:
        score([d for d in sets if d is not out], [out], f"{out['name']} left out")
    print(f"\n## Cross-validation ({label}): link F1 (pairs: F1), engine against TF-IDF\n")
    print("| fold | set | engine | TF-IDF | threshold |\n|---|---|---|---|---|")
    for fold, name, e, b, t in rows:
        mark = "" if e > b else " (behind)"
        print(f"| {fold} | {name} | {e:.1f}{mark} | {b:.1f} | {t:.2f} |")


def reliability(sets, weights):
    print("\n## Reliability of the score (all pairs of each set): share that are gold links\n")
    edges = [0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0001]
    print("| score | " + " | ".join(d["name"] for d in sets) + " |")
    print("|---" * (len(sets) + 1) + "|")
    ps = [probability(weights, d["X"]) for d in sets]
    for lo, hi in zip(edges, edges[1:]):
        cells = []
        for d, p in zip(sets, ps):
            m = (p >= lo) & (p < hi)
            cells.append(f"{100 * d['y'][m].mean():.0f}% of {m.sum()}" if m.sum() else "–")
        print(f"| {lo:.1f}–{min(hi, 1):.1f} | " + " | ".join(cells) + " |")


def rust(name, values):
    body = ", ".join(f"{v:.3f}" for v in values)
    return f"const {name}: [f32; {len(values)}] = [{body}];"


def main(dumps):
    bench = "../shared/bench" if len(sys.argv) < 3 else sys.argv[2]
    sets = load_sets(dumps, bench)
    cross_validate(sets, "with the model")
    weights = fit(sets)
    threshold = choose_threshold(sets, weights)
    reliability(sets, weights)

    lex = load_sets(dumps, bench, "lex-")
    lex_weights = fit(lex)
    lex_threshold = choose_threshold(lex, lex_weights)

    from sklearn.linear_model import Ridge
    from scipy.stats import spearmanr
    train = load_pairs(f"{dumps}/sts-train.tsv", "sts-train", graded=True)
    dev = load_pairs(f"{dumps}/sts-dev.tsv", "sts-dev", graded=True)
    ridge = Ridge(alpha=1.0).fit(train["X"], train["gold"])
    similarity = np.r_[ridge.intercept_, ridge.coef_]
    rho = spearmanr(dev["X"] @ similarity[1:], dev["gold"]).correlation
    cos = spearmanr(dev["X"][:, 0], dev["gold"]).correlation
    print(f"\nsts-dev Spearman of the graded similarity (fitted on sts-train): {100 * rho:.1f}; "
          f"plain cosine {100 * cos:.1f}")

    print("\n## Full fit, replayed on the development data\n")
    for d in sets:
        print(f"{d['name']}: F1 {f1(decisions(d, weights, threshold), d['y']):.1f}")
    print("\n// Rust constants for crates/core/src/align.rs")
    print(f"pub const MATCH_THRESHOLD: f32 = {threshold};")
    print(f"pub const LEXICAL_MATCH_THRESHOLD: f32 = {lex_threshold};")
    print(rust("SCORER_WEIGHTS", weights))
    print(rust("LEXICAL_SCORER_WEIGHTS", lex_weights))
    print(rust("SIMILARITY_WEIGHTS", similarity))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1])
