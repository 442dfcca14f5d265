/// The entities a rule bound, and its captures, for one match.
struct RulePatternMatch {
  struct Binding {
    var name: String
    /// The entity, then those coordinated after it for a `&` slot.
    var entities: [Int]
  }
  var bindings: [Binding] = []
  var captures: [(name: String, start: Int, end: Int)] = []
  /// First and last+1 unit of the match.
  var start = 0
  var end = 0
}

/// Matches compiled patterns against the units of one sentence (backtracking, leftmost,
/// quantifiers greedy, gaps lazy). A class, so the continuation closures of the backtracking
/// share one matcher instead of copying its arrays.
final class RulePatternMatcher {
  let units: SentenceUnits
  let classes: [String: RuleWordClass]
  let negation: Set<String>
  /// Label of each entity of the document.
  let labels: [String]
  /// Whether each entity of the document is a nationality word (label DEMONYM).
  let demonym: [Bool]
  /// Whether each entity of the document stops a `~N` gap (names do; dates, numbers do not).
  let blocksGap: [Bool]
  /// The one-word entries of the rule file's `function` class, which `%` never matches.
  let functionWords: Set<String>
  /// For each unit, the entity its description refers to ("the company"), or -1
  /// (``Antecedents``); only a `REF` slot binds it. Empty when the sentence has none.
  let references: [Int]

  /// Whether the unit at `position` is a resolved description.
  private func refers(_ position: Int) -> Bool {
    position < references.count && references[position] >= 0
  }

  init(
    units: SentenceUnits, classes: [String: RuleWordClass], negation: Set<String>,
    labels: [String], demonym: [Bool], blocksGap: [Bool], functionWords: Set<String>,
    references: [Int]
  ) {
    self.functionWords = functionWords
    self.references = references
    self.units = units
    self.classes = classes
    self.negation = negation
    self.labels = labels
    self.demonym = demonym
    self.blocksGap = blocksGap
  }

  /// Every match of `pattern` that starts at a distinct unit.
  func matches(_ pattern: [RulePatternNode]) -> [RulePatternMatch] {
    var result: [RulePatternMatch] = []
    guard let first = pattern.first else { return [] }
    for start in 0..<units.count where canStart(first, start) {
      var found: RulePatternMatch?
      _ = match(pattern[...], start, RulePatternMatch()) { end, state in
        guard end > start else { return false }
        var done = state
        done.start = start
        done.end = end
        found = done
        return true
      }
      if let found { result.append(found) }
    }
    return result
  }

  /// A quick test of a pattern's first element, to skip hopeless start positions.
  private func canStart(_ node: RulePatternNode, _ position: Int) -> Bool {
    switch node {
    case .slot(_, let wanted, _):
      if wanted.contains(Self.based) { return units.basedEntity[position] >= 0 }
      if refers(position), wanted.contains(Self.reference) { return true }
      return units.entityEnd[position] > position
    case .word(let words): return words.contains(units.words[position])
    case .phrase(let name):
      return classes[name]?.matchLengths(units.words, at: position, limit: units.count).isEmpty
        == false
    case .capture(_, let inner): return canStart(inner, position)
    case .not(.group(let alternatives)):
      // `!(!x)`, a positive lookahead: the match starts where `x` does.
      guard alternatives.count == 1, alternatives[0].count == 1,
        case .not(let inner) = alternatives[0][0]
      else { return true }
      return canStart(inner, position)
    default: return true
    }
  }

  /// The slot label of a place named inside an "X-based" word (`<tail:BASED>`).
  static let based = "BASED"
  /// The slot label that also binds a description's antecedent (`<tail:ORG|REF>`: an ORG,
  /// or "the company" referring to one).
  static let reference = "REF"

  private func entityHasLabel(_ entity: Int, _ wanted: Set<String>) -> Bool {
    if wanted.contains("ANY") { return true }
    if wanted.contains(labels[entity]) { return true }
    return demonym[entity] && wanted.contains("DEMONYM")
  }

