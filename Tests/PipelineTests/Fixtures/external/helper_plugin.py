"""A test plugin written with Examples/plugins/nlpipe_plugin.py (on PYTHONPATH)."""

import nlpipe_plugin


def process(doc):
    if "bad" in doc.text:
        raise nlpipe_plugin.DocumentFailed("bad document " + doc.id)
    if "bug" in doc.text:
        raise ValueError("a bug in the plugin")
    doc.set_field("length", len(doc.data))
    first = next(doc.find(r"\w+"), None)
    if first is not None:
        start, end, _ = first
        doc.add_entity(start, end, "FIRST", confidence=0.5, kind="word")
    # A character index converted to bytes: the last character of the text.
    if doc.text:
        end = doc.byte_offset(len(doc.text))
        start = doc.byte_offset(len(doc.text) - 1)
        doc.annotate(start, end, "last", note=doc.slice(start, end))


nlpipe_plugin.run(process)
