#!/usr/bin/env bash
# Entities and relations on more news, annotated here by the news-relations dev set's
# guidelines (../shared/corpora/news-relations-dev/GUIDELINES.md), document level, same gold
# format: eval/gold/news-c1.json and news-c2.json (stop 30), news-d1.json, news-d2.json,
# news-e1.json and news-e2.json (stop 31; each annotated from the texts before anything ran on
# them; D was read by one stop-31 branch, e31, and E by none), news-f1.json ... news-f6.json (stop
# 32: 25 broader web pages, reviews, blogs, features and news, the last unannotated English texts
# of the two corpora; held out from every stop-32 branch), news-g1.json ... news-g4.json (stop 33:
# the 50 weblog and newsgroup posts of UD English EWT dev, 2003-2005; held out from every stop-33
# branch). The texts are the gold article bodies of ../shared/corpora/article-extraction-dev and
# readability-dev (ids `article-HASH` and `readability-NAME`; none is one of the 25 news-relations
# dev articles) and the documents of ../shared/corpora/sentences/ewt_dev.jsonl (ids
# `ewt-dev:weblog-...`, `ewt-dev:newsgroup-...`); they are read from ../shared, never copied into
# the repository.
#   eval/news-extra.sh [debug|release] [GOLD ...]   (default release; eval/gold/news-*.json)
# Prints `news GOLDNAME: docs entityF1 ... relationF1 ... relationP ... relationR ...` per gold
# file, then per set family of more than one file (`news-c`: C1 + C2, `news-d`: D1 + D2, `news-e`: E1 + E2, `news-f`: F1 ... F6, `news-g`: G1 ... G4), then
# for all of them together; `-v` misses go to $WORK/GOLDNAME.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
shift || true
golds=("$@")
if [ ${#golds[@]} -eq 0 ]; then golds=(eval/gold/news-*.json); fi
work=${WORK:-/tmp/nlpipe-news-extra}
texts="$work/texts"
out=out/eval-news-extra
rm -rf "$texts" "$out"
mkdir -p "$texts"
python3 - ../shared/corpora "$texts" "$work/all.json" "${golds[@]}" <<'PY'
import json, os, sys
corpora, texts, merged, *golds = sys.argv[1:]
folders = {"article": "article-extraction-dev", "readability": "readability-dev"}
ewt = {}  # UD English EWT dev documents (set G), read once if a gold file names one
docs = {}
for path in golds:
    for doc_id, doc in json.load(open(path))["docs"].items():
        if doc_id in docs:
            sys.exit(f"{path}: document {doc_id} is in another gold file too")
        if doc_id.startswith("ewt-dev:"):
            if not ewt:
                for line in open(f"{corpora}/sentences/ewt_dev.jsonl", encoding="utf-8"):
                    record = json.loads(line)
                    ewt[record["id"]] = record["text"]
            if doc_id not in ewt:
                sys.exit(f"{path}: document {doc_id} is not in sentences/ewt_dev.jsonl")
            text = ewt[doc_id]
        else:
            kind, _, name = doc_id.partition("-")
            with open(f"{corpora}/{folders[kind]}/gold/{name}.txt", encoding="utf-8") as f:
                text = f.read()
        with open(f"{texts}/{doc_id}.txt", "w", encoding="utf-8") as g:
            g.write(text)
        docs[doc_id] = doc
json.dump({"docs": docs}, open(merged, "w"))
# One merged file per family (the name without its last digits) of two or more gold files.
families = {}
for path in golds:
    families.setdefault(os.path.basename(path)[:-5].rstrip("0123456789"), []).append(path)
with open(f"{os.path.dirname(merged)}/families.txt", "w") as listing:
    for family, paths in sorted(families.items()):
        if len(paths) > 1:
            family_docs = {k: v for p in paths for k, v in json.load(open(p))["docs"].items()}
            path = f"{os.path.dirname(merged)}/{family}.json"
            json.dump({"docs": family_docs}, open(path, "w"))
            listing.write(path + "\n")
print(f"{len(docs)} annotated documents")
PY
swift build -c "$config" --product nlpipe >/dev/null
".build/$config/nlpipe" run pipelines/eval-relations.yaml --input "$texts" --output "$out" --quiet
mapfile -t families < "$work/families.txt"
for gold in "${golds[@]}" "${families[@]}" "$work/all.json"; do
  name=$(basename "$gold" .json)
  python3 ../shared/tools/score_documents.py --out "$out" --gold "$gold" -v > "$work/$name.txt"
  echo "news $name: $(tail -1 "$work/$name.txt")"
done
