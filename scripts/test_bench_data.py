"""Tests of bench_data.py on a small invented benchmark folder."""
import json
import os
import tempfile
import unittest

import bench_data


class BenchDataTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        ecb = os.path.join(self.dir, "news-ecb-dev")
        os.mkdir(ecb)
        docs = {
            "3_1ecb": {"0": "The ferry left at noon.", "1": "It carried 40 cars.", "10": "Late."},
            "3_2ecb": {"0": "A ferry sailed at midday."},
            "12_1ecb": {"0": "The bridge opened."},
            "12_4ecb": {"0": "A new bridge is open."},
        }
        links = {
            "3_1ecb_3_2ecb": {"doc1": "3_1ecb", "doc2": "3_2ecb", "links": {"0": ["0"]}},
            "12_1ecb_12_4ecb": {"doc1": "12_1ecb", "doc2": "12_4ecb", "links": {}},
        }
        json.dump(docs, open(os.path.join(ecb, "docs.json"), "w"))
        json.dump(links, open(os.path.join(ecb, "links.json"), "w"))
        self.ecb = ecb

    def test_news_pairs_come_in_sorted_order_with_their_topic_and_sentence_order(self):
        pairs = bench_data.load_news(self.ecb, "news-ecb")
        self.assertEqual([p["topic"] for p in pairs], ["12", "3"])
        self.assertEqual(pairs[1]["a"], ["The ferry left at noon.", "It carried 40 cars.", "Late."])
        self.assertEqual(pairs[1]["gold"], {(0, 0)})
        synth = bench_data.load_news(self.ecb, "news-synth")
        self.assertEqual([p["topic"] for p in synth], ["story 0", "story 1"])

    def test_a_pairs_row_takes_the_topic_of_the_article_its_sentence_comes_from(self):
        path = os.path.join(self.dir, "pairs.tsv")
        with open(path, "w") as f:
            f.write("1\tThe ferry left at noon.\tA ferry sailed at midday.\n")
            f.write("0\tSomething else entirely.\tThe bridge opened.\n")
            f.write("0\tNowhere to be found.\tNor this.\n")
        rows = bench_data.load_pairs(path, bench_data.ecb_sentence_topics(self.ecb))
        self.assertEqual([r["topic"] for r in rows], ["3", "12", "row 2"])
        self.assertEqual(rows[0]["label"], 1)

    def test_topics_spread_over_every_fold(self):
        folds = {bench_data.fold_of(str(t)) for t in range(200)}
        self.assertEqual(folds, set(range(bench_data.FOLDS)))


if __name__ == "__main__":
    unittest.main()
