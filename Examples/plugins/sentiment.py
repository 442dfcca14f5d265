#!/usr/bin/env python3
"""A tiny word-list sentiment scorer: an nlpipe `external` stage plugin (stdlib only),
written with the helper module `nlpipe_plugin.py` next to it.

Protocol (see docs/custom-stages.md; nlpipe_plugin.run speaks it): nlpipe starts this script
once per worker and keeps it running. For each document it writes one JSON line on stdin:
    {"id": "...", "text": "...", "fields": {...}, "sentences": [[start, end], ...], ...}
and reads back one JSON line on stdout:
    {"id": "...", "fields": {"sentiment": 0.4, "sentiment_label": "positive"},
     "annotations": [{"start": 10, "end": 15, "label": "positive"}]}
Offsets are UTF-8 byte offsets into the text, end exclusive. Anything written to stderr shows
up in nlpipe's stderr prefixed with "[external sentiment]".

Pipeline use:
    - external:
        command: [python3, ../Examples/plugins/sentiment.py]
        fields: [sentiment, sentiment_label]
        layers: [sentiment]
"""

import re
import sys

import nlpipe_plugin  # the helper module next to this script

POSITIVE = {
    "good", "great", "excellent", "positive", "success", "successful", "win", "won", "gain",
    "gains", "growth", "improve", "improved", "strong", "stronger", "peace", "agreement",
    "support", "welcome", "welcomed", "praise", "praised", "benefit", "hope", "progress",
    "record", "rise", "rose", "best", "happy", "celebrate", "celebrated", "recovery", "stable",
}
NEGATIVE = {
    "bad", "poor", "negative", "fail", "failed", "failure", "loss", "losses", "lost", "crisis",
    "war", "attack", "attacks", "killed", "death", "deaths", "decline", "declined", "weak",
    "weaker", "fall", "fell", "drop", "dropped", "risk", "threat", "threats", "conflict",
    "criticism", "criticised", "criticized", "protest", "protests", "worst", "fear", "fears",
    "violence", "collapse", "sanctions", "accused", "corruption",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def process(doc):
    """Scores one document: a field for the whole text, an annotation per matched word."""
    positive = negative = 0
    for start, end, match in doc.find(WORD):
        word = match.group().lower()
        if word in POSITIVE:
            label = "positive"
            positive += 1
        elif word in NEGATIVE:
            label = "negative"
            negative += 1
        else:
            continue
        doc.annotate(start, end, label)
    total = positive + negative
    value = 0.0 if total == 0 else round((positive - negative) / total, 4)
    doc.set_field("sentiment", value)
    doc.set_field("sentiment_label", "positive" if value > 0.2 else "negative" if value < -0.2 else "neutral")


if __name__ == "__main__":
    print("sentiment plugin ready", file=sys.stderr)
    nlpipe_plugin.run(process)
