import Foundation
import Pipeline
import Yams

/// A relation type declared in a rule file.
struct RelationType: Sendable {
  var name: String
  /// Symmetric relations (`met_with`) are stored once per entity pair.
  var symmetric: Bool
}

/// One compiled rule.
struct RelationRule: Sendable {
  var id: String
  var relation: String
  var pattern: [RulePatternNode]
  var confidence: Double
  /// Words that may not come just before a match (`not_after`, lower-cased): "In Turkey
  /// Minister Ellwood met" is not a Turkish minister. A `@class` entry stands for the last
  /// words of the class's phrases.
  var notAfter: Set<String> = []
  /// The file line of the rule, for explanations.
  var line: Int?
  /// What a sentence must hold for the pattern to have a chance (checked before matching).
  var requirement = RuleRequirement()
}

/// What a sentence must contain for a rule to match: for every mandatory word, class or
/// entity slot of the pattern, one of its possible words (a class's first words) or an
/// entity with one of its labels. A cheap test that skips most rules on most sentences.
struct RuleRequirement: Sendable {
  /// Each set: the sentence must have at least one of these (lower-cased) words.
  var words: [Set<String>] = []
  /// `words` as ids of the rule book's ``RuleBook/requirementWords``.
  private var wordIDs: [[Int]] = []
  /// Each set: the sentence must have an entity with one of these labels (`DEMONYM` for a
  /// nationality word); `ANY` slots add nothing.
  var labels: [Set<String>] = []

  init() {}

  init(_ pattern: [RulePatternNode], classes: [String: RuleWordClass]) {
    for node in pattern { add(node, classes) }
  }

  private mutating func add(_ node: RulePatternNode, _ classes: [String: RuleWordClass]) {
    switch node {
    case .word(let set): words.append(set)
    case .phrase(let name):
      if let first = classes[name]?.firstWords { words.append(first) }
    case .slot(_, let wanted, _) where !wanted.contains("ANY"): labels.append(wanted)
    case .capture(_, let inner): add(inner, classes)
    case .repeated(let inner, let minimum, _) where minimum > 0: add(inner, classes)
    case .group(let alternatives) where alternatives.count == 1:
      // A group of one alternative ("role:( ... )"): all that it requires.
      for inner in alternatives[0] { add(inner, classes) }
    case .group(let alternatives):
      // One of the alternatives' first required words must be there (when each has one).
      var union: Set<String> = []
      for alternative in alternatives {
        guard let first = RuleRequirement(alternative, classes: classes).words.first else {
          return
        }
        union.formUnion(first)
      }
      if !union.isEmpty { words.append(union) }
    default: break
    }
  }

  /// Gives every word an id in `vocabulary` (adding new ones) and keeps the ids.
  mutating func index(_ vocabulary: inout [String: Int]) {
    wordIDs = words.map { set in
      set.sorted().map { word in
        if let id = vocabulary[word] { return id }
        vocabulary[word] = vocabulary.count
        return vocabulary.count - 1
      }
    }
  }

  /// Whether a sentence may match whose words include the requirement words marked in
  /// `present` (by id) and whose entities have `labels`.
  func allows(present: [Bool], labels: Set<String>) -> Bool {
    wordIDs.allSatisfy { $0.contains { present[$0] } }
      && self.labels.allSatisfy { !$0.isDisjoint(with: labels) }
  }
}

/// A loaded rule file: word classes, relation types and compiled rules.
///
/// File layout (YAML): `negation:` (words that cancel a match), `classes:` (name -> list of
/// phrases), `relations:` (name -> `{symmetric: bool}`), `rules:` (list of `{id, relation,
/// pattern, confidence}`). Every mistake is a ``LoadError`` at its line and column.
struct RuleBook: Sendable {
  var negation: Set<String>
  var classes: [String: RuleWordClass]
  var relations: [String: RelationType]
  var rules: [RelationRule]
  /// Ids of the words any rule's requirement names (see ``RuleRequirement``), and of the
  /// description words (``Antecedents``).
  var requirementWords: [String: Int] = [:]
  /// The one-word phrases of the `function` class: words a `%` element never matches.
  var functionWords: Set<String>

