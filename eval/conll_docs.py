#!/usr/bin/env python3
"""CoNLL-2003 sentences as whole documents and back, so the entities stage sees each
sentence in its document (as it does in real use: one label per name within a document).

  conll_docs.py join  SENTENCES.jsonl DOCS.jsonl       # one line per "doc", sentences
                                                       # separated by a blank line
  conll_docs.py split SENTENCES.jsonl ENTITIES.csv OUT.csv   # entities back to sentence ids
"""
import csv
import json
import sys


def sentences(path):
    docs = {}
    for line in open(path, encoding="utf-8"):
        rec = json.loads(line)
        docs.setdefault(rec["doc"], []).append(rec)
    return docs


def main():
    mode = sys.argv[1]
    docs = sentences(sys.argv[2])
    if mode == "join":
        with open(sys.argv[3], "w", encoding="utf-8") as out:
            for doc, recs in docs.items():
                out.write(json.dumps({"id": f"doc-{doc}", "text": "\n\n".join(r["text"] for r in recs)}) + "\n")
        return
    bases = {}
    for doc, recs in docs.items():
        offset = 0
        spans = []
        for r in recs:
            n = len(r["text"].encode("utf-8"))
            spans.append((offset, offset + n, r["id"]))
            offset += n + 2
        bases[f"doc-{doc}"] = spans
    with open(sys.argv[4], "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["doc_id", "start", "end", "label"])
        for row in csv.DictReader(open(sys.argv[3], encoding="utf-8")):
            start, end = int(row["start"]), int(row["end"])
            for lo, hi, sid in bases[row["doc_id"]]:
                if lo <= start and end <= hi:
                    writer.writerow([sid, start - lo, end - lo, row["label"]])
                    break


if __name__ == "__main__":
    main()
