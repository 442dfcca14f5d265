#!/usr/bin/env bash
# Scores the `sentences` stage on the shared sentence corpora (golden rules, EWT dev).
#   eval/sentences.sh [debug|release] [scorer options, e.g. -v]   (default: release)
# Prints the scorer's summary lines and the stage's speed (characters per second of
# `sentences` stage time, one worker) on each input.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
swift build -c "$config" --product nlpipe >/dev/null
bin=".build/$config/nlpipe"
corpora="../shared/corpora/sentences"
for name in golden_rules_en ewt_dev; do
  out="out/eval-sentences-$name"
  "$bin" run pipelines/eval-sentences.yaml --input "$corpora/$name.jsonl" --output "$out" --overwrite \
    --jobs 1 >/dev/null
  echo "== $name"
  python3 ../shared/tools/score_sentences.py "$corpora/$name.jsonl" "$out/sentences.csv" \
    --offsets utf8 "${@:2}" | tail -n 3
  python3 eval/sentences_speed.py "$corpora/$name.jsonl" "$out/manifest.json"
done