  init(
    negation: Set<String>, classes: [String: RuleWordClass], relations: [String: RelationType],
    rules: [RelationRule]
  ) {
    self.negation = negation
    self.classes = classes
    self.relations = relations
    self.rules = rules
    self.functionWords = classes["function"]?.singleWords ?? []
    for index in self.rules.indices {
      self.rules[index].requirement.index(&requirementWords)
    }
    // The description words of `REF` slots (``Antecedents``) are looked up in the same pass.
    for word in Antecedents.words(classes) where requirementWords[word] == nil {
      requirementWords[word] = requirementWords.count
    }
  }

  /// Reads and compiles a rule file; `displayName` is how errors name it.
  static func load(url: URL, displayName: String) throws -> RuleBook {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw LoadError(
        file: displayName, message: "cannot read the rule file: \(error.localizedDescription)")
    }
    return try parse(text, file: displayName)
  }

  /// Compiles rule-file text.
  static func parse(_ text: String, file: String) throws -> RuleBook {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw yamlError(error, file: file)
    }
    guard case .mapping(let map)? = root else {
      throw LoadError(
        file: file, line: 1, column: 1,
        message: "a rule file is a mapping with `classes`, `relations` and `rules`")
    }
    let reader = RuleFileReader(file: file)
    for (key, _) in map {
      guard let name = key.scalar?.string,
        ["version", "negation", "classes", "relations", "rules"].contains(name)
      else {
        throw LoadError.at(
          key.mark, file: file,
          "unknown top-level key \(key.scalar?.string ?? "?"); expected version, negation, classes, relations, rules"
        )
      }
    }
    let negation = try reader.phrases(map["negation"], what: "negation") ?? []
    var classes: [String: RuleWordClass] = [:]
    if let node = map["classes"] {
      guard case .mapping(let classMap) = node else {
        throw LoadError.at(
          node.mark, file: file, "`classes` must map class names to lists of phrases")
      }
      for (key, value) in classMap {
        guard let name = key.scalar?.string, !name.isEmpty else {
          throw LoadError.at(key.mark, file: file, "class names must be words")
        }
        let phrases = try reader.phrases(value, what: "class '\(name)'") ?? []
        if phrases.isEmpty {
          throw LoadError.at(value.mark, file: file, "class '\(name)' lists no phrase")
        }
        classes[name] = RuleWordClass(phrases)
      }
    }
    let relations = try reader.relationTypes(map["relations"])
    guard let rulesNode = map["rules"], case .sequence(let ruleNodes) = rulesNode else {
      throw LoadError.at(map["rules"]?.mark, file: file, "`rules` must be a list of rules")
    }
    var rules: [RelationRule] = []
    var ids: Set<String> = []
    for node in ruleNodes {
      let rule = try reader.rule(node, classes: classes, relations: relations)
      guard ids.insert(rule.id).inserted else {
        throw LoadError.at(node.mark, file: file, "duplicate rule id '\(rule.id)'")
      }
      rules.append(rule)
    }
    return RuleBook(
      negation: Set(negation.map { $0.joined(separator: " ") }), classes: classes,
      relations: relations, rules: rules)
  }

  private static func yamlError(_ error: YamlError, file: String) -> LoadError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return LoadError(
        file: file, line: mark.line, column: mark.column, message: "invalid YAML: \(problem)")
    default:
      return LoadError(file: file, message: "invalid YAML: \(error)")
    }
  }
}

/// Reads the parts of a rule file, reporting errors at node marks.
private struct RuleFileReader {
  let file: String

  func phrases(_ node: Node?, what: String) throws -> [[String]]? {
    guard let node else { return nil }
    guard case .sequence(let items) = node else {
      throw LoadError.at(node.mark, file: file, "\(what) must be a list of words or phrases")
    }
    return try items.map { item in
      guard let text = item.scalar?.string, !text.trimmingCharacters(in: .whitespaces).isEmpty
      else {
        throw LoadError.at(
          item.mark ?? node.mark, file: file, "\(what): entries must be non-empty strings")
      }
      return text.lowercased().replacingApostrophes().split(separator: " ").map(String.init)
    }
  }

