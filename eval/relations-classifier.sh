#!/usr/bin/env bash
# Retrains the relations stage's pair classifier from the dev sets (half A of each: the
# sorted ids at even positions; half B is never trained on) and checks that it reproduces the
# bundled model byte for byte; prints the cross-validation report (5 folds, grouped by
# document) that chose how it joins the rules.
#   eval/relations-classifier.sh [debug|release]   (default release)
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
swift build -c "$config" --product nlpipe >/dev/null
bin=".build/$config/nlpipe"
work=${WORK:-/tmp/nlpipe-relations-classifier}
mkdir -p "$work"
"$bin" train relations --news ../shared/corpora/news-relations-dev \
  --re3d ../shared/corpora/relations/re3d_dev.jsonl --half A --out "$work/pairs-en.tsv"
if cmp -s "$work/pairs-en.tsv" Sources/Stages/Resources/relations/pairs-en.tsv; then
  echo "reproduces Sources/Stages/Resources/relations/pairs-en.tsv byte for byte"
else
  echo "differs from the bundled pairs-en.tsv" >&2
  exit 1
fi
