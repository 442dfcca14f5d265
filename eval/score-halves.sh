#!/usr/bin/env bash
# Scores one run of pipelines/eval-relations.yaml on news-relations dev and on re3d dev by the
# fixed halves (sorted document ids: A = even positions, B = odd): prints `news all|A|B: ...`
# (score_documents.py) and `re3d A|B named-only: ...` (score_relations.py --map seeds
# --named-only). Used by eval/news-relations.sh and eval/ner-variant.sh.
#   eval/score-halves.sh NEWS_OUT RE3D_OUT WORK
set -euo pipefail
cd "$(dirname "$0")/.."
news_out=$1
re3d_out=$2
work=$3
corpus=../shared/corpora/news-relations-dev
re3d=../shared/corpora/relations/re3d_dev.jsonl
tools=../shared/tools
mkdir -p "$work"
# Gold files of the halves (news: gold.json filtered; re3d: JSONL filtered; the re3d
# predictions are filtered too, as the scorer rejects ids its gold does not have).
python3 - "$corpus/gold.json" "$re3d" "$work" <<'PY'
import json, sys
gold, re3d, work = sys.argv[1:]
g = json.load(open(gold))
ids = sorted(g["docs"])
for half, keep in (("A", ids[0::2]), ("B", ids[1::2])):
    json.dump({"docs": {k: g["docs"][k] for k in keep}}, open(f"{work}/news-{half}.json", "w"))
lines = [l for l in open(re3d, encoding="utf-8") if l.strip()]
docs = sorted(lines, key=lambda l: json.loads(l)["id"])
for half, keep in (("A", docs[0::2]), ("B", docs[1::2])):
    open(f"{work}/re3d-{half}.jsonl", "w", encoding="utf-8").writelines(keep)
PY
python3 eval/relations_convert.py "$re3d_out" "$work/re3d-pred.jsonl" --phrases
for half in A B; do
  python3 - "$work/re3d-$half.jsonl" "$work/re3d-pred.jsonl" "$work/re3d-pred-$half.jsonl" <<'PY'
import json, sys
ids = {json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()}
with open(sys.argv[3], "w", encoding="utf-8") as f:
    for l in open(sys.argv[2], encoding="utf-8"):
        if l.strip() and json.loads(l)["id"] in ids:
            f.write(l)
PY
done
echo "news all: $(python3 "$tools/score_documents.py" --out "$news_out" --gold "$corpus/gold.json" | tail -n 1)"
echo "news A:   $(python3 "$tools/score_documents.py" --out "$news_out" --gold "$work/news-A.json" | tail -n 1)"
echo "news B:   $(python3 "$tools/score_documents.py" --out "$news_out" --gold "$work/news-B.json" | tail -n 1)"
for half in A B; do
  echo "re3d $half named-only: $(python3 "$tools/score_relations.py" "$work/re3d-$half.jsonl" \
    "$work/re3d-pred-$half.jsonl" --map seeds --named-only | tail -n 1)"
done
