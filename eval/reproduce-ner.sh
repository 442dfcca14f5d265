#!/usr/bin/env bash
# Retrains the bundled entity model (Sources/Stages/Resources/entities/ner-en.bin) with the
# command of Sources/Stages/Resources/entities/README.md and compares it byte for byte.
#   eval/reproduce-ner.sh [NLPIPE_BINARY]
# The self-training step labels unlabelled news with the entities stage itself (model and
# rules), so the file depends on the stage's rules at training time: the bundled model was
# trained by the code of commit 042b85a (stop 28). Without an argument the script checks that
# commit out in a temporary worktree, builds it (release, about 10 minutes on 2 cores) and trains
# with it; with one, it trains with the given binary (for instance stop 28's release package).
# With the current code the same command writes another model (measured in
# docs/news-relations.md, "Stop 30: the bundled entity model and its training command").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
commit=042b85a
work=${WORK:-/tmp/nlpipe-reproduce-ner}
mkdir -p "$work"
if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  tree="$work/tree"
  if [ ! -d "$tree" ]; then git worktree add --detach "$tree" "$commit" >/dev/null; fi
  (cd "$tree" && swift build -c release --product nlpipe >/dev/null)
  bin="$tree/.build/release/nlpipe"
fi
corpora=$root/../shared/corpora
"$bin" train ner \
  --train "$corpora/ner/conll2003_train.jsonl" \
  --dev "$corpora/ner/conll2003_dev.jsonl" \
  --epochs 20 --patience 4 --seed 1 --bits 19 \
  --lexicon "$corpora/sentences/ewt_dev.jsonl" \
  --lexicon "$corpora/article-extraction-dev/gold" \
  --lexicon-exclude "$corpora/news-relations-dev/texts" \
  --self-train "$corpora/article-extraction-dev/gold" \
  --self-train "$corpora/readability-dev/gold" \
  --self-train-exclude "$corpora/news-relations-dev/texts" \
  --out "$work/ner-en.bin" >"$work/train.log" 2>&1
tail -n 1 "$work/train.log"
if cmp -s "$work/ner-en.bin" Sources/Stages/Resources/entities/ner-en.bin; then
  echo "reproduces Sources/Stages/Resources/entities/ner-en.bin byte for byte"
else
  echo "differs from the bundled ner-en.bin" >&2
  exit 1
fi