  func relationTypes(_ node: Node?) throws -> [String: RelationType] {
    guard let node, case .mapping(let map) = node else {
      throw LoadError.at(
        node?.mark, file: file, "`relations` must map relation names to `{symmetric: true|false}`")
    }
    var result: [String: RelationType] = [:]
    for (key, value) in map {
      guard let name = key.scalar?.string, !name.isEmpty,
        name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
      else {
        throw LoadError.at(key.mark, file: file, "relation names are words like role_in")
      }
      var symmetric = false
      switch value {
      case .mapping(let settings):
        for (settingKey, settingValue) in settings {
          guard settingKey.scalar?.string == "symmetric" else {
            throw LoadError.at(
              settingKey.mark, file: file,
              "relation '\(name)': unknown key '\(settingKey.scalar?.string ?? "?")'; expected symmetric"
            )
          }
          guard let flag = settingValue.bool else {
            throw LoadError.at(
              settingValue.mark, file: file, "relation '\(name)': symmetric must be true or false")
          }
          symmetric = flag
        }
      case .scalar where value.null != nil:
        break
      default:
        throw LoadError.at(
          value.mark, file: file, "relation '\(name)': expected `{symmetric: true|false}`")
      }
      result[name] = RelationType(name: name, symmetric: symmetric)
    }
    return result
  }

  func rule(_ node: Node, classes: [String: RuleWordClass], relations: [String: RelationType])
    throws
    -> RelationRule
  {
    guard case .mapping(let map) = node else {
      throw LoadError.at(
        node.mark, file: file, "a rule is a mapping `{id, relation, pattern, confidence}`")
    }
    for (key, _) in map
    where !["id", "relation", "pattern", "confidence", "not_after", "note"].contains(
      key.scalar?.string ?? "")
    {
      throw LoadError.at(
        key.mark, file: file,
        "unknown rule key '\(key.scalar?.string ?? "?")'; expected id, relation, pattern, confidence, not_after, note"
      )
    }
    guard let id = map["id"]?.scalar?.string, !id.isEmpty else {
      throw LoadError.at(map["id"]?.mark ?? node.mark, file: file, "rule needs an `id`")
    }
    guard let relationNode = map["relation"], let relation = relationNode.scalar?.string else {
      throw LoadError.at(node.mark, file: file, "rule '\(id)' needs a `relation`")
    }
    guard relations[relation] != nil else {
      throw LoadError.at(
        relationNode.mark, file: file,
        "rule '\(id)': relation '\(relation)' is not declared under `relations`")
    }
    guard let patternNode = map["pattern"], let scalar = patternNode.scalar else {
      throw LoadError.at(node.mark, file: file, "rule '\(id)' needs a `pattern` string")
    }
    var confidence = 0.8
    if let confidenceNode = map["confidence"] {
      guard let value = confidenceNode.float, (0...1).contains(value) else {
        throw LoadError.at(
          confidenceNode.mark, file: file,
          "rule '\(id)': confidence must be a number between 0 and 1")
      }
      confidence = value
    }
    var notAfter: Set<String> = []
    if let notAfterNode = map["not_after"] {
      let words = notAfterNode.sequence?.compactMap { $0.scalar?.string }
      guard let words, words.count == notAfterNode.sequence?.count else {
        throw LoadError.at(
          notAfterNode.mark, file: file, "rule '\(id)': not_after must be a list of words")
      }
      for word in words {
        guard word.hasPrefix("@") else {
          notAfter.insert(word.lowercased())
          continue
        }
        // "@title": the last word of each of the class's phrases ("geologist" of
        // "planetary geologist"), the unit just before a match that follows one.
        guard let wordClass = classes[String(word.dropFirst())] else {
          throw LoadError.at(
            notAfterNode.mark, file: file, "rule '\(id)': not_after: unknown class '\(word)'")
        }
        notAfter.formUnion(wordClass.lastWords)
      }
    }
    let pattern = try compile(scalar, mark: patternNode.mark, rule: id, classes: classes)
    return RelationRule(
      id: id, relation: relation, pattern: pattern, confidence: confidence, notAfter: notAfter,
      line: node.mark?.line, requirement: RuleRequirement(pattern, classes: classes))
  }

