#!/usr/bin/env python3
"""re3d dev as NER gold (out-of-domain check of the entities stage): every mention of a
*named* Person, Organisation, Location or Nationality entity becomes [start, end, TYPE].
re3d mentions often include titles and descriptions ("Foreign Office Minister Tobias
Ellwood"), so scores against it are a lower bound; use it to compare versions.

usage: re3d_ner_gold.py re3d_dev.jsonl OUT.jsonl
score: score_ner.py OUT.jsonl entities.csv --gold-map re3d --map PERSON=PER --offsets utf8 --labels PER,ORG,LOC
"""
import json
import sys

KEEP = {"Person", "Organisation", "Location", "Nationality"}
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in open(sys.argv[1], encoding="utf-8"):
        doc = json.loads(line)
        spans = sorted({(s, e, ent["type"]) for ent in doc["entities"]
                        if ent["named"] and ent["type"] in KEEP for s, e in ent["mentions"]})
        out.write(json.dumps({"id": doc["id"], "text": doc["text"],
                              "entities": [list(x) for x in spans]}) + "\n")
