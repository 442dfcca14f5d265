import Pipeline

let stages = [
  makeStage("sentences"), makeStage("entities"), makeStage("relations", yaml: "{open: true}"),
]

/// Any text through sentences, entities and relations: entities must lie in the text on
/// character boundaries, in order and apart; relations must name existing entities and
/// sentences, with evidence in the text and non-empty argument phrases.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let loaded = stages.compactMap { $0 }
  guard loaded.count == stages.count else { return 0 }
  var document = Document(id: "fuzz", location: "fuzz", format: .text, source: text(data, size))
  for stage in loaded {
    guard (try? stage.process(&document)) != nil else { return 0 }
  }
  let bytes = Array(document.text.utf8)
  func boundary(_ offset: Int) -> Bool { offset == bytes.count || bytes[offset] & 0xC0 != 0x80 }
  var previous = 0
  for entity in document.entities {
    precondition(entity.start >= previous && entity.start < entity.end)
    precondition(entity.end <= bytes.count && boundary(entity.start) && boundary(entity.end))
    previous = entity.end
  }
  for relation in document.relations {
    precondition(relation.head >= 0 && relation.head < document.entities.count)
    precondition(relation.tail >= 0 && relation.tail < document.entities.count)
    precondition(relation.head != relation.tail)
    precondition(relation.sentence >= 0 && relation.sentence < document.sentences.count)
    if let start = relation.evidenceStart, let end = relation.evidenceEnd {
      precondition(0 <= start && start < end && end <= bytes.count)
    }
    for key in ["head_phrase", "tail_phrase"] {
      if let phrase = relation.attributes[key] { precondition(!phrase.isEmpty) }
    }
  }
  return 0
}
