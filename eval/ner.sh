#!/usr/bin/env bash
# Scores the entities stage (sentences + entities pipeline) on CoNLL-2003 dev and, as an
# out-of-domain check, on the named entities of re3d dev; prints the seeds' entities.
#   eval/ner.sh [MODEL.bin]     (default: the bundled model; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
model=${1:-}
swift build -c release --product nlpipe >/dev/null
bin=$root/.build/release/nlpipe
work=${WORK:-/tmp/nlpipe-ner}
mkdir -p "$work"
pipeline() {  # pipeline file with the given first stages, then entities and export
  echo "name: eval-ner"
  echo "input: $root/seeds"
  echo "stages:"
  for stage in "$@"; do echo "  - $stage: {}"; done
  if [ -n "$model" ]; then echo "  - entities: {model: $(realpath "$model")}"; else echo "  - entities: {}"; fi
  echo "  - export: {formats: [csv, jsonl]}"
}
pipeline sentences >"$work/pipeline.yaml"
pipeline boilerplate sentences >"$work/seeds.yaml"
corpora=$root/../shared/corpora
scorer=$root/../shared/tools/score_ner.py
"$bin" run "$work/pipeline.yaml" --input "$corpora/ner/conll2003_dev.jsonl" --output "$work/conll" --overwrite --quiet
echo "== CoNLL-2003 dev, PER/ORG/LOC"
python3 "$scorer" "$corpora/ner/conll2003_dev.jsonl" "$work/conll/entities.csv" --offsets utf8 --map PERSON=PER --labels PER,ORG,LOC | tail -n 5
echo "== CoNLL-2003 dev, all four types: $(python3 "$scorer" "$corpora/ner/conll2003_dev.jsonl" "$work/conll/entities.csv" --offsets utf8 --map PERSON=PER --labels PER,ORG,LOC,MISC | tail -n 1)"
# The same sentences inside their documents (216 Reuters stories), as the stage runs in use.
python3 eval/conll_docs.py join "$corpora/ner/conll2003_dev.jsonl" "$work/conll-docs.jsonl"
"$bin" run "$work/pipeline.yaml" --input "$work/conll-docs.jsonl" --output "$work/conll-docs" --overwrite --quiet
python3 eval/conll_docs.py split "$corpora/ner/conll2003_dev.jsonl" "$work/conll-docs/entities.csv" "$work/conll-docs/by-sentence.csv"
echo "== CoNLL-2003 dev as documents, PER/ORG/LOC: $(python3 "$scorer" "$corpora/ner/conll2003_dev.jsonl" "$work/conll-docs/by-sentence.csv" --offsets utf8 --map PERSON=PER --labels PER,ORG,LOC | tail -n 1)"
echo "== CoNLL-2003 dev as documents, all four: $(python3 "$scorer" "$corpora/ner/conll2003_dev.jsonl" "$work/conll-docs/by-sentence.csv" --offsets utf8 --map PERSON=PER --labels PER,ORG,LOC,MISC | tail -n 1)"
python3 eval/re3d_ner_gold.py "$corpora/relations/re3d_dev.jsonl" "$work/re3d-gold.jsonl"
"$bin" run "$work/pipeline.yaml" --input "$corpora/relations/re3d_dev.jsonl" --output "$work/re3d" --overwrite --quiet
echo "== re3d dev named entities (lower bound: re3d names include titles), PER/ORG/LOC: $(python3 "$scorer" "$work/re3d-gold.jsonl" "$work/re3d/entities.csv" --gold-map re3d --offsets utf8 --map PERSON=PER --labels PER,ORG,LOC | tail -n 1)"
"$bin" run "$work/seeds.yaml" --output "$work/seeds" --overwrite --quiet
echo "== seeds article text (boilerplate stage): PERSON/ORG/LOC/MISC mentions (doc, text, label, source) -> $work/seeds-entities.txt"
python3 - "$work/seeds/entities.csv" >"$work/seeds-entities.txt" <<'PY'
import csv, sys
from collections import Counter
c = Counter()
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["label"] in ("PERSON", "ORG", "LOC", "MISC"):
        c[(r["doc_id"][:3], r["text"], r["label"], r["source"])] += 1
for k, v in sorted(c.items()):
    print("\t".join(k), v, sep="\t")
PY
wc -l <"$work/seeds-entities.txt"
