#!/usr/bin/env python3
"""Why gold relations of news-relations dev half A are missed (half B is held back: this
script reads only half A, the sorted ids at even positions, as eval/news-relations.sh).

For every missed gold relation it says whether an argument is no exported entity (the
entities stage's miss), whether both are entities but never in one sentence (cross-sentence),
or both are in one sentence (the relations stage's miss), and prints the sentence(s). Names
match as score_documents.py matches them (its normalisation, the gold alias groups).

usage: news_relations_diagnose.py OUT_DIR GOLD.json [--all]   (OUT_DIR: an export of
       pipelines/eval-relations.yaml over the dev texts, e.g. out/eval-news-relations)
--all reads every document of GOLD (for the sets that are not held back, C1 and C2 of
eval/news-extra.sh: `news_relations_diagnose.py out/eval-news-extra eval/gold/news-c2.json
--all`) and also lists the spurious relations (predicted, in neither the gold nor its
optional relations).
"""
import collections
import csv
import importlib.util
import json
import pathlib
import sys

here = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location(
    "score", here.parent.parent / "shared" / "tools" / "score_documents.py")
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
norm = score.norm
SYMMETRIC = {"met_with", "fights"}


def rows(path, half):
    return [r for r in csv.DictReader(open(path, encoding="utf-8")) if r["doc_id"] in half]


def main():
    out, gold_path = sys.argv[1:3]
    every = "--all" in sys.argv[3:]
    gold = json.load(open(gold_path, encoding="utf-8"))["docs"]
    half = set(gold) if every else set(sorted(gold)[0::2])
    entities, sentences, relations = (collections.defaultdict(list) for _ in range(3))
    for r in rows(f"{out}/entities.csv", half):
        entities[r["doc_id"]].append(r)
    for r in rows(f"{out}/sentences.csv", half):
        sentences[r["doc_id"]].append(r)
    for r in rows(f"{out}/relations.csv", half):
        relations[r["doc_id"]].append(r)
    causes = collections.Counter()
    for doc in sorted(half):
        g = gold[doc]
        text = {s["sentence_id"]: s["text"].replace("\n", " ") for s in sentences[doc]}

        def aliases(name):
            found = {norm(name)}
            for groups in g["entities"].values():
                for group in groups:
                    if norm(name) in {norm(x) for x in group}:
                        found |= {norm(x) for x in group}
            return found

        def mentions(name):
            names = aliases(name)
            return [e for e in entities[doc] if {norm(e["canonical"]), norm(e["text"])} & names]

        def predicted(rel):
            head, tail = aliases(rel[0]), aliases(rel[2])
            for p in relations[doc]:
                if p["relation"] != rel[1]:
                    continue
                h = {norm(p["head_canonical"]), norm(p["head_text"])}
                t = {norm(p["tail_canonical"]), norm(p["tail_text"])}
                if (h & head and t & tail) or (rel[1] in SYMMETRIC and h & tail and t & head):
                    return True
            return False

        for rel in g["relations"]:
            if predicted(rel):
                causes["found", rel[1]] += 1
                continue
            heads, tails = mentions(rel[0]), mentions(rel[2])
            if not heads or not tails:
                cause = "argument not an entity"
            else:
                shared = {e["sentence_id"] for e in heads} & {e["sentence_id"] for e in tails}
                cause = "same sentence" if shared else "cross-sentence"
            causes[cause, rel[1]] += 1
            print(f"{cause}: {doc[:12]} {rel}")
            for e in (heads + tails)[:1] if cause != "same sentence" else []:
                print(f"    {text.get(e['sentence_id'], '')[:300]}")
            if cause == "same sentence":
                shared_ids = sorted(shared, key=int)[:2]
                labels = sorted({(e["text"], e["label"]) for e in heads + tails})
                print(f"    entities {labels}")
                for s in shared_ids:
                    print(f"    {text[s][:300]}")
        if not every:
            continue
        known = [tuple(r[:3]) for r in g["relations"] + g.get("optional_relations", [])]
        for p in relations[doc]:
            h = {norm(p["head_canonical"]), norm(p["head_text"])}
            t = {norm(p["tail_canonical"]), norm(p["tail_text"])}
            if any(rel == p["relation"] and ((h & aliases(a) and t & aliases(b))
                   or (rel in SYMMETRIC and h & aliases(b) and t & aliases(a)))
                   for a, rel, b in known):
                continue
            causes["spurious", p["relation"]] += 1
            print(f"spurious: {doc[:12]} {p['head_text']!r} {p['relation']} {p['tail_text']!r}"
                  f" ({p.get('rule', '')})")
            print(f"    {text.get(p['sentence_id'], '')[:300]}")
    print()
    totals = collections.Counter()
    for (cause, label), n in sorted(causes.items()):
        print(f"{cause:24} {label:12} {n}")
        totals[cause] += n
    print(", ".join(f"{cause} {n}" for cause, n in sorted(totals.items())))


if __name__ == "__main__":
    main()
