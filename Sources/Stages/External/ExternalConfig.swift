import Foundation
import Pipeline

/// The settings of an ``ExternalStage``, as written in a pipeline file:
///
/// ```yaml
/// - external: {command: ["python3", "stages/sentiment.py"], timeout: 30, fields: [sentiment]}
/// ```
public struct ExternalConfig: StageConfig {
  /// The program and its arguments (run without a shell, found on `PATH`).
  public var command: [String]
  /// The plugin's name: prefix of its stderr lines and of its errors, entity origin.
  public var name: String
  /// Seconds a plugin may take to answer one document before it is killed and restarted.
  public var timeout: Double
  /// Extra seconds a new process has for its first reply (start-up: imports, models).
  public var startupTimeout: Double
  /// Document fields the plugin may set (exported as `documents.csv` columns).
  public var fields: [String]
  /// Annotation layers the plugin may fill (exported to `annotations.csv`).
  public var layers: [String]
  /// Capabilities that earlier stages must provide.
  public var requires: [String]
  /// Capabilities the plugin adds (e.g. `entities` when it returns entities).
  public var provides: [String]
  /// Which document parts go into each request, besides `id` and `text`.
  public var send: Set<PluginRequest.Part>
  /// Extra environment variables (`NAME=value`), on top of nlpipe's own environment.
  public var environment: [(name: String, value: String)]
  /// The plugin's working directory, relative to the pipeline file's folder.
  public var directory: String
  /// What the plugin's offsets count: UTF-8 bytes or Unicode scalars (converted).
  public var offsets: OffsetUnit
  /// Failed documents in a row that stop the run (0: never).
  public var maxConsecutiveFailures: Int

  public init(reading reader: inout ConfigReader) throws {
    command = try reader.requiredStrings(
      "command", help: "program and arguments, e.g. [python3, stages/sentiment.py]")
    let explicitName = try reader.string(
      "name", default: "",
      help: "plugin name for stderr prefixes, errors and entity origins (default: script file name)"
    )
    timeout = try reader.double(
      "timeout", default: 30, in: 0.01...86_400,
      help: "seconds to wait for the reply to one document before killing and restarting the plugin"
    )
    startupTimeout = try reader.double(
      "startup_timeout", default: 30, in: 0...86_400,
      help: "extra seconds a newly started plugin has for its first reply (loading models)")
    fields = try reader.strings(
      "fields", default: [], help: "document fields the plugin sets (documents.csv columns)")
    layers = try reader.strings(
      "layers", default: [],
      help: "annotation layers the plugin fills (annotations.csv); the first is the default layer")
    requires = try reader.strings(
      "requires", default: [Capability.cleanText.name],
      help: "capabilities earlier stages must provide (clean-text, sentences, tokens, entities...)")
    provides = try reader.strings(
      "provides", default: [], help: "capabilities the plugin adds (e.g. entities)")
    let parts = try reader.strings(
      "send", default: PluginRequest.Part.allCases.map(\.rawValue),
      choices: PluginRequest.Part.allCases.map(\.rawValue),
      help: "document parts sent with each request besides id and text")
    send = Set(parts.compactMap(PluginRequest.Part.init(rawValue:)))
    let variables = try reader.strings(
      "env", default: [], help: "extra environment variables for the plugin, as NAME=value")
    environment = []
    for variable in variables {
      guard let equals = variable.firstIndex(of: "="), equals != variable.startIndex else {
        throw reader.error("env", "key 'env' expects NAME=value entries; found '\(variable)'")
      }
      environment.append(
        (String(variable[..<equals]), String(variable[variable.index(after: equals)...])))
    }
    directory = try reader.string(
      "cwd", default: ".", help: "working directory of the plugin, relative to the pipeline file")
    let unit = try reader.choice(
      "offsets", default: OffsetUnit.bytes.rawValue, from: OffsetUnit.allCases.map(\.rawValue),
      help: "what offsets in requests and replies count: UTF-8 bytes, or chars (Unicode "
        + "scalars, as Python's str indexes)")
    offsets = OffsetUnit(rawValue: unit) ?? .bytes
    maxConsecutiveFailures = try reader.int(
      "max_consecutive_failures", default: 20, in: 0...1_000_000_000,
      help: "failed documents in a row that stop the run with the plugin's last error (0: never)")
    name = explicitName.isEmpty ? Self.defaultName(command) : explicitName
    if command.contains(where: \.isEmpty) {
      throw reader.error("command", "key 'command' has an empty entry")
    }
  }

  /// The script's file name without extension (the last argument that looks like a path),
  /// or the program's name.
  static func defaultName(_ command: [String]) -> String {
    let script = command.dropFirst().last { $0.contains("/") || $0.contains(".") } ?? command.first
    let file = ((script ?? "external") as NSString).lastPathComponent
    let base = (file as NSString).deletingPathExtension
    return base.isEmpty ? "external" : base
  }
}
