#!/usr/bin/env bash
# Runs the Spark example on local[2] (both the adapter and the plain RDD.pipe mode) and checks
# that its output equals a plain `nlpipe run --stdout` over the same documents (compared as
# sorted JSON lines; the "source" field names the partition's stdin line, so it is left out).
# Installs pyspark into a throwaway venv (SPARK_VENV, default /tmp/nlpipe-spark-venv).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${SPARK_VENV:-/tmp/nlpipe-spark-venv}
if ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pyspark==4.3.0
fi
command -v java >/dev/null || { echo "spark example: java is required" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The binary to ship: NLPIPE_BIN, else the release tarball's (scripts/release, which
# scripts/test runs first: Swift runtime linked in, libraries in lib/ beside it), else the
# debug build.
bin=${NLPIPE_BIN:-}
if [ -z "$bin" ]; then
  tarball=$(ls .release/nlpipe-*.tar.gz 2>/dev/null | head -1 || true)
  if [ -n "$tarball" ]; then
    tar -C "$work" -xzf "$tarball"
    bin=$(ls -d "$work"/nlpipe-*/nlpipe | head -1)
  else
    bin=.build/debug/nlpipe
  fi
fi
[ -x "$bin" ] || swift build --product nlpipe >/dev/null
echo "spark example: shipping $bin"
python3 - "$work/corpus.jsonl" <<'PY'
import glob, json, sys
docs = [(p.rsplit("/", 1)[-1][:-4], open(p, encoding="utf-8").read()) for p in sorted(glob.glob("seeds/*.txt"))]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for copy in range(40):
        for name, text in docs:
            out.write(json.dumps({"id": f"{name}-{copy}", "text": text}) + "\n")
    out.write("{this line is broken\n")
PY
"$bin" run pipelines/news.yaml --stdin --stdout --quiet < "$work/corpus.jsonl" > "$work/plain.jsonl"
for mode in adapter pipe; do
  "$venv/bin/python" Examples/spark/nlpipe_spark.py --master 'local[2]' --mode "$mode" \
    --binary "$bin" --pipeline pipelines/news.yaml \
    --input "$work/corpus.jsonl" --output "$work/spark-$mode" --partitions 4 2> "$work/spark-$mode.log" \
    || { tail -30 "$work/spark-$mode.log"; exit 1; }
  python3 - "$work/plain.jsonl" "$work/spark-$mode" "$mode" <<'PY'
import glob, json, re, sys
def load(lines):
    out = []
    for line in lines:
        record = json.loads(line)
        record.pop("source", None)
        if "error" in record:
            # A broken line is named after its line on stdin, which depends on the partition.
            record.pop("id", None)
            record["error"]["message"] = re.sub(r"^line \d+: ", "", record["error"]["message"])
        out.append(json.dumps(record, sort_keys=True))
    return sorted(out)
plain = load(open(sys.argv[1], encoding="utf-8"))
parts = sorted(glob.glob(sys.argv[2] + "/part-*"))
spark = load(line for part in parts for line in open(part, encoding="utf-8") if line.strip())
errors = sum('"error"' in r for r in spark)
if plain != spark:
    print(f"spark ({sys.argv[3]}): {len(spark)} lines differ from plain nlpipe ({len(plain)})", file=sys.stderr)
    sys.exit(1)
print(f"spark ({sys.argv[3]}): {len(spark)} documents over {len(parts)} partitions equal a plain run ({errors} error records)")
PY
done
# A failing nlpipe must fail the job (checkCode=True / the adapter's exit check), not vanish.
printf 'name: broken\ninput: x\nstages:\n  - no-such-stage\n' > "$work/broken.yaml"
for mode in adapter pipe; do
  if "$venv/bin/python" Examples/spark/nlpipe_spark.py --master 'local[2]' --mode "$mode" \
    --binary "$bin" --pipeline "$work/broken.yaml" \
    --input "$work/corpus.jsonl" --output "$work/broken-$mode" --partitions 2 2> "$work/broken-$mode.log"; then
    echo "spark ($mode): a failing nlpipe did not fail the job" >&2
    exit 1
  fi
  echo "spark ($mode): a failing nlpipe fails the job, as it should"
done
