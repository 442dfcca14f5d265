#!/usr/bin/env python3
"""Convert an nlpipe export's relations.csv into score_relations.py predictions.

usage: relations_convert.py OUT_DIR PRED.jsonl [--with-open] [--with-fights]

Writes one {"id", "relations": [{"head", "label", "tail"}]} line per document, names taken
from the canonical columns (falling back to the mention text). Relation types that the
scorer's `--map seeds` schema has no label for are left out unless asked for: open triples
(`--with-open`) and `fights` (`--with-fights`, score with `--map fights=FightingAgainst`).
"""
import csv
import json
import sys
from collections import OrderedDict


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    skip = set()
    if "--with-open" not in sys.argv:
        skip.add("open")
    if "--with-fights" not in sys.argv:
        skip.add("fights")
    if len(args) != 2:
        sys.exit(__doc__)
    out_dir, pred_path = args
    docs = OrderedDict()
    with open(f"{out_dir}/documents.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            docs[row["doc_id"]] = []
    with open(f"{out_dir}/relations.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["relation"] in skip:
                continue
            head = row.get("head_canonical") or row["head_text"]
            tail = row.get("tail_canonical") or row["tail_text"]
            docs.setdefault(row["doc_id"], []).append(
                {"head": head, "label": row["relation"], "tail": tail})
    with open(pred_path, "w", encoding="utf-8") as f:
        for doc_id, relations in docs.items():
            f.write(json.dumps({"id": doc_id, "relations": relations}) + "\n")


if __name__ == "__main__":
    main()
