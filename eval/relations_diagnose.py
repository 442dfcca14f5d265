#!/usr/bin/env python3
"""Why gold re3d relations are missed: for every gold triple (--named-only view, labels the
seeds map reaches), says whether nlpipe tagged a mention of the head and of the tail (any
alias, scorer's normalisation), in the same sentence, and whether a relation joined them.

usage: relations_diagnose.py GOLD.jsonl OUT_DIR PRED.jsonl
"""
import csv
import importlib.util
import json
import pathlib
import sys
from collections import Counter

here = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location(
    "score", here.parent.parent / "shared" / "tools" / "score_relations.py")
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
norm = score.norm
SEEDS = {"met_with": "CommWith", "visited": "CoLocated", "located_in": "CoLocated",
         "role_in": "BelongsTo", "member_of": "BelongsTo", "leader_of": "InChargeOf",
         "embassy_in": "CoLocated"}
OK = {"Person", "Organisation", "Location", "Nationality"}


def main():
    gold_path, out, pred_path = sys.argv[1:4]
    entities, sentences = {}, {}
    for row in csv.DictReader(open(f"{out}/entities.csv", encoding="utf-8")):
        entities.setdefault(row["doc_id"], []).append(row)
    preds = {}
    for line in open(pred_path, encoding="utf-8"):
        rec = json.loads(line)
        preds[rec["id"]] = {(norm(r["head"]), SEEDS.get(r["label"], r["label"]), norm(r["tail"]))
                            for r in rec["relations"]}
    causes = Counter()
    for line in open(gold_path, encoding="utf-8"):
        doc = json.loads(line)
        ents = {e["id"]: e for e in doc["entities"]}
        tagged = {}
        for row in entities.get(doc["id"], []):
            tagged.setdefault(norm(row["text"]), set()).add(row["sentence_id"])
        for rel in doc["relations"]:
            h, t = ents[rel["head_id"]], ents[rel["tail_id"]]
            if not (h["named"] and t["named"] and h["type"] in OK and t["type"] in OK):
                continue
            if rel["label"] not in SEEDS.values():
                continue
            hs = set().union(*[tagged.get(norm(a), set()) for a in h["aliases"]])
            ts = set().union(*[tagged.get(norm(a), set()) for a in t["aliases"]])
            found = any((norm(a), rel["label"], norm(b)) in preds.get(doc["id"], set())
                        or (norm(b), rel["label"], norm(a)) in preds.get(doc["id"], set())
                        for a in h["aliases"] for b in t["aliases"])
            if found:
                cause = "found"
            elif not hs and not ts:
                cause = "neither entity tagged"
            elif not hs:
                cause = "head not tagged"
            elif not ts:
                cause = "tail not tagged"
            elif not hs & ts:
                cause = "not in one sentence"
            else:
                cause = "no rule"
            causes[cause] += 1
            print(f"{cause:22} {rel['label']:11} {h['aliases']} -> {t['aliases']}")
    print(dict(causes))


if __name__ == "__main__":
    main()
