#!/usr/bin/env bash
# Builds the libFuzzer targets (-sanitize=fuzzer,address) and runs each for SECONDS
# (default 600), JOBS targets at a time (default: all cores; the build uses JOBS jobs too). New
# crashes land in Fuzz/crashes/TARGET/, the fuzzer's log in Fuzz/crashes/TARGET.log, the build's
# in Fuzz/crashes/TARGET.build.log; the corpus grows in Fuzz/corpus/TARGET/ (seeded from seeds/,
# the test fixtures and Tests/PipelineTests/Fixtures/fuzz/TARGET/). Reproducers worth keeping
# are copied into Tests/PipelineTests/Fixtures/fuzz/TARGET/ and replayed by FuzzRegressionTests.
#   Fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCleanup FuzzBoilerplate FuzzSentences FuzzPipelineFile FuzzRuleFile FuzzDecoder FuzzExtraction FuzzExport FuzzMergeResume FuzzJSON FuzzGzip)
# SwiftPM compiles everything; its link step fails (it aliases main to the target's own
# entry point, which a -parse-as-library fuzz target has not), so each target is linked here
# from its object list, letting libFuzzer's main call LLVMFuzzerTestOneInput.
bin=../.build-fuzz/x86_64-unknown-linux-gnu/release
mkdir -p crashes
for target in "${targets[@]}"; do
  swift build -c release --scratch-path ../.build-fuzz --product "$target" -j "${JOBS:-$(nproc)}" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing \
    -Xcc -fsanitize=fuzzer-no-link,address >"crashes/$target.build.log" 2>&1 || true
  list="$bin/$target.product/Objects.LinkFileList"
  # A compile error leaves the previous object list behind: never link stale objects.
  if grep -qE '\.(swift|c|h):[0-9]+:[0-9]+: error:' "crashes/$target.build.log" || [ ! -f "$list" ]; then
    echo "fuzz: $target did not compile; see Fuzz/crashes/$target.build.log" >&2
    exit 1
  fi
  swiftc -sanitize=fuzzer,address -emit-executable -o "$bin/$target" @"$list" \
    $(pkg-config --libs libxml-2.0 zlib) -Xlinker '-rpath=$ORIGIN' >>"crashes/$target.build.log" 2>&1 \
    || { echo "fuzz: $target did not link; see Fuzz/crashes/$target.build.log" >&2; exit 1; }
done
# FuzzCleanup and FuzzBoilerplate read their first byte as the format (cleanup: even HTML, odd
# XML; boilerplate: even text, odd HTML), so each seed file gets that byte in front.
prefixed() {  # prefixed HEXBYTE DIR FILE...
  local byte=$1 dir=$2
  shift 2
  for file in "$@"; do
    [ -f "$file" ] && { printf "\\x$byte"; cat "$file"; } > "$dir/$byte-$(basename "$file")"
  done
  return 0
}
seed() {  # seed corpus for a target (plus its regression fixtures)
  local dir=corpus/$1 hostile=../Tests/PipelineTests/Fixtures/hostile
  mkdir -p "$dir"
  case $1 in
    FuzzCleanup)
      prefixed 00 "$dir" "$hostile"/*.html ../seeds/*.txt
      prefixed 01 "$dir" "$hostile"/*.xml ;;
    FuzzBoilerplate)
      prefixed 00 "$dir" ../seeds/*.txt
      prefixed 01 "$dir" "$hostile"/*.html "$hostile"/*.xml ;;
    FuzzSentences|FuzzDecoder|FuzzExtraction|FuzzGzip) cp ../seeds/*.txt "$hostile"/*.txt "$dir/" 2>/dev/null || true ;;
    FuzzJSON)  # one JSON line a file
      for file in ../Tests/PipelineTests/Fixtures/{entities/tiny,hostile/broken-lines}.jsonl; do
        split -l 1 -a 4 "$file" "$dir/$(basename "$file" .jsonl)-"
      done ;;
    FuzzPipelineFile) cp ../pipelines/*.yaml ../Tests/PipelineTests/Fixtures/broken/*.yaml "$dir/" ;;
    FuzzRuleFile) cp ../Sources/Stages/Resources/relations/*.yaml "$dir/" 2>/dev/null || true ;;
    # JSON-lines inputs; FuzzMergeResume reads its first byte as the shard count.
    FuzzExport|FuzzMergeResume)
      # Plus one large input: the fixtures' lines repeated to about 600 KB.
      for _ in $(seq 120); do cat ../Tests/PipelineTests/Fixtures/*/*.jsonl; done \
        | head -c 600000 > "$dir/large.jsonl.tmp" || true  # cat stops on a closed pipe
      if [ "$1" = FuzzExport ]; then
        cp ../Tests/PipelineTests/Fixtures/*/*.jsonl "$dir/"
        mv "$dir/large.jsonl.tmp" "$dir/large.jsonl"
      else
        prefixed 02 "$dir" ../Tests/PipelineTests/Fixtures/*/*.jsonl "$dir/large.jsonl.tmp"
        rm "$dir/large.jsonl.tmp"
      fi ;;
  esac
  cp ../Tests/PipelineTests/Fixtures/fuzz/"$1"/* "$dir/" 2>/dev/null || true
}
status=0
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "crashes/$target"
  # FuzzExtraction keeps a rule book loaded once; LeakSanitizer cannot see the pointers Swift
  # packs into enum payloads there and reports that memory as leaked, so its leak check is off
  # (FuzzRuleFile checks the rule parser for leaks per input).
  # FuzzExport and FuzzMergeResume run whole pipelines (threads, Foundation's caches): leak
  # checking is off there too. They take inputs up to 1 MiB (large documents and many lines).
  # len_control=0 tries long inputs from the start (few runs a second there, so it would not
  # grow to them in a short session); a 1 MiB input through whole runs under ASan takes seconds.
  leaks=1
  maxlen=65536
  timeout=10
  extra=()
  case $target in
    FuzzExtraction) leaks=0 ;;
    FuzzExport|FuzzMergeResume) leaks=0; maxlen=1048576; timeout=120; extra=(-len_control=0) ;;
  esac
  (
    ASAN_OPTIONS="detect_leaks=$leaks" "$bin/$target" "corpus/$target" -max_total_time="$seconds" -max_len="$maxlen" "${extra[@]}" -timeout="$timeout" \
      -detect_leaks="$leaks" \
      -rss_limit_mb=2048 -artifact_prefix="crashes/$target/" -print_final_stats=1 \
      > "crashes/$target.log" 2>&1 \
      && echo "$target: no crash in ${seconds}s ($(grep -o 'stat::number_of_executed_units: [0-9]*' "crashes/$target.log" | awk '{print $2}') runs)" \
      || { echo "$target: FAILED, see Fuzz/crashes/$target.log"; exit 1; }
  ) &
  while [ "$(jobs -rp | wc -l)" -ge "${JOBS:-$(nproc)}" ]; do sleep 1; done
done
for job in $(jobs -p); do wait "$job" || status=1; done
exit $status
