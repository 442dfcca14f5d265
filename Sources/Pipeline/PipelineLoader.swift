import Foundation
import Yams

/// A stage of a pipeline file: its config, its contract and (once built) the stage itself.
public struct LoadedStage: Sendable {
  /// The registry name.
  public var name: String
  /// The stage itself, shared read-only by all workers; nil when it was declared and checked
  /// but not built (`nlpipe validate`, or a run whose stages run in worker processes).
  public var stage: (any Stage)?
  /// What the stage declared from its config.
  public var contract: StageContract
  /// The config values it was built with (defaults included), for the manifest.
  public var config: [String: JSONValue]
}

/// Which stages the loader builds once the file is checked.
public enum StageBuilding: Sendable {
  /// Every stage (a run on threads, a worker process).
  case all
  /// Only the stages that write output (a run whose stages run in worker processes); the
  /// others are checked as `validate` checks them.
  case output
  /// None: check what the configs name, load and start nothing (`nlpipe validate`).
  case none
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
/// Loading has three steps: every stage's config is read and its contract declared, the
/// order is checked on the contracts, and only then are the stages built (or, for
/// `validate`, only checked). Every problem is a ``LoadError`` naming file, line and column,
/// and what was expected: YAML syntax, unknown top-level keys, unknown stage names, unknown
/// config keys, wrong types, and a stage placed before what it requires. The file is checked
/// whole: the error thrown is the first problem, carrying all the others.
public struct PipelineLoader: Sendable {
  public var registry: StageRegistry
  /// `--input PATH`: replaces `input.path` (and drops `input.glob`).
  public var inputOverride: String?
  /// Worker count the stages will run with.
  public var jobs: Int
  /// Which stages are built once the file is checked.
  public var building = StageBuilding.all
  /// Load for checking only (`nlpipe validate`): no stage is built, no model loaded, no
  /// program started.
  public var checkOnly: Bool {
    get { building == .none }
    set { building = newValue ? .none : .all }
  }
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
    var errors: [LoadError] = []
    for (key, _) in top {
      let name = key.scalar?.string ?? ""
      if !Self.topLevelKeys.contains(name) {
        errors.append(
          LoadError.at(
            key.mark, file: file,
            "unknown top-level key '\(name)'\(suggestion(name, Self.topLevelKeys)); valid keys: \(Self.topLevelKeys.joined(separator: ", "))"
          ))
      }
    }
    let defaultName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    var name = defaultName
    if let node = top["name"] {
      if let text = node.scalar?.string, !text.isEmpty {
        name = text
      } else {
        errors.append(LoadError.at(node.mark, file: file, "'name' expects a string"))
      }
    }
    var input: InputSpec?
    do throws(LoadError) {
      input = try readInput(top["input"], file: file, base: baseDirectory, topMark: root.mark)
    } catch {
      errors.append(error)
    }
    let context = StageContext(baseDirectory: baseDirectory, pipelineName: name, jobs: jobs)
    let declared = declareStages(top["stages"], rootMark: root.mark, file: file, errors: &errors)
    if let input, let declared {
      errors += orderErrors(declared, input: input, file: file)
    }
    guard let input, let declared, errors.isEmpty else {
      throw errors.combined ?? LoadError(file: file, message: "the pipeline file has errors")
    }
    var stages: [LoadedStage] = []
    for entry in declared {
      guard let entry else { continue }
      var stage: (any Stage)?
      do {
        if building == .all || (building == .output && entry.declared.contract.writesOutput) {
          stage = try entry.declared.build(context)
        } else {
          try entry.declared.check(context)
        }
      } catch let error as LoadError {
        errors.append(error)
      } catch {
        errors.append(LoadError.at(entry.mark, file: file, "stage '\(entry.name)': \(error)"))
      }
      stages.append(
        LoadedStage(
          name: entry.name, stage: stage, contract: entry.declared.contract, config: entry.config))
    }
    if let error = errors.combined { throw error }
    return PipelineDefinition(
      name: name, file: file, baseDirectory: baseDirectory,
      sha256: effectiveSHA256(sha256 ?? SHA256.hex(Array(yaml.utf8))), input: input,
      stages: stages)
  }

  /// A stage whose config was read and contract declared, with where it is in the file.
  private struct StageEntry {
    var name: String
    var mark: Mark?
    var declared: DeclaredStage
    var config: [String: JSONValue]
  }

