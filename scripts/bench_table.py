#!/usr/bin/env python3
"""Writes the results table of docs/benchmarks.md from benchmark runs.

Usage: bench_table.py DOC RECORDS

RECORDS holds one run per line, tab-separated: suite label, the command that ran it,
the build that ran it, the date, the number of cores, and the run's last line
(`suite: key=value key=value ...`, as `parallax bench` and the export benchmark print
it). Each run replaces the row of its suite in the table between the markers
BEGIN and END in DOC; the rows of suites that did not run stay as they were, and a
new suite's row goes after the row of the suite run before it. The keys are read generically: a key `name_metric` whose
`metric` is another key of the same line (`tfidf_f1` next to `F1`, `cosine_spearman`
next to `spearman`) is a baseline measured in the same run, and goes to the baseline
column; every other key is the engine's.
"""

import sys

BEGIN = "<!-- bench-table:begin (written by ./x bench; do not edit by hand) -->"
END = "<!-- bench-table:end -->"
HEADER = [
    "| suite | engine | baselines, same run | command | build | date | cores |",
    "| --- | --- | --- | --- | --- | --- | --- |",
]
NONE = "—"


class Bad(Exception):
    """A record or document this script cannot read."""


def parse_line(line):
    """`suite: k=v k=v` → (suite, [(k, v), ...]), keys in the order printed."""
    suite, sep, rest = line.partition(":")
    if not sep or not suite.strip():
        raise Bad(f"not a `suite: key=value ...` line: {line!r}")
    pairs = []
    for token in rest.split():
        key, eq, value = token.partition("=")
        if not eq or not key:
            raise Bad(f"not a key=value pair: {token!r} in {line!r}")
        pairs.append((key, value))
    return suite.strip(), pairs


def split_baselines(pairs):
    """The engine's figures and the baselines' figures of one line."""
    own = {k.lower() for k, _ in pairs}

    def is_baseline(key):
        _, sep, metric = key.partition("_")
        return bool(sep) and metric.lower() in own and metric.lower() != key.lower()

    engine = [(k, v) for k, v in pairs if not is_baseline(k)]
    baselines = [(k, v) for k, v in pairs if is_baseline(k)]
    return engine, baselines


def cell(pairs):
    return " ".join(f"{k}={v}" for k, v in pairs) or NONE


def row(label, command, build, date, cores, line):
    _, pairs = parse_line(line)
    engine, baselines = split_baselines(pairs)
    cells = [label, cell(engine), cell(baselines), f"`{command}`", build, date, cores]
    return "| " + " | ".join(cells) + " |"


def read_records(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            raw = raw.rstrip("\n")
            if not raw.strip():
                continue
            fields = raw.split("\t")
            if len(fields) != 6:
                raise Bad(f"{path}:{n}: expected 6 tab-separated fields, got {len(fields)}")
            label, command, build, date, cores, line = fields
            records.append((label, row(label, command, build, date, cores, line)))
    return records


def update(doc, records):
    """`doc` with the table between the markers rebuilt from its rows and `records`."""
    lines = doc.split("\n")
    try:
        start, end = lines.index(BEGIN), lines.index(END)
    except ValueError:
        raise Bad(f"the table markers are missing ({BEGIN!r} ... {END!r})") from None
    if end < start:
        raise Bad("the table's end marker comes before its begin marker")
    labels, rows = [], {}
    for line in lines[start + 1 : end]:
        if line.startswith("| ") and line not in HEADER:
            label = line[2:].split(" | ", 1)[0]
            labels.append(label)
            rows[label] = line
    previous = None
    for label, line in records:
        if label not in rows:
            # A new suite goes after the suite run before it, or last.
            at = labels.index(previous) + 1 if previous in labels else len(labels)
            labels.insert(at, label)
        rows[label] = line
        previous = label
    table = HEADER + [rows[label] for label in labels]
    return "\n".join(lines[: start + 1] + table + lines[end:])


def main(argv):
    if len(argv) != 3:
        print("usage: bench_table.py DOC RECORDS", file=sys.stderr)
        return 2
    doc_path, records_path = argv[1], argv[2]
    try:
        records = read_records(records_path)
        with open(doc_path, encoding="utf-8") as f:
            doc = f.read()
        updated = update(doc, records)
    except (Bad, OSError) as e:
        print(f"bench_table: {e}", file=sys.stderr)
        return 2
    with open(doc_path, "w", encoding="utf-8") as f:
        f.write(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
