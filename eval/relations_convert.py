#!/usr/bin/env python3
"""Convert an nlpipe export's relations.csv into score_relations.py predictions.

usage: relations_convert.py OUT_DIR PRED.jsonl [--with-open]

Writes one {"id", "relations": [{"head", "label", "tail"}]} line per document, names taken
from the canonical columns (falling back to the mention text). Open triples (relation
`open`) are left out unless --with-open is given: they have no gold label.
"""
import csv
import json
import sys
from collections import OrderedDict


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    with_open = "--with-open" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    out_dir, pred_path = args
    docs = OrderedDict()
    with open(f"{out_dir}/documents.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            docs[row["doc_id"]] = []
    with open(f"{out_dir}/relations.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["relation"] == "open" and not with_open:
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
