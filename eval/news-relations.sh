#!/usr/bin/env bash
# Entities and relations on the news-relations dev set (25 articles, document-level gold),
# scored for all articles and for two fixed halves, and relations on re3d dev by the same
# halves (named-only, --map seeds).
#   eval/news-relations.sh [debug|release]   (default release)
# Halves: the sorted document ids, A = even positions (0, 2, ...), B = odd positions. Rules
# are written by reading A's misses only; B is only scored (a held-back half). The last
# lines are `news all|A|B: ...` and `re3d A|B: ...`.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
corpus=../shared/corpora/news-relations-dev
re3d=../shared/corpora/relations/re3d_dev.jsonl
out=out/eval-news-relations
out3=out/eval-news-relations-re3d
work=${WORK:-/tmp/nlpipe-news-relations}
mkdir -p "$work"
swift build -c "$config" --product nlpipe >/dev/null
bin=".build/$config/nlpipe"
rm -rf "$out" "$out3"
"$bin" run pipelines/eval-relations.yaml --input "$corpus/texts" --output "$out" --quiet
"$bin" run pipelines/eval-relations.yaml --input "$re3d" --output "$out3" --quiet
eval/score-halves.sh "$out" "$out3" "$work"
# The pair classifier's cross-validation (from the bundled model's header; retrain and check
# it with eval/relations-classifier.sh).
grep '^# cv: ' Sources/Stages/Resources/relations/pairs-en.tsv | sed 's/^# cv: /pair classifier /'
