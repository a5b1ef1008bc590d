"""Tests of bench_table.py: reading `suite: key=value` lines and rewriting the table."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_table  # noqa: E402

DOC = f"""# Benchmarks

Prose before the table.

{bench_table.BEGIN}
{bench_table.END}

Prose after the table.
"""


def record(label, line, date="2026-12-01"):
    return "\t".join([label, f"parallax bench {label} data", "release", date, "2", line])


class SplitBaselines(unittest.TestCase):
    def test_a_key_named_after_another_keys_metric_is_a_baseline(self):
        _, pairs = bench_table.parse_line(
            "news-ecb: P=34.4 R=46.1 F1=39.4 pairs=1326 sentences_per_s=3518 tfidf_f1=30.2 tfidf_P=20.1"
        )
        engine, baselines = bench_table.split_baselines(pairs)
        self.assertEqual(
            [k for k, _ in engine], ["P", "R", "F1", "pairs", "sentences_per_s"]
        )
        self.assertEqual(baselines, [("tfidf_f1", "30.2"), ("tfidf_P", "20.1")])

    def test_keys_with_underscores_and_no_engine_twin_stay_the_engines(self):
        _, pairs = bench_table.parse_line(
            "speed: embed_per_s=305 compare_cold_s=0.39 big_cold_s=27.7 peak_mb=485"
        )
        engine, baselines = bench_table.split_baselines(pairs)
        self.assertEqual(len(engine), 4)
        self.assertEqual(baselines, [])

    def test_a_line_that_is_not_key_value_is_refused(self):
        with self.assertRaises(bench_table.Bad):
            bench_table.parse_line("no colon here")
        with self.assertRaises(bench_table.Bad):
            bench_table.parse_line("sts: spearman=89.2 stray")


class Update(unittest.TestCase):
    def write(self, text):
        fd, path = tempfile.mkstemp(suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        self.addCleanup(os.remove, path)
        return path

    def run_records(self, doc, *records):
        doc_path = self.write(doc)
        rec_path = self.write("\n".join(records) + "\n")
        self.assertEqual(bench_table.main(["bench_table.py", doc_path, rec_path]), 0)
        with open(doc_path, encoding="utf-8") as f:
            return f.read()

    def test_a_run_fills_the_table_and_keeps_the_prose(self):
        out = self.run_records(
            DOC, record("sts", "sts: spearman=89.2 cosine_spearman=88.2 n=1379")
        )
        self.assertIn("Prose before the table.", out)
        self.assertIn("Prose after the table.", out)
        self.assertIn(
            "| sts | spearman=89.2 n=1379 | cosine_spearman=88.2 | `parallax bench sts data` | release | 2026-12-01 | 2 |",
            out,
        )

    def test_a_later_run_replaces_its_suites_row_and_keeps_the_others(self):
        first = self.run_records(
            DOC,
            record("sts", "sts: spearman=89.2 cosine_spearman=88.2"),
            record("pairs", "pairs: P=94.9 auc=0.906"),
        )
        second = self.run_records(
            first, record("sts", "sts: spearman=90.0 cosine_spearman=88.0", "2026-12-02")
        )
        rows = [l for l in second.splitlines() if l.startswith("| ") and "---" not in l]
        self.assertEqual(rows[1:], [
            "| sts | spearman=90.0 | cosine_spearman=88.0 | `parallax bench sts data` | release | 2026-12-02 | 2 |",
            "| pairs | P=94.9 auc=0.906 | — | `parallax bench pairs data` | release | 2026-12-01 | 2 |",
        ])

    def test_a_new_suite_goes_after_the_suite_run_before_it(self):
        first = self.run_records(
            DOC,
            record("news-ecb", "news-ecb: F1=39.4"),
            record("pairs", "pairs: auc=0.906"),
        )
        second = self.run_records(
            first,
            record("news-ecb", "news-ecb: F1=40.0"),
            record("news-synth", "news-ecb: F1=55.0"),
        )
        labels = [
            l.split(" | ")[0][2:]
            for l in second.splitlines()
            if l.startswith("| ") and "---" not in l
        ]
        self.assertEqual(labels, ["suite", "news-ecb", "news-synth", "pairs"])

    def test_a_document_without_the_markers_is_left_alone(self):
        doc_path = self.write("# No table here\n")
        rec_path = self.write(record("sts", "sts: spearman=1.0") + "\n")
        self.assertEqual(bench_table.main(["bench_table.py", doc_path, rec_path]), 2)
        with open(doc_path, encoding="utf-8") as f:
            self.assertEqual(f.read(), "# No table here\n")


if __name__ == "__main__":
    unittest.main()
