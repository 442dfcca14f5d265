#!/usr/bin/env bash
# Trains an entity model with the README's command (the news-relations dev texts left out of the
# lexicon and of the self-training text; seed 1 is the bundled model), plus extra options for
# several seeds and
# scores each on news-relations dev (entity and relation F1, halves A/B as in
# eval/news-relations.sh), re3d dev relations (named-only, halves) and CoNLL-2003 dev /
# re3d named entities (eval/ner.sh). Retraining moves the dev figures by itself (seed luck),
# so compare options by their mean over the same seeds, with and without the options.
#   eval/ner-variant.sh NAME "SEEDS" [nlpipe train ner options...]
#   e.g. eval/ner-variant.sh base "1 2 3"
#        eval/ner-variant.sh classes "1 2 3" --clusters-text ../shared/corpora/article-extraction-dev/gold \
#          --clusters-text ../shared/corpora/readability-dev/gold \
#          --clusters-text ../shared/corpora/sentences/ewt_dev.jsonl \
#          --clusters-exclude ../shared/corpora/news-relations-dev/texts
# Models and outputs go to $WORK (default /tmp/nlpipe-ner-variant/NAME-sSEED).
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
seeds=$2
shift 2
corpora=../shared/corpora
news=$corpora/news-relations-dev
re3d=$corpora/relations/re3d_dev.jsonl
swift build -c release --product nlpipe >/dev/null
bin=.build/release/nlpipe
for seed in $seeds; do
  work=${WORK:-/tmp/nlpipe-ner-variant}/$name-s$seed
  mkdir -p "$work"
  "$bin" train ner --train $corpora/ner/conll2003_train.jsonl --dev $corpora/ner/conll2003_dev.jsonl \
    --epochs 20 --patience 4 --seed "$seed" --bits 19 --lexicon $corpora/sentences/ewt_dev.jsonl \
    --lexicon $corpora/article-extraction-dev/gold --lexicon-exclude "$news/texts" \
    --self-train $corpora/article-extraction-dev/gold --self-train $corpora/readability-dev/gold \
    --self-train-exclude "$news/texts" "$@" --out "$work/model.bin" 2>"$work/train.log"
  echo "== $name seed $seed: $(grep 'saved model, dev PER' "$work/train.log")"
  "$bin" run pipelines/eval-relations.yaml --input "$news/texts" --output "$work/news" --quiet \
    --overwrite --set entities.model="$(realpath "$work/model.bin")"
  "$bin" run pipelines/eval-relations.yaml --input "$re3d" --output "$work/re3d" --quiet \
    --overwrite --set entities.model="$(realpath "$work/model.bin")"
  eval/score-halves.sh "$work/news" "$work/re3d" "$work"
  WORK="$work/ner" eval/ner.sh "$work/model.bin" | grep -E '^ALL|^== (CoNLL|re3d)'
done
