#!/usr/bin/env bash
# Builds a release nlpipe with the Swift runtime linked in (--static-swift-stdlib) and packs
# it with its resource bundle and the shared libraries it still links (libxml2, ICU, zlib,
# liblzma, libstdc++) into .portable/nlpipe-portable.tar.xz, for machines without Swift.
# Unpack anywhere and run: LD_LIBRARY_PATH=DIR/lib DIR/bin/nlpipe ...
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product nlpipe --scratch-path .build-static >/dev/null
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib" .portable
cp .build-static/release/nlpipe "$stage/bin/"
strip "$stage/bin/nlpipe" 2>/dev/null || true
cp -r .build-static/release/nlpipe_Stages.resources "$stage/bin/"
ldd .build-static/release/nlpipe | awk '/=>/ {print $3}' \
  | grep -Ev '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*)\.so' \
  | while read -r lib; do cp -L "$lib" "$stage/lib/"; done
tar -C "$stage" -cJf .portable/nlpipe-portable.tar.xz bin lib
ls -la .portable/nlpipe-portable.tar.xz
