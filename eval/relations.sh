#!/usr/bin/env bash
# Relations on the re3d dev set: run the pipeline, convert, score.
#   eval/relations.sh [debug|release]   (default release)
# Prints the scorer's table; the last line is `F1 P R relations N`.
set -euo pipefail
cd "$(dirname "$0")/.."
config="${1:-release}"
gold=../shared/corpora/relations/re3d_dev.jsonl
out=out/eval-relations-re3d
swift build -c "$config" --product nlpipe >/dev/null
rm -rf "$out"
".build/$config/nlpipe" run pipelines/eval-relations.yaml --input "$gold" --output "$out"
# re3d annotates noun phrases ("the northwest province of Latakia"), so arguments are named
# by the phrase the stage exports with them (head_phrase / tail_phrase) where it has one.
python3 eval/relations_convert.py "$out" "$out/pred.jsonl" --phrases
echo "== official: --map seeds --named-only (types of the seeds schema), arguments named by their phrases"
python3 ../shared/tools/score_relations.py "$gold" "$out/pred.jsonl" --map seeds --named-only
echo "== the same with bare mention names (no phrases)"
python3 eval/relations_convert.py "$out" "$out/pred-names.jsonl"
python3 ../shared/tools/score_relations.py "$gold" "$out/pred-names.jsonl" --map seeds --named-only | tail -1
echo "== also scoring the fights type: --map seeds --map fights=FightingAgainst --named-only"
python3 eval/relations_convert.py "$out" "$out/pred-fights.jsonl" --with-fights --phrases
python3 ../shared/tools/score_relations.py "$gold" "$out/pred-fights.jsonl" --map seeds \
  --map fights=FightingAgainst --named-only | tail -1
python3 - "$out/manifest.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
stages = ", ".join(f"{s.get('name')} {s.get('seconds', 0):.3f}s" for s in m.get("stages", []))
print(f"wall {m.get('wall_seconds', 0):.3f}s; stages: {stages}")
PY