  private func match(
    _ nodes: ArraySlice<RulePatternNode>, _ position: Int, _ state: RulePatternMatch,
    _ next: (Int, RulePatternMatch) -> Bool
  ) -> Bool {
    guard let node = nodes.first else { return next(position, state) }
    let rest = nodes.dropFirst()
    return matchOne(node, position, state) { end, after in match(rest, end, after, next) }
  }

  private func matchOne(
    _ node: RulePatternNode, _ position: Int, _ state: RulePatternMatch,
    _ next: (Int, RulePatternMatch) -> Bool
  ) -> Bool {
    let count = units.count
    switch node {
    case .word(let words):
      guard position < count, words.contains(units.words[position]) else { return false }
      return next(position + 1, state)
    case .phrase(let name):
      guard let wordClass = classes[name] else { return false }
      for length in wordClass.matchLengths(units.words, at: position, limit: count)
      where next(position + length, state) {
        return true
      }
      return false
    case .slot(let name, let wanted, _) where wanted.contains(Self.based):
      // The place of an "X-based" word: that one unit.
      guard position < count, units.basedEntity[position] >= 0 else { return false }
      var bound = state
      if let name {
        bound.bindings.append(.init(name: name, entities: [units.basedEntity[position]]))
      }
      return next(position + 1, bound)
    case .slot(let name, let wanted, _)
    where refers(position) && wanted.contains(Self.reference):
      // A description ("the company"): its one unit, bound to its antecedent when that has
      // one of the slot's labels; a slot of `REF` alone binds any antecedent (a rule then
      // runs only in sentences with a description, as the bare titles' rule).
      let antecedent = references[position]
      guard wanted.count == 1 || entityHasLabel(antecedent, wanted) else { return false }
      var bound = state
      if let name { bound.bindings.append(.init(name: name, entities: [antecedent])) }
      return next(position + 1, bound)
    case .slot(let name, let wanted, let coordinated):
      guard position < count, units.entityEnd[position] > position else { return false }
      let entity = units.entity[position]
      guard entityHasLabel(entity, wanted) else { return false }
      var options = [(end: units.entityEnd[position], entities: [entity])]
      if coordinated {
        options += coordinatedEntities(
          after: options[0].end, like: entity, places: name == "tail")
      }
      for option in options.reversed() {
        var bound = state
        if let name { bound.bindings.append(.init(name: name, entities: option.entities)) }
        if next(option.end, bound) { return true }
      }
      return false
    case .content:
      guard position < count, isContentWord(position) else { return false }
      return next(position + 1, state)
    case .gap(let maxLength, let crossesEntities):
      var end = position
      while true {
        if next(end, state) { return true }
        guard end < count, end - position < maxLength, !negation.contains(units.words[end]) else {
          return false
        }
        if !crossesEntities, units.entity[end] >= 0, blocksGap[units.entity[end]] { return false }
        end += 1
      }
    case .group(let alternatives):
      for alternative in alternatives where match(alternative[...], position, state, next) {
        return true
      }
      return false
    case .capture(let name, let inner):
      return matchOne(inner, position, state) { end, after in
        var captured = after
        captured.captures.append((name, position, end))
        return next(end, captured)
      }
    case .repeated(let inner, let minimum, let maximum):
      return repeatMatch(inner, minimum, maximum, 0, position, state, next)
    case .not(let inner):
      let blocked = matchOne(inner, position, state) { _, _ in true }
      return blocked ? false : next(position, state)
    }
  }

  /// Whether the unit is a lower-case word outside entities that is neither a function word
  /// (the rule file's `function` class) nor a negation.
  private func isContentWord(_ position: Int) -> Bool {
    let word = units.words[position]
    return !units.capitalized[position] && units.entity[position] < 0
      && word.first?.isLetter == true && !negation.contains(word) && !functionWords.contains(word)
  }

  private static let joiners: Set<String> = [
    ",", "and", "as", "well", "&", "along", "with", "together",
  ]
  private static let fillers: Set<String> = [
    "his", "her", "their", "its", "the", "then", "former", "'s", "incoming", "fellow",
  ]

