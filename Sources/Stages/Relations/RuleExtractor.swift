import Pipeline

/// Applies a rule book's rules to one sentence and turns matches into relations.
struct RuleExtractor: Sendable {
  let book: RuleBook
  /// Builds the argument phrases from the book's `phrase_*` classes.
  let phrases: ArgumentPhrase
  /// Resolves the descriptions a `REF` slot binds ("the company").
  let antecedents: Antecedents

  init(book: RuleBook, antecedents: Antecedents) {
    self.book = book
    self.phrases = ArgumentPhrase(classes: book.classes)
    self.antecedents = antecedents
  }

  func relations(in context: SentenceContext) -> [Relation] {
    var result: [Relation] = []
    var present = [Bool](repeating: false, count: book.requirementWords.count)
    for word in context.units.words {
      if let id = book.requirementWords[word] { present[id] = true }
    }
    // Empty when no unit can be a description (most sentences).
    let references =
      antecedents.mayRefer(present: present, vocabulary: book.requirementWords)
      ? antecedents.references(in: context) : []
    let matcher = RulePatternMatcher(
      units: context.units, classes: book.classes, negation: book.negation,
      labels: context.labels, demonym: context.demonym, blocksGap: context.blocksGap,
      functionWords: book.functionWords, references: references)
    var labels: Set<String> = []
    for index in context.units.entity where index >= 0 {
      labels.insert(context.labels[index])
      if context.demonym[index] { labels.insert("DEMONYM") }
    }
    if context.units.basedEntity.contains(where: { $0 >= 0 }) {
      labels.insert(RulePatternMatcher.based)
    }
    if references.contains(where: { $0 >= 0 }) {
      labels.insert(RulePatternMatcher.reference)
    }
    for rule in book.rules where rule.requirement.allows(present: present, labels: labels) {
      // A match after a `not_after` word is dropped before the leftmost one is chosen, so
      // that a name after "of" ("X of Victoria Hospital and Y, Z of the ORG") does not hide
      // the list that starts after it.
      let allowed = matcher.matches(rule.pattern).filter {
        !follows(rule.notAfter, $0, context.units)
      }
      for match in leftmost(allowed) where !isNegated(match, context.units) {
        result += relations(for: match, rule: rule, context: context)
      }
    }
    return result
  }

  /// Of a rule's matches that end at the same unit with the same tail, only the one that
  /// starts first: in "Hajiyev briefed President Aliyev before heading to Ankara" the
  /// subject is Hajiyev, not the nearer Aliyev.
  private func leftmost(_ matches: [RulePatternMatch]) -> [RulePatternMatch] {
    var seen: Set<[Int]> = []
    return matches.filter { match in
      let tail = match.bindings.first { $0.name == "tail" }?.entities ?? []
      return seen.insert([match.end] + tail).inserted
    }
  }

  /// Whether the unit just before the match is one of `words` (a rule's `not_after`).
  private func follows(_ words: Set<String>, _ match: RulePatternMatch, _ units: SentenceUnits)
    -> Bool
  {
    !words.isEmpty && match.start > 0 && words.contains(units.words[match.start - 1])
  }

  private func isNegated(_ match: RulePatternMatch, _ units: SentenceUnits) -> Bool {
    (match.start..<match.end).contains { book.negation.contains(units.words[$0]) }
  }

  private func relations(for match: RulePatternMatch, rule: RelationRule, context: SentenceContext)
    -> [Relation]
  {
    guard let head = match.bindings.first(where: { $0.name == "head" }),
      let tail = match.bindings.first(where: { $0.name == "tail" })
    else { return [] }
    let heads = head.entities
    let tails = tail.entities
    var role: String?
    var predicate: String?
    var attributes: [String: String] = [:]
    for capture in match.captures {
      let text = context.text(capture.start, capture.end)
      switch capture.name {
      case "role": role = text
      case "predicate": predicate = text
      default: attributes[capture.name] = text
      }
    }
    let units = context.units
    var evidenceEnd = units.ends[max(match.start, match.end - 1)]
    for entity in heads + tails {
      evidenceEnd = max(evidenceEnd, context.document.entities[entity].end)
    }
    var result: [Relation] = []
    for headEntity in heads {
      for tailEntity in tails where headEntity != tailEntity {
        guard context.name(of: headEntity).lowercased() != context.name(of: tailEntity).lowercased()
        else { continue }
        var withPhrases = attributes
        if let phrase = phrases.phrase(of: headEntity, other: tailEntity, in: context) {
          withPhrases["head_phrase"] = phrase
        }
        if let phrase = phrases.phrase(of: tailEntity, other: headEntity, in: context) {
          withPhrases["tail_phrase"] = phrase
        }
        result.append(
          Relation(
            relation: rule.relation, head: headEntity, tail: tailEntity, sentence: context.sentence,
            role: role, predicate: predicate, rule: rule.id, confidence: rule.confidence,
            evidenceStart: units.starts[match.start], evidenceEnd: evidenceEnd,
            attributes: withPhrases))
      }
    }
    return result
  }
}
