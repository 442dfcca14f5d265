#!/usr/bin/env bash
# Retrains the entities stage's name group classifier (keep, drop or retype each group of
# mentions of a name in a document) from the document-level news gold: half A of the
# news-relations dev set (the sorted ids at even positions; half B is never trained on) and
# eval/gold/news-c1, c2, d1, d2, e1, e2.json (texts from ../shared/corpora, as
# eval/news-extra.sh reads them; the held-out set F is never read), and all 946 CoNLL-2003
# train documents (never dev or test).
# Checks that it reproduces the bundled model byte for byte and prints the cross-validation
# report (5 folds grouped by document, document-level entity F1 per family, the gold relation
# arguments lost, and each family trained without it) that chose its margins and whether the
# stage uses it. About 13 s after the release build.
#   eval/entity-groups.sh [debug|release]   (default release)
# With OUT=PATH the retrained model is written there and not compared (retraining after a
# change to the stage: `OUT=Sources/Stages/Resources/entities/groups-en.tsv eval/entity-groups.sh`).
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
swift build -c "$config" --product nlpipe >/dev/null
bin=".build/$config/nlpipe"
work=${WORK:-/tmp/nlpipe-entity-groups}
mkdir -p "$work"
out=${OUT:-$work/groups-en.tsv}
"$bin" train entity-groups --news ../shared/corpora/news-relations-dev --half A \
  --gold eval/gold/news-c1.json --gold eval/gold/news-c2.json \
  --gold eval/gold/news-d1.json --gold eval/gold/news-d2.json \
  --gold eval/gold/news-e1.json --gold eval/gold/news-e2.json \
  --corpora ../shared/corpora \
  --conll ../shared/corpora/ner/conll2003_train.jsonl --conll-docs 0 \
  --out "$out"
if [ -n "${OUT:-}" ]; then exit 0; fi
if cmp -s "$out" Sources/Stages/Resources/entities/groups-en.tsv; then
  echo "reproduces Sources/Stages/Resources/entities/groups-en.tsv byte for byte"
else
  echo "differs from the bundled groups-en.tsv" >&2
  exit 1
fi
