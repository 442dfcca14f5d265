#!/usr/bin/env bash
# Article extraction, side by side on the shared dev pages (121 real pages): quality with the
# shared scorer and speed on this machine, for nlpipe's boilerplate stage (HTML parse with
# libxml2 + block scoring, one pass), trafilatura (default and precision mode), and a bare
# libxml2 HTML parse (the floor: parse and free, no text). Each speed is given as wall clock
# and as CPU time per page; the last line gives the ratios both ways.
#   bench/extraction-peers.sh [ROUNDS]     (default 10 rounds over the 121 pages)
# Installs trafilatura into a throwaway venv (VENV, default /tmp/nlpipe-peers-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-10}
root=$PWD
corpus=$root/../shared/corpora/article-extraction-dev
work=${WORK:-/tmp/nlpipe-extraction}
venv=${VENV:-/tmp/nlpipe-peers-venv}
mkdir -p "$work/html"
for file in "$corpus"/html/*.html.gz; do
  target="$work/html/$(basename "$file" .gz)"
  [ -s "$target" ] || gunzip -c "$file" >"$target"
done
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import trafilatura" 2>/dev/null || "$venv/bin/pip" install -q trafilatura lxml_html_clean
swift build -c release --product nlpipe >/dev/null
bin=$root/.build/release/nlpipe
score() { python3 "$root/../shared/tools/score_extraction.py" --gold "$corpus/gold" --pred "$1" --ids "$corpus/ids.txt" | tail -n 1; }

echo "== quality (score_extraction.py, 121 pages)"
rm -rf "$work/out" "$work/pred"
"$bin" run pipelines/eval-extraction.yaml --input "$work/html" --output "$work/out" --jobs 1 --quiet
python3 - "$work/out" "$work/pred" <<'PY'
import json, sys, pathlib
out, pred = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
pred.mkdir(parents=True, exist_ok=True)
for line in (out / "documents.jsonl").open(encoding="utf-8"):
    doc = json.loads(line)
    (pred / f"{doc['id'].removesuffix('.html')}.txt").write_text(doc.get("text") or "", encoding="utf-8")
PY
echo "nlpipe boilerplate:        $(score "$work/pred")"
for mode in default precision; do
  flag=""; [ $mode = precision ] && flag=--precision
  line=$("$venv/bin/python" bench/trafilatura_time.py "$work/html" "$work/pred-traf-$mode" "$rounds" $flag)
  echo "trafilatura ($mode): $(score "$work/pred-traf-$mode")"
  speeds+=("$line")
done

echo "== speed (release build, $rounds rounds over the pages, this machine: $(nproc) cores)"
for line in "${speeds[@]}"; do echo "$line"; done
gcc -O2 -o "$work/libxml2_parse" bench/libxml2_parse.c $(pkg-config --cflags --libs libxml-2.0)
libxml2_line=$("$work/libxml2_parse" "$rounds" "$work"/html/*.html)
echo "$libxml2_line"
pages=$(ls "$work"/html/*.html | wc -l)
# nlpipe over a folder holding every page ROUNDS times (hard links): real file reading,
# decoding, libxml2 parse, block scoring, and JSON-lines export, end to end.
many=$work/many
if [ "$(ls "$many" 2>/dev/null | wc -l)" -ne $((pages * rounds)) ]; then
  rm -rf "$many"; mkdir -p "$many"
  for r in $(seq 1 "$rounds"); do
    for f in "$work"/html/*.html; do ln "$f" "$many/$r-$(basename "$f")"; done
  done
fi
for jobs in 1 $(nproc); do
  rm -rf "$work/out-many"
  # The run's CPU time (user + system, every thread) from the kernel's rusage of the child.
  cpu=$(python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=sys.stderr)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime)' \
    "$bin" run pipelines/eval-extraction.yaml --input "$many" --output "$work/out-many" \
    --jobs "$jobs" --quiet)
  line=$(python3 - "$work/out-many/manifest.json" "$jobs" "$cpu" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
docs = m["documents"]["ok"] if isinstance(m.get("documents"), dict) else m.get("documents_ok")
stage = sum(s["seconds"] for s in m["stages"] if s["name"] == "boilerplate")
wall = m["wall_seconds"]
cpu = float(sys.argv[3])
print(f"nlpipe --jobs {sys.argv[2]}: {docs} pages in {wall:.2f} s wall = {1000 * wall / docs:.2f} ms/page "
      f"end to end (CPU {1000 * cpu / docs:.2f} ms/page, every thread); boilerplate stage "
      f"{1000 * stage / docs:.2f} ms/page of worker time")
PY
  )
  echo "$line"
  if [ "$jobs" = 1 ]; then nlpipe_line=$line; fi
done

# Ratios against trafilatura (default mode) and the bare parse, by wall clock and by CPU time
# (per core: on a shared machine the CPU figures are the steadier ones).
python3 - "${speeds[0]}" "$libxml2_line" "$nlpipe_line" <<'PY'
import re, sys
def times(line):
    wall = float(re.search(r"= ([0-9.]+) ms/page", line).group(1))
    cpu = float(re.search(r"CPU ([0-9.]+) ms/page", line).group(1))
    return wall, cpu
traf, bare, ours = (times(line) for line in sys.argv[1:4])
print(f"nlpipe end to end (1 job) vs trafilatura default: {traf[0] / ours[0]:.1f}x wall, "
      f"{traf[1] / ours[1]:.1f}x CPU; bare libxml2 parse time is {100 * bare[0] / ours[0]:.0f}% "
      f"(wall) / {100 * bare[1] / ours[1]:.0f}% (CPU) of nlpipe's")
PY
