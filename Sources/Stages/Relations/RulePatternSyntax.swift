/// One element of a compiled rule pattern.
///
/// Pattern text, as written in a rule file (units are tokens with `'s` split off):
/// - `word`: a literal unit (case-insensitive); `(met|meets with)`: alternatives (`|` always
///   separates alternatives of the enclosing group, or of the whole pattern);
/// - `"(" `, `"as well as"`: quoted literal words, for special characters or a phrase;
/// - `@title`: one phrase of a word class (multi-word entries allowed, longest first);
/// - `<head:PERSON>`, `<tail:LOC|ORG|DEMONYM>`: an entity slot by label (`ANY` for any
///   label, `DEMONYM` for a nationality word, `BASED` for the place named inside an
///   "X-based" word, "London" of "London-based", which no other slot binds; `REF` for a
///   description, "company" of "the company", bound to the earlier entity it refers to when
///   that has one of the slot's other labels, or to any entity when `REF` is the slot's
///   only label, see ``Antecedents``); `<tail:PERSON&>`
///   also takes the entities coordinated after it ("X, Y and Z"; a coordinated `tail` of
///   organisations also "X in Boston and Y"; a name that is a `title` phrase, "Head" typed
///   PERSON, ends the list); `<LOC>`: an entity that is not captured;
/// - `~3`: a gap of up to 3 units outside entities; `...5`: up to 5 units of any kind;
/// - `%`: one lower-case content word outside entities ("planetary" in "a planetary
///   scientist"): not a word of the rule file's `function` class, not a negation;
/// - `( a b | c )`: a group; `role:( ... )`, `role:@title+`: a capture;
/// - suffixes `?`, `*`, `+`, `{1,3}`: optional and bounded repetition;
/// - `!x`: the next unit must not start a match of `x` (zero width).
indirect enum RulePatternNode: Sendable {
  case word(Set<String>)
  case phrase(className: String)
  case slot(name: String?, labels: Set<String>, coordinated: Bool)
  case gap(max: Int, crossesEntities: Bool)
  case content
  case group([[RulePatternNode]])
  case capture(name: String, node: RulePatternNode)
  case repeated(RulePatternNode, min: Int, max: Int)
  case not(RulePatternNode)
}

/// A syntax error in a pattern, at a character column of the pattern text (0-based).
struct RulePatternSyntaxError: Error {
  var column: Int
  var message: String
}

/// Parses pattern text into ``RulePatternNode``s (recursive descent).
struct RulePatternParser {
  private let chars: [Character]
  private var index = 0
  /// Open `(` groups around the current position (bounded, so the recursive descent cannot
  /// exhaust the stack).
  private var depth = 0
  /// The deepest `(` nesting, and the largest repetition or gap bound, a pattern may use
  /// (a sentence has at most a few hundred tokens).
  static let maxDepth = 32
  static let maxBound = 100
  private static let special: Set<Character> = [
    "<", ">", "(", ")", "@", "?", "*", "+", "{", "}", "!", "\"", "%",
  ]

  init(_ text: String) { chars = Array(text) }

  static func parse(_ text: String) throws(RulePatternSyntaxError) -> [RulePatternNode] {
    var parser = RulePatternParser(text)
    let alternatives = try parser.alternatives()
    parser.skipSpaces()
    if parser.index < parser.chars.count {
      throw RulePatternSyntaxError(
        column: parser.index, message: "unexpected '\(parser.chars[parser.index])'")
    }
    if alternatives.count == 1 { return alternatives[0] }
    return [.group(alternatives)]
  }

  private mutating func skipSpaces() {
    while index < chars.count, chars[index].isWhitespace { index += 1 }
  }

  private func peek() -> Character? { index < chars.count ? chars[index] : nil }

  private mutating func alternatives() throws(RulePatternSyntaxError) -> [[RulePatternNode]] {
    var result: [[RulePatternNode]] = []
    while true {
      let start = index
      let sequence = try self.sequence()
      if sequence.isEmpty {
        throw RulePatternSyntaxError(column: start, message: "empty alternative")
      }
      result.append(sequence)
      skipSpaces()
      guard peek() == "|" else { return result }
      index += 1
    }
  }

  private mutating func sequence() throws(RulePatternSyntaxError) -> [RulePatternNode] {
    var nodes: [RulePatternNode] = []
    while true {
      skipSpaces()
      guard let next = peek(), next != ")", next != "|" else { return nodes }
      nodes.append(try item())
    }
  }

  private mutating func item() throws(RulePatternSyntaxError) -> RulePatternNode {
    let start = index
    if peek() == "!" {
      index += 1
      return .not(try atom())
    }
    // `name:` capture prefix.
    var lookahead = index
    while lookahead < chars.count, chars[lookahead].isLetter || chars[lookahead] == "_" {
      lookahead += 1
    }
    if lookahead > index, lookahead < chars.count, chars[lookahead] == ":" {
      let name = String(chars[index..<lookahead])
      index = lookahead + 1
      if peek() == nil || peek()?.isWhitespace == true {
        throw RulePatternSyntaxError(
          column: start, message: "capture '\(name):' needs an element after it")
      }
      return .capture(name: name, node: try quantified())
    }
    return try quantified()
  }

