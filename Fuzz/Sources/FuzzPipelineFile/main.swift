import Foundation
import Pipeline
import Stages

/// The `external` stage with its real config reader, but one that never starts a program: a
/// fuzzed pipeline file must not launch whatever command the mutator spelled.
struct InertExternalStage: Stage {
  typealias Config = ExternalConfig
  static let name = ExternalStage.name
  static let summary = ExternalStage.summary
  let config: Config

  init(config: Config, context: StageContext) throws { self.config = config }

  var requires: Set<Capability> { Set(config.requires.map { Capability($0) }) }
  var provides: Set<Capability> { Set(config.provides.map { Capability($0) }) }
  func process(_ document: inout Document) throws {}
}

/// Every built-in stage, `external` replaced by ``InertExternalStage``.
let registry: StageRegistry? = {
  var registry = StageRegistry()
  func add<S: Stage>(_ type: S.Type) throws { try registry.register(type) }
  do {
    for type in BuiltinStages.all where type.name != ExternalStage.name { try add(type) }
    try add(InertExternalStage.self)
  } catch {
    return nil
  }
  return registry
}()

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
