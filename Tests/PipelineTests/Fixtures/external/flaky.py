#!/usr/bin/env python3
"""Test plugin for the `external` stage: answers well, except on documents whose text holds
a marker, where it misbehaves in one way each:

CRASH     raises (the process exits with a traceback on stderr)
HANG      sleeps forever (the stage's timeout must kill it)
GARBAGE   prints a line that is not JSON
WRONGID   replies with another document's id
TWOLINES  prints two reply lines for one request
SPLIT     returns an annotation whose end splits a UTF-8 character
UNDECLARED sets a field the stage does not declare
REFUSE    replies {"error": ...} (a plugin-reported failure; no restart needed)
EXITAFTER replies well, then exits (the next document must get a fresh process)

Otherwise it replies with fields `length` (UTF-8 bytes) and `pid`, one annotation over the
first word, and one entity over the last word. Each request is logged on stderr.
"""

import json
import os
import sys
import time


def reply(request):
    text = request["text"]
    data = text.encode("utf-8")
    words = data.split()
    first = data.find(words[0]) if words else 0
    first_end = first + (len(words[0]) if words else 0)
    last = data.rfind(words[-1]) if words else 0
    last_end = last + (len(words[-1]) if words else 0)
    return {
        "id": request["id"],
        "fields": {"length": len(data), "pid": os.getpid()},
        "annotations": [{"start": first, "end": first_end, "label": "first", "attributes": {"n": 1}}],
        "entities": [{"start": last, "end": last_end, "label": "LAST", "confidence": 0.5}],
    }


def main():
    for line in sys.stdin:
        request = json.loads(line)
        text = request["text"]
        print("got " + request["id"], file=sys.stderr, flush=True)
        if "CRASH" in text:
            raise ValueError("boom on " + request["id"])
        if "HANG" in text:
            time.sleep(3600)
        if "GARBAGE" in text:
            print("this is not json", flush=True)
            continue
        answer = reply(request)
        if "WRONGID" in text:
            answer["id"] = "someone-else"
        if "SPLIT" in text:
            position = text.encode("utf-8").find("é".encode("utf-8"))
            answer["annotations"] = [{"start": 0, "end": position + 1, "label": "bad"}]
        if "UNDECLARED" in text:
            answer["fields"]["surprise"] = True
        if "REFUSE" in text:
            answer = {"id": request["id"], "error": "refused by the plugin"}
        out = json.dumps(answer) + "\n"
        if "TWOLINES" in text:
            out = out + out
        sys.stdout.write(out)
        sys.stdout.flush()
        if "EXITAFTER" in text:
            sys.exit(0)


if __name__ == "__main__":
    main()
