import Foundation
import Yams

/// A stage built from a pipeline file, with the config it was built from.
public struct LoadedStage: Sendable {
  /// The registry name.
  public var name: String
  /// The stage itself, shared read-only by all workers.
  public var stage: any Stage
  /// The config values it was built with (defaults included), for the manifest.
  public var config: [String: JSONValue]
}

/// A pipeline file, loaded and checked: input, stages in order, provenance.
public struct PipelineDefinition: Sendable {
  public var name: String
  /// The pipeline file as the user named it.
  public var file: String
  /// The folder relative paths resolve against.
  public var baseDirectory: URL
  /// SHA-256 of the pipeline file's bytes, hex.
  public var sha256: String
  public var input: InputSpec
  public var stages: [LoadedStage]
}

/// Reads and checks pipeline files.
///
/// Every problem is a ``LoadError`` naming file, line and column, and what was expected:
/// YAML syntax, unknown top-level keys, unknown stage names, unknown config keys, wrong
/// types, and a stage placed before what it requires.
public struct PipelineLoader: Sendable {
  public var registry: StageRegistry
  /// `--input PATH`: replaces `input.path` (and drops `input.glob`).
  public var inputOverride: String?
  /// Worker count the stages will run with.
  public var jobs: Int
  /// Load for checking only (`nlpipe validate`): stages start no programs.
  public var checkOnly = false
  /// `--set STAGE.KEY=VALUE` changes, applied to the file before it is checked.
  public var overrides: [ConfigOverride] = []

  public init(registry: StageRegistry, inputOverride: String? = nil, jobs: Int = 1) {
    self.registry = registry
    self.inputOverride = inputOverride
    self.jobs = jobs
  }

  private static let topLevelKeys = ["name", "description", "input", "stages"]

