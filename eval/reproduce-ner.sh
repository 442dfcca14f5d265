#!/usr/bin/env bash
# Retrains the bundled entity model (Sources/Stages/Resources/entities/ner-en.bin) with the
# command of Sources/Stages/Resources/entities/README.md and compares it byte for byte.
#   eval/reproduce-ner.sh [NLPIPE_BINARY]
# The self-training step labels unlabelled news with the entities stage itself (model and
# rules, the name group classifier off since stop 34: the model never depends on
# groups-en.tsv), so the file depends on the stage's rules at training time: the bundled model was
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
# The README command (eval/train-ner.sh, no family left out).
bash eval/train-ner.sh "$bin" "$work/ner-en.bin"
mv "$work/ner-en.bin.log" "$work/train.log"
tail -n 1 "$work/train.log"
if cmp -s "$work/ner-en.bin" Sources/Stages/Resources/entities/ner-en.bin; then
  echo "reproduces Sources/Stages/Resources/entities/ner-en.bin byte for byte"
else
  echo "differs from the bundled ner-en.bin" >&2
  exit 1
fi
