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
