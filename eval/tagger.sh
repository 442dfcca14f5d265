#!/usr/bin/env bash
# Dev figures of the tagger stage, and a check that the bundled model is reproducible:
#   1. `nlpipe train tagger` with the documented command: EWT dev 5-fold cross-validation
#      (UPOS, XPOS, lemma accuracy on gold tokens), CoNLL-2003 dev chunk F1 with predicted
#      POS; the model it writes must equal the bundled one byte for byte.
#   2. pipelines/eval-tagger.yaml on CoNLL-2003 dev documents; documents.conllu is loaded
#      with the Python `conllu` reader (a venv in $WORK) and checked against tokens.csv.
#   3. speed: tagger stage time per token with `nlpipe bench` (one job).
#   eval/tagger.sh      (release build; WORK=/tmp/nlpipe-tagger by default)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
swift build -c release --product nlpipe >/dev/null
bin=$root/.build/release/nlpipe
work=${WORK:-/tmp/nlpipe-tagger}
mkdir -p "$work"
corpora=$root/../shared/corpora
echo "== training (nlpipe train tagger --data ../shared/corpora/syntax --out tagger-en.bin --folds 5)"
"$bin" train tagger --data "$corpora/syntax" --out "$work/tagger-en.bin" --folds 5 2>&1 \
  | grep -v "epoch"
if cmp -s "$work/tagger-en.bin" Sources/Stages/Resources/tagger/tagger-en.bin; then
  echo "== retrained model equals the bundled tagger-en.bin byte for byte"
else
  echo "== MISMATCH: retrained model differs from the bundled tagger-en.bin"; exit 1
fi
echo "== pipeline run: pipelines/eval-tagger.yaml (CoNLL-2003 dev as documents)"
"$bin" run pipelines/eval-tagger.yaml --output "$work/run" --overwrite --quiet
if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv" && "$work/venv/bin/pip" install --quiet conllu
fi
"$work/venv/bin/python" - "$work/run" <<'PY'
import csv, sys, conllu
folder = sys.argv[1]
with open(f"{folder}/documents.conllu", encoding="utf-8") as f:
    sentences = conllu.parse(f.read())
tokens = list(csv.DictReader(open(f"{folder}/tokens.csv", encoding="utf-8")))
words = [t for s in sentences for t in s]
assert len(words) == len(tokens), (len(words), len(tokens))
def cell(text):
    # tokens.csv puts a ' before a text cell a spreadsheet would read as a formula
    # (=, +, -, @, tab, CR; see Sources/Pipeline/Export/CSVRow.swift): undo it.
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t", "\r") else text
for word, row in zip(words, tokens):
    assert word["form"] == cell(row["text"]) and word["upos"] == row["upos"], (word, row)
    assert word["xpos"] == cell(row["pos"]) and word["lemma"] == cell(row["lemma"]), (word, row)
    assert word["misc"]["TokenRange"] == f"{row['start']}:{row['end']}"
docs = {s.metadata["doc_id"] for s in sentences}
print(f"== documents.conllu loads with the conllu reader: {len(sentences)} sentences, "
      f"{len(words)} tokens, {len(docs)} documents; columns equal tokens.csv")
PY
tokens=$(($(wc -l <"$work/run/tokens.csv") - 1))
docs=$(wc -l <"$corpora/ner/conll2003_dev.jsonl")
echo "== speed: nlpipe bench pipelines/eval-tagger.yaml --docs $docs --jobs 1 ($tokens tokens)"
"$bin" bench pipelines/eval-tagger.yaml --docs "$docs" --jobs 1 | tee "$work/bench.txt"
seconds=$(tail -n 1 "$work/bench.txt" | tr ' \t' '\n\n' | sed -n 's/^tagger=//p')
python3 -c "print(f'== tagger stage: {$tokens / $seconds:,.0f} tokens/s on one job ({$seconds} s)')"