  private mutating func quantified() throws(RulePatternSyntaxError) -> RulePatternNode {
    let node = try atom()
    switch peek() {
    case "?":
      index += 1
      return .repeated(node, min: 0, max: 1)
    case "*":
      index += 1
      return .repeated(node, min: 0, max: 8)
    case "+":
      index += 1
      return .repeated(node, min: 1, max: 8)
    case "{":
      let start = index
      index += 1
      let low = number()
      var high = low
      if peek() == "," {
        index += 1
        high = number()
      }
      guard let low, let high, peek() == "}", low <= high, high > 0 else {
        throw RulePatternSyntaxError(column: start, message: "expected a bound like {1,3}")
      }
      guard high <= Self.maxBound else {
        throw RulePatternSyntaxError(
          column: start, message: "repetition bound \(high) is larger than \(Self.maxBound)")
      }
      index += 1
      return .repeated(node, min: low, max: high)
    default:
      return node
    }
  }

  private mutating func number() -> Int? {
    let start = index
    while let next = peek(), next.isASCII, next.isNumber { index += 1 }
    return index > start ? Int(String(chars[start..<index])) : nil
  }

  private mutating func atom() throws(RulePatternSyntaxError) -> RulePatternNode {
    let start = index
    guard let first = peek() else {
      throw RulePatternSyntaxError(
        column: start, message: "pattern ends where an element was expected")
    }
    switch first {
    case "<": return try slot()
    case "(":
      index += 1
      depth += 1
      guard depth <= Self.maxDepth else {
        throw RulePatternSyntaxError(
          column: start, message: "groups nested deeper than \(Self.maxDepth) levels")
      }
      defer { depth -= 1 }
      let alternatives = try self.alternatives()
      skipSpaces()
      guard peek() == ")" else {
        throw RulePatternSyntaxError(column: start, message: "unclosed '('")
      }
      index += 1
      // A group of single words is one word set.
      var words: Set<String> = []
      for alternative in alternatives {
        guard alternative.count == 1, case .word(let set) = alternative[0] else {
          return .group(alternatives)
        }
        words.formUnion(set)
      }
      return .word(words)
    case "@":
      index += 1
      let name = identifier()
      if name.isEmpty {
        throw RulePatternSyntaxError(column: start, message: "expected a class name after '@'")
      }
      return .phrase(className: name)
    case "%":
      index += 1
      return .content
    case "~":
      index += 1
      guard let max = number(), max > 0, max <= Self.maxBound else {
        throw RulePatternSyntaxError(
          column: start, message: "expected a gap size like ~3 (at most \(Self.maxBound))")
      }
      return .gap(max: max, crossesEntities: false)
    case "\"":
      index += 1
      let textStart = index
      while let next = peek(), next != "\"" { index += 1 }
      guard peek() == "\"", index > textStart else {
        throw RulePatternSyntaxError(column: start, message: "unclosed or empty quoted word")
      }
      let words = String(chars[textStart..<index]).lowercased().replacingApostrophes()
        .split(separator: " ").map { RulePatternNode.word([String($0)]) }
      index += 1
      return words.count == 1 ? words[0] : .group([words])
    default:
      if chars[index...].starts(with: "...") {
        index += 3
        guard let max = number(), max > 0, max <= Self.maxBound else {
          throw RulePatternSyntaxError(
            column: start, message: "expected a gap size like ...5 (at most \(Self.maxBound))")
        }
        return .gap(max: max, crossesEntities: true)
      }
      return try words()
    }
  }

  private mutating func identifier() -> String {
    let start = index
    while let next = peek(), next.isLetter || next.isNumber || next == "_" || next == "-" {
      index += 1
    }
    return String(chars[start..<index])
  }

  private mutating func words() throws(RulePatternSyntaxError) -> RulePatternNode {
    let start = index
    while let next = peek(), !next.isWhitespace, !Self.special.contains(next), next != ")",
      next != "|"
    {
      index += 1
    }
    let text = String(chars[start..<index])
    guard !text.isEmpty else {
      throw RulePatternSyntaxError(column: start, message: "unexpected '\(chars[start])'")
    }
    return .word([text.lowercased().replacingApostrophes()])
  }

  private mutating func slot() throws(RulePatternSyntaxError) -> RulePatternNode {
    let start = index
    index += 1
    var name: String?
    var body = identifierOrLabels()
    if peek() == ":" {
      index += 1
      name = body
      body = identifierOrLabels()
    }
    var coordinated = false
    if peek() == "&" {
      coordinated = true
      index += 1
    }
    guard peek() == ">" else {
      throw RulePatternSyntaxError(
        column: start, message: "expected an entity slot like <head:PERSON|ORG>")
    }
    index += 1
    let labels = body.split(separator: "|").map(String.init)
    if labels.isEmpty || labels.contains(where: \.isEmpty) {
      throw RulePatternSyntaxError(column: start, message: "entity slot lists no label")
    }
    if let name, name.isEmpty {
      throw RulePatternSyntaxError(column: start, message: "entity slot has an empty name")
    }
    return .slot(name: name, labels: Set(labels), coordinated: coordinated)
  }

  private mutating func identifierOrLabels() -> String {
    let start = index
    while let next = peek(),
      next.isLetter || next.isNumber || next == "_" || next == "|" || next == "-"
    {
      index += 1
    }
    return String(chars[start..<index])
  }
}

extension String {
  /// Folds curly apostrophes to `'`.
  func replacingApostrophes() -> String {
    String(map { $0 == "\u{2019}" || $0 == "\u{2018}" ? "'" : $0 })
  }
}
