#!/usr/bin/env bash
# Site-grouped cross-validation of the boilerplate stage's learned block classifier on both
# article-extraction dev sets, scored by the trainer (Swift port of the scorer) and again by
# ../shared/tools/score_extraction.py on the cross-validated texts.
#   eval/boilerplate-cv.sh [FOLDS]     (default 5; run from anywhere)
# It also retrains the model (to /tmp) and checks it is byte for byte the bundled one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
folds="${1:-5}"
corpora="$root/../shared/corpora"
work="${WORK:-/tmp/nlpipe-boilerplate-cv}"
rm -rf "$work" && mkdir -p "$work"
swift build -c release --product nlpipe --package-path "$root" >/dev/null
"$root/.build/release/nlpipe" train boilerplate \
  --corpus "$corpora/article-extraction-dev" --corpus "$corpora/readability-dev" \
  --folds "$folds" --cv-out "$work/cv" --out "$work/model.txt"
for set in article-extraction-dev readability-dev; do
  printf '%-24s scorer on CV texts: ' "$set"
  python3 "$corpora/../tools/score_extraction.py" --gold "$corpora/$set/gold" \
    --pred "$work/cv/$set" --ids "$corpora/$set/ids.txt" | tail -n 1
done
if [ "$folds" = 5 ]; then
  if cmp -s "$work/model.txt" "$root/Sources/Stages/Resources/boilerplate/model.txt"; then
    echo "retrained model: identical to the bundled one"
  else
    echo "retrained model: DIFFERS from the bundled one" >&2
    exit 1
  fi
fi
