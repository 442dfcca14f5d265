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

/// The named stages a pipeline file can use. Built-in and user stages register the same way.
public struct StageRegistry: Sendable {
  /// Builds a stage from its config reader.
  public typealias Factory = @Sendable (inout ConfigReader, StageContext) throws -> any Stage

  private struct Entry: Sendable {
    var description: StageDescription
    var make: Factory
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
    entries[S.name] = Entry(description: description) { reader, context in
      let config = try S.Config(reading: &reader)
      return try S(config: config, context: context)
    }
    names.append(S.name)
  }

  /// Whether a stage is registered under `name`.
  public func contains(_ name: String) -> Bool { entries[name] != nil }

  /// The documentation of every registered stage, in registration order.
  public var descriptions: [StageDescription] { names.compactMap { entries[$0]?.description } }

  /// The factory for a stage name.
  public func factory(for name: String) -> Factory? { entries[name]?.make }
}
