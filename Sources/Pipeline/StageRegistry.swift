/// Thrown when two stages are registered under one name.
public struct DuplicateStageError: Error, CustomStringConvertible, Sendable {
  public var name: String
  public var description: String {
    "a stage named '\(name)' is already registered; choose another name for the new stage"
  }
}

/// What `nlpipe stages` prints for one stage.
public struct StageDescription: Sendable {
  public var name: String
  public var summary: String
  public var keys: [ConfigKey]
}

/// A stage whose config was read and whose contract is declared, not yet built: it can be
/// checked (``check(_:)``, what `validate` does) or built (``build(_:)``).
public struct DeclaredStage: Sendable {
  /// The stage's contract, from its config alone.
  public var contract: StageContract
  fileprivate var checker: @Sendable (StageContext) throws -> Void
  fileprivate var builder: @Sendable (StageContext) throws -> any Stage

  /// Checks that what the config names exists, without loading or starting anything.
  public func check(_ context: StageContext) throws { try checker(context) }

  /// Builds the stage (loads its models, starts its programs).
  public func build(_ context: StageContext) throws -> any Stage { try builder(context) }
}

/// The named stages a pipeline file can use. Built-in and user stages register the same way.
public struct StageRegistry: Sendable {
  /// Reads a stage's config and declares it (nothing is built).
  public typealias Declaration = @Sendable (inout ConfigReader) throws -> DeclaredStage

  private struct Entry: Sendable {
    var description: StageDescription
    var declare: Declaration
  }

  private var entries: [String: Entry] = [:]
  /// Stage names in registration order.
  public private(set) var names: [String] = []

  public init() {}

  /// Registers a stage type under its ``Stage/name``.
  public mutating func register<S: Stage>(_ type: S.Type) throws {
    guard entries[S.name] == nil else { throw DuplicateStageError(name: S.name) }
    var reader = ConfigReader.describing(S.name)
    _ = try? S.Config(reading: &reader)
    let description = StageDescription(name: S.name, summary: S.summary, keys: reader.keys)
    entries[S.name] = Entry(description: description) { reader in
      let config = try S.Config(reading: &reader)
      return DeclaredStage(
        contract: try S.contract(config),
        checker: { context in try S.check(config, context: context) },
        builder: { context in try S(config: config, context: context) })
    }
    names.append(S.name)
  }

  /// Whether a stage is registered under `name`.
  public func contains(_ name: String) -> Bool { entries[name] != nil }

  /// The documentation of every registered stage, in registration order.
  public var descriptions: [StageDescription] { names.compactMap { entries[$0]?.description } }

  /// How to declare a stage of this name from its config.
  public func declaration(for name: String) -> Declaration? { entries[name]?.declare }
}
