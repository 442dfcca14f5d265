import Foundation
import Pipeline
import Stages

/// sentences -> entities -> relations, loaded together (each needs what the one before
/// provides, so they cannot be loaded one by one as `makeStage` does).
let stages: [any Stage] = {
  guard let registry = try? BuiltinStages.registry() else { return [] }
  let definition = try? PipelineLoader(registry: registry).load(
    yaml: "input: .\nstages:\n  - sentences: {}\n  - entities: {}\n  - relations: {open: true}\n",
    file: "fuzz.yaml",
    baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
  return definition?.stages.map(\.stage) ?? []
}()

/// Loads the stages before the first input (libFuzzer's leak check counts allocations made
/// while running an input, and the rule book's are made once and kept).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> Int32 {
  precondition(stages.count == 3, "the stages did not load")
  return 0
}

/// Any text through sentences, entities and relations: entities must lie in the text on
/// character boundaries, in order and apart; relations must name existing entities and
/// sentences, with evidence in the text and non-empty argument phrases.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  precondition(stages.count == 3, "the stages did not load")
  var document = Document(id: "fuzz", location: "fuzz", format: .text, source: text(data, size))
  for stage in stages {
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
