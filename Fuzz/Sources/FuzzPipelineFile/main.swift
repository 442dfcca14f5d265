import Foundation
import Pipeline
import Stages

let registry = try? BuiltinStages.registry()

/// Any bytes as a pipeline file: a located error or a pipeline, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard let registry else { return 0 }
  let loader = PipelineLoader(registry: registry)
  do {
    _ = try loader.load(
      yaml: text(data, size), file: "fuzz.yaml", baseDirectory: URL(fileURLWithPath: "/tmp"))
  } catch {
    precondition(!error.message.isEmpty)
  }
  return 0
}
