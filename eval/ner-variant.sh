#!/usr/bin/env bash
# Trains an entity model with the README's command, the news-relations dev texts left out of the
# lexicon (--lexicon-exclude), plus extra options for several seeds and
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
tools=../shared/tools
swift build -c release --product nlpipe >/dev/null
bin=.build/release/nlpipe
for seed in $seeds; do
  work=${WORK:-/tmp/nlpipe-ner-variant}/$name-s$seed
  mkdir -p "$work"
  "$bin" train ner --train $corpora/ner/conll2003_train.jsonl --dev $corpora/ner/conll2003_dev.jsonl \
    --epochs 20 --patience 4 --seed "$seed" --bits 19 --lexicon $corpora/sentences/ewt_dev.jsonl \
    --lexicon $corpora/article-extraction-dev/gold --lexicon-exclude "$news/texts" "$@" --out "$work/model.bin" 2>"$work/train.log"
  echo "== $name seed $seed: $(grep 'saved model, dev PER' "$work/train.log")"
  "$bin" run pipelines/eval-relations.yaml --input "$news/texts" --output "$work/news" --quiet \
    --overwrite --set entities.model="$(realpath "$work/model.bin")"
  "$bin" run pipelines/eval-relations.yaml --input "$re3d" --output "$work/re3d" --quiet \
    --overwrite --set entities.model="$(realpath "$work/model.bin")"
  python3 - "$news/gold.json" "$re3d" "$work" <<'PY'
import json, sys
gold, re3d, work = sys.argv[1:]
g = json.load(open(gold))
ids = sorted(g["docs"])
for half, keep in (("A", ids[0::2]), ("B", ids[1::2])):
    json.dump({"docs": {k: g["docs"][k] for k in keep}}, open(f"{work}/news-{half}.json", "w"))
lines = [l for l in open(re3d, encoding="utf-8") if l.strip()]
docs = sorted(lines, key=lambda l: json.loads(l)["id"])
for half, keep in (("A", docs[0::2]), ("B", docs[1::2])):
    open(f"{work}/re3d-{half}.jsonl", "w", encoding="utf-8").writelines(keep)
PY
  python3 eval/relations_convert.py "$work/re3d" "$work/re3d-pred.jsonl" --phrases
  echo "news all: $(python3 $tools/score_documents.py --out "$work/news" --gold "$news/gold.json" | tail -n 1)"
  for half in A B; do
    echo "news $half:   $(python3 $tools/score_documents.py --out "$work/news" --gold "$work/news-$half.json" | tail -n 1)"
  done
  for half in A B; do
    python3 - "$work/re3d-$half.jsonl" "$work/re3d-pred.jsonl" "$work/re3d-pred-$half.jsonl" <<'PY'
import json, sys
ids = {json.loads(l)["id"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()}
with open(sys.argv[3], "w", encoding="utf-8") as f:
    for l in open(sys.argv[2], encoding="utf-8"):
        if l.strip() and json.loads(l)["id"] in ids:
            f.write(l)
PY
    echo "re3d $half named-only: $(python3 $tools/score_relations.py "$work/re3d-$half.jsonl" \
      "$work/re3d-pred-$half.jsonl" --map seeds --named-only | tail -n 1)"
  done
  WORK="$work/ner" eval/ner.sh "$work/model.bin" | grep -E '^ALL|^== (CoNLL|re3d)'
done
