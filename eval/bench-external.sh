#!/usr/bin/env bash
# Throughput of the `external` stage: the example sentiment plugin (Python) over the CoNLL-2003
# training sentences (14,041 short documents, one JSON line each), with 1 and 2 jobs, against
# the same pipeline without the plugin. Needs the release build (swift build -c release).
# Usage: eval/bench-external.sh [INPUT.jsonl]
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-../shared/corpora/ner/conll2003_train.jsonl}
bin=.build/release/nlpipe
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/baseline.yaml" <<YAML
name: baseline
input: {path: .}
stages:
  - export: {formats: [csv, jsonl]}
YAML
for jobs in 1 2; do
  $bin run "$out/baseline.yaml" --input "$input" --output "$out/base$jobs" --jobs "$jobs" --quiet
  $bin run Examples/plugins/sentiment.yaml --input "$input" --output "$out/sent$jobs" --jobs "$jobs" \
    --quiet 2>/dev/null
  python3 - "$out" "$jobs" <<'PY'
import json, sys
out, jobs = sys.argv[1], sys.argv[2]
for name in ("base", "sent"):
    m = json.load(open(f"{out}/{name}{jobs}/manifest.json"))
    print(f"jobs {jobs} {'without plugin' if name == 'base' else 'sentiment.py '}: "
          f"{m['documents']['ok']} ok, {m['documents']['failed']} failed, "
          f"{m['wall_seconds']:.2f} s, {m['docs_per_second']:.0f} docs/s")
PY
done