  /// Loads a pipeline file from disk.
  public func load(path: String) throws(LoadError) -> PipelineDefinition {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw LoadError(file: path, message: "cannot read the pipeline file (does it exist?)")
    }
    guard let yaml = String(data: data, encoding: .utf8) else {
      throw LoadError(file: path, message: "the pipeline file is not valid UTF-8")
    }
    return try load(
      yaml: yaml, file: path, baseDirectory: url.deletingLastPathComponent(),
      sha256: SHA256.hex(Array(data)))
  }

  /// Loads a pipeline from YAML text (`file` is used in messages only).
  public func load(yaml: String, file: String, baseDirectory: URL, sha256: String? = nil)
    throws(LoadError) -> PipelineDefinition
  {
    var root = try compose(yaml, file: file)
    if !overrides.isEmpty { root = try ConfigOverride.apply(overrides, to: root, file: file) }
    guard case .mapping(let top) = root else {
      throw LoadError.at(
        root.mark, file: file,
        "a pipeline file is a mapping with keys \(Self.topLevelKeys.joined(separator: ", ")); found \(root.kindName)"
      )
    }
    for (key, _) in top {
      let name = key.scalar?.string ?? ""
      if !Self.topLevelKeys.contains(name) {
        throw LoadError.at(
          key.mark, file: file,
          "unknown top-level key '\(name)'\(suggestion(name, Self.topLevelKeys)); valid keys: \(Self.topLevelKeys.joined(separator: ", "))"
        )
      }
    }
    let defaultName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    var name = defaultName
    if let node = top["name"] {
      guard let text = node.scalar?.string, !text.isEmpty else {
        throw LoadError.at(node.mark, file: file, "'name' expects a string")
      }
      name = text
    }
    let input = try readInput(top["input"], file: file, base: baseDirectory, topMark: root.mark)
    guard let stagesNode = top["stages"] else {
      throw LoadError.at(
        root.mark, file: file, "key 'stages' is missing: list the stages to run, in order")
    }
    guard case .sequence(let list) = stagesNode, !list.isEmpty else {
      throw LoadError.at(
        stagesNode.mark, file: file,
        "'stages' expects a non-empty list, like `- sentences: {}`; found \(stagesNode.kindName)")
    }
    let context = StageContext(
      baseDirectory: baseDirectory, pipelineName: name, jobs: jobs, checkOnly: checkOnly)
    var stages: [LoadedStage] = []
    var marks: [Mark?] = []
    for item in list {
      let (stageName, nameMark, configNode) = try stageEntry(item, file: file)
      guard let factory = registry.factory(for: stageName) else {
        throw LoadError.at(
          nameMark, file: file,
          "unknown stage '\(stageName)'\(suggestion(stageName, registry.names)); valid stages: \(registry.names.joined(separator: ", "))"
        )
      }
      var reader: ConfigReader
      let stage: any Stage
      do {
        reader = try ConfigReader(
          node: configNode, file: file, section: "stage '\(stageName)'", origin: nameMark)
        stage = try factory(&reader, context)
      } catch let error as LoadError {
        throw error
      } catch {
        throw LoadError.at(nameMark, file: file, "stage '\(stageName)': \(error)")
      }
      if let unknown = reader.unknownKeys.first {
        let valid = reader.keys.map(\.name)
        throw LoadError.at(
          unknown.mark, file: file,
          "unknown key '\(unknown.key)' for stage '\(stageName)'\(suggestion(unknown.key, valid)); valid keys: \(valid.isEmpty ? "none" : valid.joined(separator: ", "))"
        )
      }
      stages.append(
        LoadedStage(
          name: stageName, stage: stage,
          config: Dictionary(reader.values, uniquingKeysWith: { _, last in last })))
      marks.append(nameMark)
    }
    try checkOrder(stages, marks: marks, input: input, file: file)
    return PipelineDefinition(
      name: name, file: file, baseDirectory: baseDirectory,
      sha256: effectiveSHA256(sha256 ?? SHA256.hex(Array(yaml.utf8))), input: input,
      stages: stages)
  }

  /// The file's hash, or with `--set` overrides a hash of the file's hash and the overrides
  /// (so `--resume` refuses to continue a run made with other settings).
  private func effectiveSHA256(_ fileHash: String) -> String {
    guard !overrides.isEmpty else { return fileHash }
    let text = ([fileHash] + overrides.map(\.text)).joined(separator: "\n")
    return SHA256.hex(Array(text.utf8))
  }

  private func compose(_ yaml: String, file: String) throws(LoadError) -> Node {
    let node: Node?
    do {
      node = try Yams.compose(yaml: yaml)
    } catch let error as YamlError {
      throw Self.located(error, file: file)
    } catch {
      throw LoadError(file: file, message: "invalid YAML: \(error)")
    }
    guard let node else {
      throw LoadError(file: file, line: 1, column: 1, message: "the pipeline file is empty")
    }
    return node
  }

  private static func located(_ error: YamlError, file: String) -> LoadError {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\(problem) \($0.text)" } ?? problem
      return LoadError.at(mark, file: file, "invalid YAML: \(detail)")
    case .reader(let problem, let offset, _, _):
      return LoadError(
        file: file, message: "invalid YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return LoadError.at(
        context.mark, file: file,
        "invalid YAML: duplicate keys \(duplicates.joined(separator: ", "))")
    default:
      return LoadError(file: file, message: "invalid YAML: \(error)")
    }
  }

  private func readInput(_ node: Node?, file: String, base: URL, topMark: Mark?)
    throws(LoadError) -> InputSpec
  {
    var spec: InputSpec
    var inputNode = node
    if let node, node.null != nil { inputNode = nil }
    if let node, case .scalar = node, node.null == nil {
      // `input: docs` is short for `input: {path: docs}`.
      inputNode = .mapping(Node.Mapping([(Node("path"), node)]))
    }
    if inputNode == nil {
      guard inputOverride != nil else {
        throw LoadError.at(
          topMark, file: file,
          "key 'input' is missing: say where the documents are (`input: {path: docs}`)")
      }
      inputNode = .mapping(Node.Mapping([(Node("path"), Node("."))]))
    }
    do {
      var reader = try ConfigReader(
        node: inputNode, file: file, section: "input", origin: node?.mark ?? topMark)
      spec = try readSpec(&reader, base: base)
    } catch let error as LoadError {
      throw error
    } catch {
      throw LoadError(file: file, message: "input: \(error)")
    }
    if let override = inputOverride {
      let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
      let url =
        override.hasPrefix("/")
        ? URL(fileURLWithPath: override) : cwd.appendingPathComponent(override)
      spec.path = url.standardizedFileURL
      spec.displayPath = override
      spec.glob = ""
    }
    return spec
  }

  private func readSpec(_ reader: inout ConfigReader, base: URL) throws -> InputSpec {
    let spec = try InputSpec.read(&reader, base: base)
    if let unknown = reader.unknownKeys.first {
      let valid = reader.keys.map(\.name)
      throw LoadError.at(
        unknown.mark, file: reader.file,
        "unknown key '\(unknown.key)' for input\(suggestion(unknown.key, valid)); valid keys: \(valid.joined(separator: ", "))"
      )
    }
    return spec
  }

  private func stageEntry(_ item: Node, file: String) throws(LoadError) -> (String, Mark?, Node?) {
    switch item {
    case .scalar(let scalar):
      return (scalar.string, scalar.mark, nil)
    case .mapping(let map) where map.count == 1:
      guard let (key, value) = map.first, let name = key.scalar?.string else { break }
      return (name, key.mark, value)
    default:
      break
    }
    throw LoadError.at(
      item.mark, file: file,
      "each stage is `- NAME: {settings}` (one stage per list item); found \(item.kindName)")
  }

  private func checkOrder(
    _ stages: [LoadedStage], marks: [Mark?], input: InputSpec, file: String
  ) throws(LoadError) {
    var available: Set<Capability> = []
    if input.possibleFormats.map({ !$0.contains(.html) && !$0.contains(.xml) }) ?? true {
      // Plain text has clean text from the start; inputs that may hold markup are checked
      // per document at run time.
      available.insert(.cleanText)
    }
    var annotatedBy: (stage: String, capability: Capability)?
    var firstIndex: [String: Int] = [:]
    for (index, loaded) in stages.enumerated() {
      let stage = loaded.stage
      if let first = firstIndex[loaded.name], !type(of: stage).repeatable {
        let line = marks[first].map { " (line \($0.line))" } ?? ""
        throw LoadError.at(
          marks[index], file: file,
          "stage '\(loaded.name)' appears twice: it replaces what the first '\(loaded.name)'\(line) found; keep one"
        )
      }
      firstIndex[loaded.name] = firstIndex[loaded.name] ?? index
      let missing = stage.requires.subtracting(available).sorted()
      if let need = missing.first {
        let later = stages[(index + 1)...].first { $0.stage.provides.contains(need) }
        let hint =
          later.map { "move it after '\($0.name)', which provides it" }
          ?? (need == .cleanText
            ? "the input is HTML/XML: add `- cleanup: {}` before it"
            : "add a stage that provides it before it")
        throw LoadError.at(
          marks[index], file: file,
          "stage '\(loaded.name)' requires \(need), which no earlier stage provides: \(hint)")
      }
      let rewrites = stage.provides.contains(.cleanText) || stage.provides.contains(.content)
      if rewrites, let annotatedBy {
        throw LoadError.at(
          marks[index], file: file,
          "stage '\(loaded.name)' rewrites the text, so it must come before '\(annotatedBy.stage)', whose \(annotatedBy.capability) it would invalidate"
        )
      }
      if annotatedBy == nil,
        let layer = stage.provides.intersection(Capability.offsetLayers).sorted().first
      {
        annotatedBy = (loaded.name, layer)
      }
      available.formUnion(stage.provides)
    }
  }
}

/// ", did you mean 'x'?" when a close match exists.
func suggestion(_ word: String, _ choices: [String]) -> String {
  let best = choices.map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
    .min { $0.1 < $1.1 }
  guard let best, best.1 <= max(2, word.count / 3) else { return "" }
  return " (did you mean '\(best.0)'?)"
}

/// Levenshtein distance (for suggestions on short words).
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in stride(from: 1, through: b.count, by: 1) {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    previous = current
  }
  return previous[b.count]
}