  private func compile(
    _ scalar: Node.Scalar, mark: Mark?, rule: String, classes: [String: RuleWordClass]
  ) throws -> [RulePatternNode] {
    let quoteShift = scalar.style == .plain ? 0 : 1
    func located(_ column: Int, _ message: String) -> LoadError {
      LoadError(
        file: file, line: mark?.line, column: mark.map { $0.column + quoteShift + column },
        message: "rule '\(rule)': \(message)")
    }
    let nodes: [RulePatternNode]
    do {
      nodes = try RulePatternParser.parse(scalar.string)
    } catch {
      throw located(error.column, error.message)
    }
    var slots: [String] = []
    var problem: (text: String, message: String)?
    RulePatternNode.visit(nodes) { node in
      switch node {
      case .phrase(let name) where classes[name] == nil:
        problem =
          problem ?? ("@" + name, "unknown word class '@\(name)' (declare it under `classes`)")
      case .slot(let name, let labels, _):
        if let name { slots.append(name) }
        if let bad = labels.first(where: { $0 != $0.uppercased() }) {
          problem =
            problem
            ?? (
              bad,
              "entity labels are upper case (PERSON, ORG, LOC, MISC, DEMONYM, ANY); found '\(bad)'"
            )
        }
      default: break
      }
    }
    if let problem {
      // Point at the offending text within the pattern (character columns).
      let text = scalar.string
      let column = text.range(of: problem.text).map {
        text.distance(from: text.startIndex, to: $0.lowerBound)
      }
      throw located(column ?? 0, problem.message)
    }
    for name in ["head", "tail"] where RulePatternNode.slotBounds(nodes, name) != (1, 1) {
      throw located(0, "the pattern needs exactly one <\(name):LABEL> slot")
    }
    if let other = slots.first(where: { $0 != "head" && $0 != "tail" }) {
      throw located(0, "entity slots are named head or tail (or left unnamed); found '\(other)'")
    }
    return nodes
  }
}

extension RulePatternNode {
  /// The fewest and most times a match of `nodes` binds the slot `name` (each path through
  /// the pattern must bind `head` and `tail` exactly once).
  static func slotBounds(_ nodes: [RulePatternNode], _ name: String) -> (Int, Int) {
    var low = 0
    var high = 0
    for node in nodes {
      let (nodeLow, nodeHigh) = slotBounds(node, name)
      low += nodeLow
      high += nodeHigh
    }
    return (low, high)
  }

  private static func slotBounds(_ node: RulePatternNode, _ name: String) -> (Int, Int) {
    switch node {
    case .slot(let slotName, _, _): return slotName == name ? (1, 1) : (0, 0)
    case .group(let alternatives):
      let bounds = alternatives.map { slotBounds($0, name) }
      return (bounds.map(\.0).min() ?? 0, bounds.map(\.1).max() ?? 0)
    case .capture(_, let inner): return slotBounds(inner, name)
    case .repeated(let inner, let minimum, let maximum):
      let (low, high) = slotBounds(inner, name)
      // Saturating: only whether a count is 0, 1 or more matters.
      return (min(low, 2) * min(minimum, 2), min(high, 2) * min(maximum, 2))
    default: return (0, 0)
    }
  }

  /// Calls `body` on every node of a pattern, depth first.
  static func visit(_ nodes: [RulePatternNode], _ body: (RulePatternNode) -> Void) {
    for node in nodes {
      body(node)
      switch node {
      case .group(let alternatives): for alternative in alternatives { visit(alternative, body) }
      case .capture(_, let inner), .repeated(let inner, _, _), .not(let inner): visit([inner], body)
      default: break
      }
    }
  }
}

/// A word class: phrases indexed by first word, longest first.
struct RuleWordClass: Sendable {
  private var byFirst: [String: [[String]]] = [:]
  /// The words the class's phrases start with.
  var firstWords: Set<String> { Set(byFirst.keys) }
  /// The class's phrases of one word.
  var singleWords: Set<String> {
    Set(byFirst.compactMap { first, phrases in phrases.contains { $0.count == 1 } ? first : nil })
  }

  /// The words the class's phrases end with.
  var lastWords: Set<String> {
    Set(byFirst.values.joined().compactMap(\.last))
  }

  /// Every word of the class's phrases.
  var allWords: Set<String> { Set(byFirst.values.joined().joined()) }

  init(_ phrases: [[String]]) {
    for phrase in phrases { byFirst[phrase[0], default: []].append(phrase) }
    for key in byFirst.keys { byFirst[key]?.sort { $0.count > $1.count } }
  }

  /// The lengths of the class's phrases that match the units at `position`, longest first.
  func matchLengths(_ words: [String], at position: Int, limit: Int) -> [Int] {
    guard position < limit, let candidates = byFirst[words[position]] else { return [] }
    var lengths: [Int] = []
    for phrase in candidates where position + phrase.count <= limit {
      var matches = true
      for offset in 1..<max(1, phrase.count) where words[position + offset] != phrase[offset] {
        matches = false
        break
      }
      if matches { lengths.append(phrase.count) }
    }
    return lengths
  }
}
