#!/usr/bin/env bash
# The training command of the bundled entity model (Sources/Stages/Resources/entities/README.md),
# optionally with one family's document-level gold left out (a leave-one-family-out model for
# the name group classifier's cross-fitting, eval/entity-groups.sh), or one fold of the
# CoNLL-2003 train documents left out (K/N: `--train-fold K/N`, every news gold kept).
#   eval/train-ner.sh NLPIPE_BINARY OUT.bin [A|C|D|E|F|K/N]
# A: half A of the news-relations dev set (--gold-even); C, D, E, F: eval/gold/news-X*.json.
# The log is written next to OUT (OUT.log). Used by eval/reproduce-ner.sh (no family left out).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=$(realpath "$1")
out=$2
leave=${3:-}
fold=()
case "$leave" in
  "" | A | C | D | E | F) ;;
  [0-9]*/[0-9]*) fold=(--train-fold "$leave") ;;
  *) echo "unknown family $leave (A, C, D, E, F or a CoNLL fold K/N)" >&2; exit 2 ;;
esac
corpora=$root/../shared/corpora
gold=$root/eval/gold
golds=()
[ "$leave" != A ] && golds+=(--gold-even "$corpora/news-relations-dev/gold.json")
for family in c d e f; do
  [ "$family" = "$(echo "$leave" | tr A-Z a-z)" ] && continue
  for file in "$gold"/news-"$family"[0-9].json; do golds+=(--gold "$file"); done
done
"$bin" train ner \
  --train "$corpora/ner/conll2003_train.jsonl" ${fold[@]+"${fold[@]}"} \
  --dev "$corpora/ner/conll2003_dev.jsonl" \
  --epochs 20 --patience 4 --seed 2 --bits 19 \
  --lexicon "$corpora/sentences/ewt_dev.jsonl" \
  --lexicon "$corpora/article-extraction-dev/gold" \
  --lexicon-exclude "$corpora/news-relations-dev/texts" \
  --self-train "$corpora/article-extraction-dev/gold" \
  --self-train "$corpora/readability-dev/gold" \
  --self-train-exclude "$corpora/news-relations-dev/texts" \
  "${golds[@]}" \
  --gold-text "article-=$corpora/article-extraction-dev/gold" \
  --gold-text "readability-=$corpora/readability-dev/gold" \
  --gold-text "=$corpora/news-relations-dev/texts" \
  --gold-unnamed unlabelled --gold-ordinary \
  --out "$out" >"$out.log" 2>&1
