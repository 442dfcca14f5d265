import Pipeline

/// Encodes the request line sent to a plugin for one document (see `docs/custom-stages.md`):
///
/// ```json
/// {"id": "a", "text": "...", "fields": {}, "sentences": [[0, 12]], "tokens": [[0, 5]],
///  "entities": [{"start": 0, "end": 5, "label": "PERSON", "canonical": "..."}],
///  "annotations": {"layer": [{"start": 0, "end": 5, "label": "x", "attributes": {}}]}}
/// ```
///
/// Offsets are UTF-8 byte offsets into `text`, end exclusive (Unicode scalar offsets with
/// `offsets: chars`). The line ends with `\n`, and
/// strings never contain a raw newline (JSON escapes it).
public enum PluginRequest {
  /// Optional parts of a request (`id` and `text` are always sent).
  public enum Part: String, Sendable, CaseIterable {
    case fields, sentences, tokens, entities, annotations
  }

  /// The request line for a document, newline included.
  static func encode(_ document: Document, parts: Set<Part>, scalars: ScalarOffsets? = nil)
    -> [UInt8]
  {
    func offset(_ byte: Int) -> Int { scalars?.scalar(ofByte: byte) ?? byte }
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("id", document.id)
    writer.field("text", document.text)
    if parts.contains(.fields) {
      writer.key("fields")
      writer.value(.object(document.fields))
    }
    if parts.contains(.sentences) {
      spans(document.sentences, "sentences", &writer, offset: offset)
    }
    if parts.contains(.tokens) { spans(document.tokens, "tokens", &writer, offset: offset) }
    if parts.contains(.entities) {
      writer.key("entities")
      writer.beginArray()
      for entity in document.entities {
        writer.beginObject()
        writer.field("start", offset(entity.start))
        writer.field("end", offset(entity.end))
        writer.field("label", entity.label)
        writer.field("canonical", entity.canonical ?? document.slice(entity))
        writer.endObject()
      }
      writer.endArray()
    }
    if parts.contains(.annotations) {
      writer.key("annotations")
      writer.beginObject()
      for layer in document.annotations.keys.sorted() {
        writer.key(layer)
        writer.beginArray()
        for annotation in document.annotations[layer] ?? [] {
          writer.beginObject()
          writer.field("start", offset(annotation.start))
          writer.field("end", offset(annotation.end))
          writer.field("label", annotation.label)
          writer.key("attributes")
          writer.object(annotation.attributes)
          writer.endObject()
        }
        writer.endArray()
      }
      writer.endObject()
    }
    writer.endObject()
    return writer.bytes + [0x0A]
  }

  private static func spans(
    _ spans: [some TextSpan], _ key: String, _ writer: inout JSONWriter,
    offset: (Int) -> Int
  ) {
    writer.key(key)
    writer.beginArray()
    for span in spans {
      writer.beginArray()
      writer.int(offset(span.start))
      writer.int(offset(span.end))
      writer.endArray()
    }
    writer.endArray()
  }
}
