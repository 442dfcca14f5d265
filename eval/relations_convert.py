#!/usr/bin/env python3
"""Convert an nlpipe export's relations.csv into score_relations.py predictions.

usage: relations_convert.py OUT_DIR PRED.jsonl [--with-open] [--with-fights] [--phrases]
                             [--names=text|canonical|linked|titled|role]

Writes one {"id", "relations": [{"head", "label", "tail"}]} line per document. Names
(--names, default titled):
  text       the mention text;
  canonical  the canonical column (gazetteer canonicals such as "ISIL" -> "Islamic State"
             name the entity in a form the document, and so the gold, may not use);
  linked     the canonical name when the document itself writes it (in-document
             co-reference, "Carter" -> "Ash Carter"), else the mention text;
  titled     the mention text with the title words written just before it ("Defense
             Secretary Ash Carter"), the way re3d names people;
  role       (default) for a person that heads a `role_in` relation to a state or
             nationality whose evidence ends with the mention ("Russian Foreign Minister
             Lavrov": state, role, name), that evidence; otherwise `titled`. Relation types that the
scorer's `--map seeds` schema has no label for are left out unless asked for: open triples
(`--with-open`) and `fights` (`--with-fights`, score with `--map fights=FightingAgainst`).
With --phrases, an argument that the stage exported with a noun phrase (the relation's
`head_phrase` / `tail_phrase` attribute: "the northwest province of Latakia", "ISIL
fighters") is named by that phrase, as re3d annotates phrases rather than bare names.
"""
import csv
import json
import sys
from collections import OrderedDict


# Title words that re3d includes in a person's name ("Russian Foreign Minister Lavrov").
TITLE_WORDS = set("""
president vice prime minister premier foreign defense defence secretary ambassador envoy
special advisor adviser king queen prince chancellor leader commander chief head spokesman
spokesperson general gen. lt. maj. brig. col. colonel lieutenant admiral senator governor
mayor chairman director deputy mr mr. mrs ms dr dr. officer minister spc. sgt. capt.
""".split())


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    names = "role"
    for a in sys.argv[1:]:
        if a.startswith("--names="):
            names = a.split("=", 1)[1]
    if names not in ("text", "canonical", "linked", "titled", "role"):
        sys.exit(__doc__)
    skip = set()
    if "--with-open" not in sys.argv:
        skip.add("open")
    if "--with-fights" not in sys.argv:
        skip.add("fights")
    if len(args) != 2:
        sys.exit(__doc__)
    out_dir, pred_path = args
    docs = OrderedDict()
    texts = {}
    with open(f"{out_dir}/documents.jsonl", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                docs[record["id"]] = []
                texts[record["id"]] = record.get("text", "")

    entities = {}
    with open(f"{out_dir}/entities.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            entities[(row["doc_id"], row["entity_id"])] = row

    def titled(row, side):
        entity = entities.get((row["doc_id"], row[f"{side}_id"]))
        text = row[f"{side}_text"]
        if entity is None or entity["label"] != "PERSON":
            return text
        before = texts[row["doc_id"]].encode("utf-8")[: int(entity["start"])]
        words = before.decode("utf-8", errors="ignore").rstrip(" ").split(" ")
        prefix = []
        for word in reversed(words):
            if word.lower() not in TITLE_WORDS:
                break
            prefix.insert(0, word)
        return " ".join(prefix + [text])

    # Mention names with their role phrase, from the role_in relations' evidence.
    role_names = {}
    with open(f"{out_dir}/relations.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            # A state's or nationality's role ("Russian Foreign Minister"), not an
            # organisation's ("Royal Jordanian Air Force lieutenant").
            if (row["relation"] == "role_in" and row["tail_label"] in ("LOC", "MISC")
                    and row["evidence"].endswith(row["head_text"])):
                role_names.setdefault((row["doc_id"], row["head_id"]), row["evidence"])

    def name(row, side):
        entity = entities.get((row["doc_id"], row[f"{side}_id"]))
        if "--phrases" in sys.argv and row.get("attributes"):
            phrase = json.loads(row["attributes"]).get(f"{side}_phrase")
            if phrase:
                return phrase
        if names == "role" and (row["doc_id"], row[f"{side}_id"]) in role_names:
            return role_names[(row["doc_id"], row[f"{side}_id"])]
        canonical = row.get(f"{side}_canonical") or ""
        if names == "canonical":
            return canonical or row[f"{side}_text"]
        if names in ("titled", "role"):
            return titled(row, side)
        if names == "linked" and canonical and canonical in texts.get(row["doc_id"], ""):
            return canonical
        return row[f"{side}_text"]

    with open(f"{out_dir}/relations.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["relation"] in skip:
                continue
            head = name(row, "head")
            tail = name(row, "tail")
            docs.setdefault(row["doc_id"], []).append(
                {"head": head, "label": row["relation"], "tail": tail})
    with open(pred_path, "w", encoding="utf-8") as f:
        for doc_id, relations in docs.items():
            f.write(json.dumps({"id": doc_id, "relations": relations}) + "\n")


if __name__ == "__main__":
    main()
