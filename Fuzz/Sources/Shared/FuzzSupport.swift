import Foundation
import Pipeline
import Stages

/// Builds a built-in stage with its default config, once per fuzz process, through the
/// loader (so config reading is exactly that of a real pipeline file).
func makeStage(_ name: String, yaml: String = "{}") -> (any Stage)? {
  guard let registry = try? BuiltinStages.registry() else { return nil }
  let loader = PipelineLoader(registry: registry)
  let definition = try? loader.load(
    yaml: "input: .\nstages:\n  - \(name): \(yaml)\n", file: "fuzz.yaml",
    baseDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
  return definition?.stages.first?.stage
}

/// The fuzz input as a string, invalid UTF-8 repaired (the reader does the same).
func text(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
  String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// What the cleanup and boilerplate stages promise about blocks: content blocks are non-empty,
/// in text order, do not overlap and lie in the text; source ranges lie in the source.
func checkBlocks(_ document: Document) {
  let textCount = document.text.utf8.count
  let sourceCount = document.source.utf8.count
  var previous = 0
  for block in document.blocks {
    precondition(block.start <= block.end && block.end <= textCount)
    precondition(block.start >= previous)
    if block.isContent {
      precondition(block.start < block.end)
      previous = block.end
    }
    if let start = block.sourceStart, let end = block.sourceEnd {
      precondition(0 <= start && start <= end && end <= sourceCount)
    } else {
      precondition(block.sourceStart == nil && block.sourceEnd == nil)
    }
  }
}
