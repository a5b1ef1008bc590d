"""The development data of ../shared/bench as the fitting scripts see it: sentence pairs
with their gold, grouped into the topic folds every cross-validation here shares.

A topic is what two test items must not share across a fold boundary:
- news-ecb: the ECB+ topic, the number before the first '_' of the pair id;
- news-synth: the story (the pair's place in sorted pair-id order, as the bench dumps it);
- pairs: pairs-dev.tsv is drawn from news-ecb-dev, so a row takes the ECB+ topic of the
  document that holds its first sentence, and a row whose sentence is found nowhere is
  dealt round-robin.
A topic's fold is its CRC-32 modulo FOLDS.
"""
import json
import re
import zlib

FOLDS = 5


def fold_of(topic):
    return zlib.crc32(topic.encode()) % FOLDS


def ecb_topic(pair_id):
    m = re.match(r"^(\d+)_", pair_id)
    return m.group(1) if m else pair_id


def load_news(folder, name):
    """Every article pair of a news-ecb-format folder, in sorted pair-id order: its two
    sentence lists, its gold links as (i, j) pairs, and its topic."""
    docs = json.load(open(f"{folder}/docs.json"))
    links = json.load(open(f"{folder}/links.json"))

    def sentences(doc_id):
        d = docs[doc_id]
        return [d[k] for k in sorted(d, key=int)]

    out = []
    for p, key in enumerate(sorted(links)):
        item = links[key]
        gold = {(int(i), int(j)) for i, js in item["links"].items() for j in js}
        topic = ecb_topic(key) if name == "news-ecb" else f"story {p}"
        out.append(dict(a=sentences(item["doc1"]), b=sentences(item["doc2"]), gold=gold,
                        topic=topic))
    return out


def ecb_sentence_topics(folder):
    """Each news-ecb sentence's ECB+ topic, from the pairs its documents appear in."""
    docs = json.load(open(f"{folder}/docs.json"))
    links = json.load(open(f"{folder}/links.json"))
    topic_of_doc = {}
    for key in sorted(links):
        for side in ("doc1", "doc2"):
            topic_of_doc.setdefault(links[key][side], ecb_topic(key))
    return {text: topic_of_doc[d] for d, sents in docs.items() if d in topic_of_doc
            for text in sents.values()}


def load_pairs(path, sentence_topics):
    rows = []
    for n, line in enumerate(open(path, encoding="utf-8")):
        label, s1, s2 = line.rstrip("\n").split("\t")
        topic = sentence_topics.get(s1) or sentence_topics.get(s2) or f"row {n % FOLDS}"
        rows.append(dict(label=int(label), a=s1, b=s2, topic=topic))
    return rows


def load_sts(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        rows.append(dict(score=float(cols[4]), a=cols[5], b=cols[6]))
    return rows
