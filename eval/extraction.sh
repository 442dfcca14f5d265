#!/usr/bin/env bash
# Scores the boilerplate stage on ../shared/corpora/article-extraction-dev.
# Usage: eval/extraction.sh [release|debug] [jobs]   (run from the repository root)
# Prints the scorer's line (F1 P R ...) and per-page timings from manifest.json.
set -euo pipefail
config="${1:-release}"
jobs="${2:-1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${CORPUS:-$root/../shared/corpora/article-extraction-dev}"
work="${WORK:-/tmp/nlpipe-extraction}"
mkdir -p "$work/html" "$work/pred"
for file in "$corpus"/html/*.html.gz; do
  target="$work/html/$(basename "$file" .gz)"
  [ -s "$target" ] || gunzip -c "$file" > "$target"
done
swift build -c "$config" --package-path "$root" >/dev/null
out="$work/out"
rm -rf "$out" "$work/pred"
mkdir -p "$work/pred"
"$root/.build/$config/nlpipe" run "$root/pipelines/eval-extraction.yaml" \
  --input "$work/html" --output "$out" --jobs "$jobs" >/dev/null
python3 - "$out" "$work/pred" <<'PY'
import json, sys, pathlib
out, pred = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for line in (out / "documents.jsonl").open(encoding="utf-8"):
    doc = json.loads(line)
    (pred / f"{doc['id'].removesuffix('.html')}.txt").write_text(doc.get("text") or "", encoding="utf-8")
manifest = json.loads((out / "manifest.json").read_text())
print(json.dumps({k: v for k, v in manifest.items() if "second" in k or "stage" in k or "timing" in k}, indent=None)[:600])
PY
python3 "$corpus/../../tools/score_extraction.py" --gold "$corpus/gold" --pred "$work/pred" \
  --ids "$corpus/ids.txt" ${VERBOSE:+-v} | tail -n "${TAIL:-1}"
