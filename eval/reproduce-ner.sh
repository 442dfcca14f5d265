#!/usr/bin/env bash
# Retrains the bundled entity model (Sources/Stages/Resources/entities/ner-en.bin) with the
# command of Sources/Stages/Resources/entities/README.md and compares it byte for byte.
#   eval/reproduce-ner.sh [NLPIPE_BINARY]
# The self-training step labels unlabelled news with the entities stage itself (model and
# rules), so the file depends on the stage's rules at training time: the bundled model was
# trained by the code of stop 33 (branch ner33). Without an argument the script builds the
# current tree (release) and trains with it; with one, it trains with the given binary. A later
# change of the stage's rules that changes the self-training sentences makes the command write
# another model (the README says which code trained the file; stop 28's model was reproduced
# by commit 042b85a: `git worktree add /tmp/t 042b85a`, build there and pass its binary with
# stop 28's command, docs/news-relations.md, "Stop 30: the bundled entity model").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${WORK:-/tmp/nlpipe-reproduce-ner}
mkdir -p "$work"
if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  swift build -c release --product nlpipe >/dev/null
  bin="$root/.build/release/nlpipe"
fi
corpora=$root/../shared/corpora
gold=$root/eval/gold
"$bin" train ner \
  --train "$corpora/ner/conll2003_train.jsonl" \
  --dev "$corpora/ner/conll2003_dev.jsonl" \
  --epochs 20 --patience 4 --seed 3 --bits 19 \
  --lexicon "$corpora/sentences/ewt_dev.jsonl" \
  --lexicon "$corpora/article-extraction-dev/gold" \
  --lexicon-exclude "$corpora/news-relations-dev/texts" \
  --self-train "$corpora/article-extraction-dev/gold" \
  --self-train "$corpora/readability-dev/gold" \
  --self-train-exclude "$corpora/news-relations-dev/texts" \
  --gold-even "$corpora/news-relations-dev/gold.json" \
  --gold "$gold/news-c1.json" --gold "$gold/news-c2.json" \
  --gold "$gold/news-d1.json" --gold "$gold/news-d2.json" \
  --gold "$gold/news-e1.json" --gold "$gold/news-e2.json" \
  --gold "$gold/news-f1.json" --gold "$gold/news-f2.json" --gold "$gold/news-f3.json" \
  --gold "$gold/news-f4.json" --gold "$gold/news-f5.json" --gold "$gold/news-f6.json" \
  --gold-text "article-=$corpora/article-extraction-dev/gold" \
  --gold-text "readability-=$corpora/readability-dev/gold" \
  --gold-text "=$corpora/news-relations-dev/texts" \
  --gold-unnamed unlabelled --gold-ordinary \
  --out "$work/ner-en.bin" >"$work/train.log" 2>&1
tail -n 1 "$work/train.log"
if cmp -s "$work/ner-en.bin" Sources/Stages/Resources/entities/ner-en.bin; then
  echo "reproduces Sources/Stages/Resources/entities/ner-en.bin byte for byte"
else
  echo "differs from the bundled ner-en.bin" >&2
  exit 1
fi
