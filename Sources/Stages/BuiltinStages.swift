import Export
import Pipeline

/// The built-in stages. Adding a stage: write its type in one file, add it to this list.
public enum BuiltinStages {
  /// Every built-in stage type, in pipeline order (the order `nlpipe stages` lists them).
  public static let all: [any Stage.Type] = [
    CleanupStage.self,
    BoilerplateStage.self,
    SentencesStage.self,
    TaggerStage.self,
    EntitiesStage.self,
    RelationsStage.self,
    ExternalStage.self,
    BuiltinExportStage.self,
  ]

  /// A registry holding every built-in stage.
  public static func registry() throws -> StageRegistry {
    var registry = StageRegistry()
    for type in all { try register(type, in: &registry) }
    return registry
  }

  private static func register<S: Stage>(_ type: S.Type, in registry: inout StageRegistry) throws {
    try registry.register(type)
  }
}
