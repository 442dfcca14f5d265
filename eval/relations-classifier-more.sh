#!/usr/bin/env bash
# The pair classifier's cross-validation with more annotated news in its training data (stop
# 30): news-relations dev half A plus the documents of GOLD files written here
# (eval/gold/news-c*.json, texts read from ../shared as eval/news-extra.sh reads them), and
# re3d dev half A. Half B of both dev sets is left out, and so is any gold file not named.
# It prints the trainer's report (5 folds grouped by document; the same criterion that
# chooses `rules` or `union` for the bundled model) and writes the model to $WORK only: the
# bundled pairs-en.tsv stays what eval/relations-classifier.sh reproduces.
#   eval/relations-classifier-more.sh [debug|release] [GOLD ...] [-- TRAINER OPTIONS]
#   (default release, eval/gold/news-c*.json: C1 and C2)
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
shift || true
golds=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  golds+=("$1")
  shift
done
[ "${1:-}" = "--" ] && shift
if [ ${#golds[@]} -eq 0 ]; then golds=(eval/gold/news-c*.json); fi
work=${WORK:-/tmp/nlpipe-relations-classifier-more}
rm -rf "$work/news"
mkdir -p "$work/news/texts"
python3 - ../shared/corpora "$work" "${golds[@]}" <<'PY'
import json, sys
corpora, work, *golds = sys.argv[1:]
dev = f"{corpora}/news-relations-dev"
docs = {}
gold = json.load(open(f"{dev}/gold.json"))["docs"]
for doc_id in sorted(gold)[0::2]:
    docs[doc_id] = (gold[doc_id], f"{dev}/texts/{doc_id}.txt")
folders = {"article": "article-extraction-dev", "readability": "readability-dev"}
for path in golds:
    for doc_id, doc in json.load(open(path))["docs"].items():
        if doc_id in docs:
            sys.exit(f"{path}: document {doc_id} is in another gold file too")
        kind, _, name = doc_id.partition("-")
        docs[doc_id] = (doc, f"{corpora}/{folders[kind]}/gold/{name}.txt")
for doc_id, (doc, source) in docs.items():
    with open(source, encoding="utf-8") as f, open(
            f"{work}/news/texts/{doc_id}.txt", "w", encoding="utf-8") as g:
        g.write(f.read())
json.dump({"docs": {k: v[0] for k, v in docs.items()}}, open(f"{work}/news/gold.json", "w"))
lines = [l for l in open(f"{corpora}/relations/re3d_dev.jsonl", encoding="utf-8") if l.strip()]
lines.sort(key=lambda l: json.loads(l)["id"])
open(f"{work}/re3d-A.jsonl", "w", encoding="utf-8").writelines(lines[0::2])
print(f"{len(docs)} news documents (half A and {len(golds)} gold file(s)), "
      f"{len(lines[0::2])} re3d documents (half A)")
PY
swift build -c "$config" --product nlpipe >/dev/null
".build/$config/nlpipe" train relations --news "$work/news" --re3d "$work/re3d-A.jsonl" \
  --half all --out "$work/pairs-en.tsv" "$@"