  /// Reads every stage's config and declares it; a stage with an error is nil (its problems
  /// are in `errors`). Nil when the stage list itself is missing or malformed.
  private func declareStages(
    _ stagesNode: Node?, rootMark: Mark?, file: String, errors: inout [LoadError]
  ) -> [StageEntry?]? {
    guard let stagesNode else {
      errors.append(
        LoadError.at(
          rootMark, file: file, "key 'stages' is missing: list the stages to run, in order"))
      return nil
    }
    guard case .sequence(let list) = stagesNode, !list.isEmpty else {
      errors.append(
        LoadError.at(
          stagesNode.mark, file: file,
          "'stages' expects a non-empty list, like `- sentences: {}`; found \(stagesNode.kindName)"
        ))
      return nil
    }
    var entries: [StageEntry?] = []
    for item in list {
      let stageName: String
      let nameMark: Mark?
      let configNode: Node?
      do throws(LoadError) {
        (stageName, nameMark, configNode) = try stageEntry(item, file: file)
      } catch {
        errors.append(error)
        entries.append(nil)
        continue
      }
      guard let declare = registry.declaration(for: stageName) else {
        errors.append(
          LoadError.at(
            nameMark, file: file,
            "unknown stage '\(stageName)'\(suggestion(stageName, registry.names)); valid stages: \(registry.names.joined(separator: ", "))"
          ))
        entries.append(nil)
        continue
      }
      var reader: ConfigReader
      let declared: DeclaredStage
      do {
        reader = try ConfigReader(
          node: configNode, file: file, section: "stage '\(stageName)'", origin: nameMark)
        declared = try declare(&reader)
      } catch let error as LoadError {
        errors.append(error)
        entries.append(nil)
        continue
      } catch {
        errors.append(LoadError.at(nameMark, file: file, "stage '\(stageName)': \(error)"))
        entries.append(nil)
        continue
      }
      let valid = reader.keys.map(\.name)
      for unknown in reader.unknownKeys {
        errors.append(
          LoadError.at(
            unknown.mark, file: file,
            "unknown key '\(unknown.key)' for stage '\(stageName)'\(suggestion(unknown.key, valid)); valid keys: \(valid.isEmpty ? "none" : valid.joined(separator: ", "))"
          ))
      }
      entries.append(
        StageEntry(
          name: stageName, mark: nameMark, declared: declared,
          config: Dictionary(reader.values, uniquingKeysWith: { _, last in last })))
    }
    return entries
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

  /// The order problems of the stage list, from the contracts alone: a stage before what it
  /// requires, a second copy of a stage that is not repeatable, a stage that rewrites the
  /// text after another annotated it. After a stage that could not be declared, requirements
  /// are not checked (it may have provided them).
  private func orderErrors(_ stages: [StageEntry?], input: InputSpec, file: String)
    -> [LoadError]
  {
    var errors: [LoadError] = []
    var available: Set<Capability> = []
    if input.possibleFormats.map({ !$0.contains(.html) && !$0.contains(.xml) }) ?? true {
      // Plain text has clean text from the start; inputs that may hold markup are checked
      // per document at run time.
      available.insert(.cleanText)
    }
    var annotatedBy: (stage: String, capability: Capability)?
    var firstMark: [String: Mark?] = [:]
    var complete = true
    for (index, entry) in stages.enumerated() {
      guard let entry else {
        complete = false
        continue
      }
      let contract = entry.declared.contract
      if let first = firstMark[entry.name], !contract.repeatable {
        let line = first.map { " (line \($0.line))" } ?? ""
        errors.append(
          LoadError.at(
            entry.mark, file: file,
            "stage '\(entry.name)' appears twice: it replaces what the first '\(entry.name)'\(line) found; keep one"
          ))
      }
      if firstMark[entry.name] == nil { firstMark[entry.name] = entry.mark }
      if complete, let need = contract.requires.subtracting(available).sorted().first {
        let later = stages[(index + 1)...].compactMap { $0 }
          .first { $0.declared.contract.provides.contains(need) }
        let hint =
          later.map { "move it after '\($0.name)', which provides it" }
          ?? (need == .cleanText
            ? "the input is HTML/XML: add `- cleanup: {}` before it"
            : "add a stage that provides it before it")
        errors.append(
          LoadError.at(
            entry.mark, file: file,
            "stage '\(entry.name)' requires \(need), which no earlier stage provides: \(hint)"))
      }
      if contract.rewritesText, let annotatedBy {
        errors.append(
          LoadError.at(
            entry.mark, file: file,
            "stage '\(entry.name)' rewrites the text, so it must come before '\(annotatedBy.stage)', whose \(annotatedBy.capability) it would invalidate"
          ))
      }
      if annotatedBy == nil,
        let layer = contract.provides.intersection(Capability.offsetLayers).sorted().first
      {
        annotatedBy = (entry.name, layer)
      }
      available.formUnion(contract.provides)
    }
    return errors
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
