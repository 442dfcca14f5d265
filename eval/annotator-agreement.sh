#!/usr/bin/env bash
# How far two careful annotators agree on the news gold: a second, independent annotation of
# nine news-relations-dev articles (eval/gold/second/news-dev-second.json, made in stop 32 by
# two annotators who were given the texts by mistake as new held-out documents and annotated
# them from the texts by GUIDELINES.md), scored as if it were a pipeline's output against the
# dev gold with the same scorer (../shared/tools/score_documents.py). The figure is the ceiling
# that a system can be expected to reach on this kind of gold.
#   eval/annotator-agreement.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-/tmp/nlpipe-annotator-agreement}
rm -rf "$work" && mkdir -p "$work"
python3 - eval/gold/second/news-dev-second.json ../shared/corpora/news-relations-dev/gold.json "$work" <<'PY'
import csv, json, sys
second_path, gold_path, work = sys.argv[1:]
second = json.load(open(second_path, encoding="utf-8"))["docs"]
gold = json.load(open(gold_path, encoding="utf-8"))["docs"]
with open(f"{work}/entities.csv", "w", encoding="utf-8", newline="") as f:
    out = csv.writer(f)
    out.writerow(["doc_id", "label", "text", "canonical"])
    for doc_id, doc in second.items():
        for label, groups in doc["entities"].items():
            for group in groups:
                for name in group:
                    out.writerow([doc_id, label, name, group[0]])
with open(f"{work}/relations.csv", "w", encoding="utf-8", newline="") as f:
    out = csv.writer(f)
    out.writerow(["doc_id", "head_text", "relation", "tail_text"])
    for doc_id, doc in second.items():
        for relation in doc["relations"]:
            out.writerow([doc_id, relation[0], relation[1], relation[2]])
json.dump({"docs": {k: gold[k] for k in second}}, open(f"{work}/gold.json", "w"))
print(f"{len(second)} documents annotated twice")
PY
python3 ../shared/tools/score_documents.py --out "$work" --gold "$work/gold.json" -v > "$work/agreement.txt"
grep -E "^(entities|relations):" "$work/agreement.txt"
