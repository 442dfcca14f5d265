#!/usr/bin/env bash
# Relations on news nobody annotated or tuned on: the gold article texts of the article
# extraction and readability dev sets (../shared/corpora/{article-extraction,readability}-dev/
# gold), without the 25 news-relations dev articles (same ids) and without pages that are
# mostly not English. There is no gold: the script lists what chosen rules find there, with
# their evidence, so their precision can be judged by reading on text that the dev halves
# say nothing about (a rule that never fires on news A or B can still be checked here).
#   eval/relations-unseen.sh [debug|release] [RULE_PREFIX ...]   (default release; no prefix:
#                                               a count of relations per rule)
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
shift || true
work=${WORK:-/tmp/nlpipe-relations-unseen}
texts="$work/texts"
out=out/eval-relations-unseen
rm -rf "$texts" "$out"
mkdir -p "$texts"
python3 - ../shared/corpora "$texts" <<'PY'
import json, os, sys
corpora, texts = sys.argv[1:]
dev = set(json.load(open(f"{corpora}/news-relations-dev/gold.json"))["docs"])
common = {"the", "and", "of", "to", "a", "in", "is", "that"}
kept = 0
for corpus in ("article-extraction-dev", "readability-dev"):
    folder = f"{corpora}/{corpus}/gold"
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt") or name[:-4] in dev:
            continue
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        words = text.lower().split()
        if not words or sum(w in common for w in words) / len(words) < 0.12:
            continue
        open(f"{texts}/{corpus.split('-')[0]}-{name}", "w", encoding="utf-8").write(text)
        kept += 1
print(f"{kept} unannotated English pages")
PY
swift build -c "$config" --product nlpipe >/dev/null
".build/$config/nlpipe" run pipelines/eval-relations.yaml --input "$texts" --output "$out" --quiet
python3 - "$out/relations.csv" "$@" <<'PY'
import collections, csv, sys
path, prefixes = sys.argv[1], sys.argv[2:]
rows = [r for r in csv.DictReader(open(path, encoding="utf-8")) if r["rule"]]
if not prefixes:
    for rule, n in sorted(collections.Counter(r["rule"] for r in rows).items()):
        print(f"{n:4d} {rule}")
for r in rows:
    if any(r["rule"].startswith(p) for p in prefixes):
        print(f"{r['rule']}: {r['head_text']} {r['relation']} {r['tail_text']} | {r['evidence']}")
PY