  /// The lists "X, Y and his deputy Z" continue with (between names: with `places` (a
  /// tail), an organisation's place, "in Greenbelt, Maryland", then joiners, then up to five capitalised words,
  /// other entities, possessives or `title`/`rolemod` class entries, a several-word one
  /// counting once): for each further entity of the same label, the unit after it and the
  /// entities so far.
  private func coordinatedEntities(after start: Int, like first: Int, places: Bool) -> [(
    end: Int, entities: [Int]
  )] {
    var result: [(end: Int, entities: [Int])] = []
    var entities = [first]
    var position = start
    let label = labels[first]
    // Places joined by commas alone are a place and its region ("in Nashville, Tennessee"),
    // no list: a list of places is offered only once an "and" has joined it.
    var joined = label != "LOC"
    while position < units.count {
      var cursor = places && label == "ORG" ? afterLocative(position) : position
      let joinerStart = cursor
      while cursor < units.count, Self.joiners.contains(units.words[cursor]) { cursor += 1 }
      guard cursor > joinerStart else { break }
      // After a place, only "and" goes on ("in Washington, D.C." is no list).
      if joinerStart > position,
        !units.words[joinerStart..<cursor].contains(where: { $0 == "and" || $0 == "&" })
      {
        break
      }
      if units.words[joinerStart..<cursor].contains(where: { $0 != "," }) { joined = true }
      var skipped = 0
      while cursor < units.count, skipped < 5,
        units.entityEnd[cursor] < 0 || labels[units.entity[cursor]] != label
      {
        let inEntity = units.entity[cursor] >= 0
        let word = units.words[cursor]
        // A title of several words ("Secretary of Defense") is skipped whole.
        let titleLength = ["title", "rolemod"].reduce(0) { longest, name in
          let lengths = classes[name]?.matchLengths(units.words, at: cursor, limit: units.count)
          return max(longest, lengths?.max() ?? 0)
        }
        guard
          inEntity || units.capitalized[cursor] || Self.fillers.contains(word) || titleLength > 0
        else { break }
        if inEntity, units.entityEnd[cursor] > cursor {
          cursor = units.entityEnd[cursor]
        } else {
          cursor += max(titleLength, 1)
        }
        skipped += 1
      }
      guard cursor < units.count, units.entityEnd[cursor] > cursor,
        labels[units.entity[cursor]] == label, !isTitleName(at: cursor)
      else { break }
      entities.append(units.entity[cursor])
      position = units.entityEnd[cursor]
      if joined { result.append((position, entities)) }
    }
    return result
  }

  /// Whether the name starting at `position` is a title the entities stage took for a name
  /// ("Head" of "Jane Roe, Head of Platform Solutions"): its words are one phrase of the
  /// rule file's `title` class. Such a name ends a list.
  private func isTitleName(at position: Int) -> Bool {
    let length = units.entityEnd[position] - position
    return classes["title"]?.matchLengths(units.words, at: position, limit: units.count)
      .contains(length) == true
  }

  /// After an organisation in a list, the unit past its place ("in Greenbelt, Maryland" of
  /// "NASA's Goddard Space Flight Center in Greenbelt, Maryland, and American University"):
  /// "in" and places separated by commas; `position` itself when none follows.
  private func afterLocative(_ position: Int) -> Int {
    guard position + 1 < units.count, units.words[position] == "in" else { return position }
    var cursor = position + 1
    var places = 0
    while cursor < units.count, units.entityEnd[cursor] > cursor,
      labels[units.entity[cursor]] == "LOC"
    {
      places += 1
      let end = units.entityEnd[cursor]
      guard end + 1 < units.count, units.words[end] == ",", units.entityEnd[end + 1] > end + 1,
        labels[units.entity[end + 1]] == "LOC"
      else {
        cursor = end
        break
      }
      cursor = end + 1
    }
    return places > 0 ? cursor : position
  }

  private func repeatMatch(
    _ node: RulePatternNode, _ minimum: Int, _ maximum: Int, _ done: Int, _ position: Int,
    _ state: RulePatternMatch, _ next: (Int, RulePatternMatch) -> Bool
  ) -> Bool {
    if done < maximum {
      let more = matchOne(node, position, state) { end, after in
        end > position && repeatMatch(node, minimum, maximum, done + 1, end, after, next)
      }
      if more { return true }
    }
    return done >= minimum && next(position, state)
  }
}
