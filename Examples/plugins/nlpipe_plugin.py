"""Helpers for writing an nlpipe `external` stage in Python (standard library only).

Put this file next to your plugin script (Python finds a module in the script's own folder)
and write one function that fills in a document:

    import nlpipe_plugin

    def process(doc):
        for start, end, match in doc.find(r"\\w+ Inc\\.?"):   # byte offsets into doc.text
            doc.add_entity(start, end, "ORG", confidence=0.8)
        doc.set_field("shouting", doc.text.isupper())
        if not doc.text:
            raise nlpipe_plugin.DocumentFailed("empty text")  # fails this document only

    nlpipe_plugin.run(process)

`run` speaks the protocol of docs/custom-stages.md: it reads one JSON request line per
document from stdin, calls `process`, writes exactly one reply line and flushes, until stdin
ends. An exception in `process` becomes an `error` reply for that document (its traceback
goes to stderr, which nlpipe shows prefixed with `[external NAME]`), so one bad document does
not restart the plugin; the stage's `max_consecutive_failures` stops the run when every
document fails.

All offsets are UTF-8 byte offsets into the text, end exclusive, as nlpipe uses everywhere:
`doc.find(pattern)` gives regular-expression matches with byte offsets, `doc.byte_offset(i)`
converts a character index of `doc.text`, `doc.data` is the text's UTF-8, and
`doc.slice(start, end)` gives the text of a byte span back.
"""

import json
import re
import sys
import traceback


class DocumentFailed(Exception):
    """Raise in `process` to fail the current document with this message."""


class Document:
    """One request: the document as nlpipe sends it, plus what the plugin adds to the reply.

    Attributes from the request: `id`, `text`, `fields` (dict), `sentences` and `tokens`
    (lists of (start, end) byte spans), `entities` (list of dicts with start, end, label,
    canonical), `annotations` (dict: layer name -> list of dicts). Parts the stage's `send`
    leaves out are empty.
    """

    def __init__(self, request):
        self.id = request["id"]
        self.text = request.get("text", "")
        self.fields = request.get("fields") or {}
        self.sentences = [tuple(span) for span in request.get("sentences") or []]
        self.tokens = [tuple(span) for span in request.get("tokens") or []]
        self.entities = request.get("entities") or []
        self.annotations = request.get("annotations") or {}
        self._data = None
        self._offsets = None
        self._reply_fields = {}
        self._reply_annotations = []
        self._reply_entities = []

    @property
    def data(self):
        """The text's UTF-8 bytes (what every offset counts)."""
        if self._data is None:
            self._data = self.text.encode("utf-8")
        return self._data

    def slice(self, start, end):
        """The text between two byte offsets."""
        return self.data[start:end].decode("utf-8")

    def byte_offset(self, char_index):
        """The byte offset of a character index of `text` (0 <= char_index <= len(text))."""
        if self._offsets is None:
            offsets = [0] * (len(self.text) + 1)
            total = 0
            for index, char in enumerate(self.text):
                offsets[index] = total
                total += len(char.encode("utf-8"))
            offsets[len(self.text)] = total
            self._offsets = offsets
        return self._offsets[char_index]

    def find(self, pattern, flags=0):
        """Regular-expression matches over the text (str semantics: `\\w` is any letter),
        as (start, end, match) with start and end converted to byte offsets."""
        if isinstance(pattern, str):
            pattern = re.compile(pattern, flags)
        for match in pattern.finditer(self.text):
            yield self.byte_offset(match.start()), self.byte_offset(match.end()), match

    def set_field(self, name, value):
        """Sets a document field (declare it in the stage's `fields`)."""
        self._reply_fields[name] = value

    def annotate(self, start, end, label, layer=None, **attributes):
        """Adds a span to a custom layer (default: the stage's first `layers` entry)."""
        annotation = {"start": start, "end": end, "label": label}
        if layer is not None:
            annotation["layer"] = layer
        if attributes:
            annotation["attributes"] = {key: str(value) for key, value in attributes.items()}
        self._reply_annotations.append(annotation)

    def add_entity(self, start, end, label, canonical=None, confidence=None, **attributes):
        """Adds an entity (give the stage `provides: [entities]` if it is the first to)."""
        entity = {"start": start, "end": end, "label": label}
        if canonical is not None:
            entity["canonical"] = canonical
        if confidence is not None:
            entity["confidence"] = confidence
        if attributes:
            entity["attributes"] = {key: str(value) for key, value in attributes.items()}
        self._reply_entities.append(entity)

    def reply(self):
        """The reply object: the id and whatever was added."""
        reply = {"id": self.id}
        if self._reply_fields:
            reply["fields"] = self._reply_fields
        if self._reply_annotations:
            reply["annotations"] = self._reply_annotations
        if self._reply_entities:
            reply["entities"] = self._reply_entities
        return reply


def handle(line, process):
    """The reply line (without newline) for one request line."""
    request = json.loads(line)
    document = Document(request)
    try:
        process(document)
        reply = document.reply()
    except DocumentFailed as failure:
        reply = {"id": document.id, "error": str(failure) or "failed"}
    except Exception as error:  # a bug on one document fails that document only
        traceback.print_exc(file=sys.stderr)
        reply = {"id": document.id, "error": f"{type(error).__name__}: {error}"}
    return json.dumps(reply)


def run(process, stdin=None, stdout=None):
    """Serves requests until stdin ends: one reply line per request line, flushed."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(handle(line, process) + "\n")
        stdout.flush()
