#!/usr/bin/env python3
"""A tiny word-list sentiment scorer: an nlpipe `external` stage plugin (stdlib only).

Protocol (see docs/custom-stages.md): nlpipe starts this script once per worker and keeps it
running. For each document it writes one JSON line on stdin:
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

import json
import re
import sys

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
WORD = re.compile(rb"[A-Za-z][A-Za-z'-]*")


def score(text):
    """Sentiment annotations and fields for one text (offsets in UTF-8 bytes)."""
    data = text.encode("utf-8")
    annotations = []
    positive = negative = 0
    for match in WORD.finditer(data):
        word = match.group().decode("ascii").lower()
        if word in POSITIVE:
            label = "positive"
            positive += 1
        elif word in NEGATIVE:
            label = "negative"
            negative += 1
        else:
            continue
        annotations.append({"start": match.start(), "end": match.end(), "label": label})
    total = positive + negative
    value = 0.0 if total == 0 else round((positive - negative) / total, 4)
    label = "positive" if value > 0.2 else "negative" if value < -0.2 else "neutral"
    return {"sentiment": value, "sentiment_label": label}, annotations


def main():
    print("sentiment plugin ready", file=sys.stderr)
    for line in sys.stdin:
        request = json.loads(line)
        fields, annotations = score(request["text"])
        reply = {"id": request["id"], "fields": fields, "annotations": annotations}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
