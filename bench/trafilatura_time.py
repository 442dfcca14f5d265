#!/usr/bin/env python3
"""Times trafilatura on the HTML pages in a folder, one core, N rounds (wall clock and this
process's CPU time over the extraction loop, imports excluded), and writes its
extractions (for scoring) into PRED_DIR.  usage: trafilatura_time.py HTML_DIR PRED_DIR ROUNDS [--precision]"""
import pathlib
import sys
import time

import trafilatura

html_dir, pred_dir, rounds = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
precision = "--precision" in sys.argv
pred_dir.mkdir(parents=True, exist_ok=True)
pages = sorted(html_dir.glob("*.html"))
data = [(p, p.read_bytes()) for p in pages]
start = time.perf_counter()
cpu_start = time.process_time()
for r in range(rounds):
    for path, raw in data:
        text = trafilatura.extract(raw, favor_precision=precision) or ""
        if r == 0:
            (pred_dir / (path.name.removesuffix(".html") + ".txt")).write_text(text, encoding="utf-8")
seconds = time.perf_counter() - start
cpu = time.process_time() - cpu_start
mode = "precision" if precision else "default"
print(f"trafilatura {trafilatura.__version__} ({mode}): {len(data)} pages x {rounds} rounds "
      f"in {seconds:.2f} s = {1000 * seconds / (len(data) * rounds):.2f} ms/page "
      f"(CPU {1000 * cpu / (len(data) * rounds):.2f} ms/page)")
