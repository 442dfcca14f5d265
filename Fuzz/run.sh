#!/usr/bin/env bash
# Builds the libFuzzer targets (-sanitize=fuzzer,address) and runs each for SECONDS
# (default 600), JOBS targets at a time (default: all cores). New crashes land in
# Fuzz/crashes/TARGET/; the corpus grows in Fuzz/corpus/TARGET/ (seeded from seeds/ and the
# test fixtures). Reproducers worth keeping are copied into Tests/PipelineTests/Fixtures/fuzz/
# and replayed by FuzzRegressionTests.
#   Fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCleanup FuzzBoilerplate FuzzSentences FuzzPipelineFile FuzzRuleFile FuzzDecoder)
# SwiftPM compiles everything; its link step fails (it aliases main to the target's own
# entry point, which a -parse-as-library fuzz target has not), so each target is linked here
# from its object list, letting libFuzzer's main call LLVMFuzzerTestOneInput.
bin=../.build-fuzz/x86_64-unknown-linux-gnu/release
for target in "${targets[@]}"; do
  swift build -c release --scratch-path ../.build-fuzz --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing \
    -Xcc -fsanitize=fuzzer-no-link,address >/dev/null 2>&1 || true
  list="$bin/$target.product/Objects.LinkFileList"
  [ -f "$list" ] || { echo "fuzz: $target did not compile; run swift build in Fuzz/ to see why" >&2; exit 1; }
  swiftc -sanitize=fuzzer,address -emit-executable -o "$bin/$target" @"$list" \
    $(pkg-config --libs libxml-2.0 zlib) -Xlinker '-rpath=$ORIGIN' 2>/dev/null
done
seed() {  # seed corpus for a target
  local dir=corpus/$1
  mkdir -p "$dir"
  case $1 in
    FuzzCleanup|FuzzBoilerplate)
      cp ../Tests/PipelineTests/Fixtures/hostile/*.xml ../Tests/PipelineTests/Fixtures/hostile/*.html "$dir/" 2>/dev/null || true
      cp ../seeds/*.txt "$dir/" ;;
    FuzzSentences|FuzzDecoder) cp ../seeds/*.txt ../Tests/PipelineTests/Fixtures/hostile/*.txt "$dir/" 2>/dev/null || true ;;
    FuzzPipelineFile) cp ../pipelines/*.yaml ../Tests/PipelineTests/Fixtures/broken/*.yaml "$dir/" ;;
    FuzzRuleFile) cp ../Sources/Stages/Resources/relations/*.yaml "$dir/" 2>/dev/null || true ;;
  esac
}
status=0
for target in "${targets[@]}"; do
  seed "$target"
  mkdir -p "crashes/$target"
  (
    "$bin/$target" "corpus/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
      -rss_limit_mb=2048 -artifact_prefix="crashes/$target/" -print_final_stats=1 \
      > "crashes/$target.log" 2>&1 \
      && echo "$target: no crash in ${seconds}s ($(grep -o 'stat::number_of_executed_units: [0-9]*' "crashes/$target.log" | awk '{print $2}') runs)" \
      || { echo "$target: FAILED, see Fuzz/crashes/$target.log"; exit 1; }
  ) &
  while [ "$(jobs -rp | wc -l)" -ge "${JOBS:-$(nproc)}" ]; do sleep 1; done
done
for job in $(jobs -p); do wait "$job" || status=1; done
exit $status
