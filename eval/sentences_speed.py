#!/usr/bin/env python3
"""Characters per second of the `sentences` stage from a run's manifest.json.

    python3 eval/sentences_speed.py INPUT.jsonl out/DIR/manifest.json
"""
import json
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    chars = 0
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                chars += len(json.loads(line).get("text", ""))
    with open(sys.argv[2], encoding="utf-8") as f:
        manifest = json.load(f)
    for stage in manifest.get("stages", []):
        if stage.get("name") == "sentences":
            seconds = stage.get("seconds") or 0
            rate = chars / seconds / 1e6 if seconds else float("inf")
            print(f"speed: {chars} chars in {seconds:.4f} s of sentences stage = {rate:.1f} M chars/s")


if __name__ == "__main__":
    main()
