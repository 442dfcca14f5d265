#!/usr/bin/env bash
# Entities and relations on more news, annotated here (stop 30) by the news-relations dev set's
# guidelines (../shared/corpora/news-relations-dev/GUIDELINES.md), document level, same gold
# format: eval/gold/news-c1.json and eval/gold/news-c2.json. The texts are the gold article
# bodies of ../shared/corpora/article-extraction-dev and readability-dev (ids
# `article-HASH` and `readability-NAME`; none is one of the 25 news-relations dev articles);
# they are read from ../shared, never copied into the repository.
#   eval/news-extra.sh [debug|release] [GOLD ...]   (default release; eval/gold/news-c*.json)
# Prints `news GOLDNAME: docs entityF1 ... relationF1 ... relationP ... relationR ...` per gold
# file, and for all of them together; `-v` misses go to $WORK/GOLDNAME.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
shift || true
golds=("$@")
if [ ${#golds[@]} -eq 0 ]; then golds=(eval/gold/news-c*.json); fi
work=${WORK:-/tmp/nlpipe-news-extra}
texts="$work/texts"
out=out/eval-news-extra
rm -rf "$texts" "$out"
mkdir -p "$texts"
python3 - ../shared/corpora "$texts" "$work/all.json" "${golds[@]}" <<'PY'
import json, os, sys
corpora, texts, merged, *golds = sys.argv[1:]
folders = {"article": "article-extraction-dev", "readability": "readability-dev"}
docs = {}
for path in golds:
    for doc_id, doc in json.load(open(path))["docs"].items():
        if doc_id in docs:
            sys.exit(f"{path}: document {doc_id} is in another gold file too")
        kind, _, name = doc_id.partition("-")
        source = f"{corpora}/{folders[kind]}/gold/{name}.txt"
        with open(source, encoding="utf-8") as f, open(f"{texts}/{doc_id}.txt", "w", encoding="utf-8") as g:
            g.write(f.read())
        docs[doc_id] = doc
json.dump({"docs": docs}, open(merged, "w"))
print(f"{len(docs)} annotated documents")
PY
swift build -c "$config" --product nlpipe >/dev/null
".build/$config/nlpipe" run pipelines/eval-relations.yaml --input "$texts" --output "$out" --quiet
for gold in "${golds[@]}" "$work/all.json"; do
  name=$(basename "$gold" .json)
  python3 ../shared/tools/score_documents.py --out "$out" --gold "$gold" -v > "$work/$name.txt"
  echo "news $name: $(tail -1 "$work/$name.txt")"
done
