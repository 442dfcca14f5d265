import ArgumentParser
import Foundation
import Pipeline
import Stages

/// The `nlpipe` command line, reusable from a user's own executable.
///
/// `nlpipe` itself is `CLI.main()`. A package that adds its own stages runs the very same
/// commands (`run`, `validate`, `stages`, ...) with them registered next to the built-ins:
///
/// ```swift
/// import NLPipeCLI
/// CLI.main(adding: [KeywordStage.self])
/// ```
public enum CLI {
  /// Stage types registered on top of the built-ins for this process's commands.
  @TaskLocal static var extraStages: [any Stage.Type] = []

  /// Parses the process arguments and runs the command; exits the process.
  public static func main(adding stages: [any Stage.Type] = []) -> Never {
    $extraStages.withValue(stages) {
      NLPipeCommand.main()
    }
    exit(0)
  }

  /// The built-in stages plus the extra ones; a duplicate name is an error.
  public static func registry() throws -> StageRegistry {
    var registry = try BuiltinStages.registry()
    for type in extraStages { try register(type, in: &registry) }
    if TestStages.enabled { try registry.register(TestTrapStage.self) }
    return registry
  }

  private static func register<S: Stage>(_ type: S.Type, in registry: inout StageRegistry)
    throws
  {
    try registry.register(type)
  }
}
