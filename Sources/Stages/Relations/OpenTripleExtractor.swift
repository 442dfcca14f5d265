import Pipeline

/// ReVerb-style open triples: two entities of one sentence, adjacent in it, linked by a
/// relation phrase `(aux|adverb)* VERB word{0,3} (preposition)?` ("Israel buys oil from
/// Azerbaijan" -> predicate "buys oil from").
struct OpenTripleExtractor: Sendable {
  let verbs: VerbLexicon
  let negation: Set<String>
  /// Entity labels that take part in open triples.
  let labels: Set<String>
  let maxWords: Int
  let confidence: Double

  static let auxiliaries: Set<String> = [
    "has", "have", "had", "will", "would", "is", "was", "are", "were", "be", "been", "also",
    "recently", "reportedly", "today", "yesterday", "then", "later", "again", "did", "does",
    "can", "could", "may", "might", "should", "shall", "must", "to", "jointly", "formally",
    "officially", "quickly", "already", "now", "strongly", "still", "has been", "being",
  ]
  static let prepositions: Set<String> = [
    "from", "to", "in", "with", "into", "on", "at", "for", "against", "by", "of", "over",
    "through", "across", "toward", "towards", "inside", "near", "about", "onto",
  ]
  /// Words that end a relation phrase: clause boundaries, relative pronouns, conjunctions.
  static let breakers: Set<String> = [
    "and", "or", "but", "that", "which", "who", "whom", "whose", "while", "because", "if",
    "when", "after", "before", "although", "though", "as", "said", "says", "say", "where",
  ]

  func relations(in context: SentenceContext, excluding pairs: Set<[Int]>) -> [Relation] {
    let units = context.units
    var mentions: [(entity: Int, start: Int, end: Int)] = []
    var position = 0
    while position < units.count {
      let end = units.entityEnd[position]
      if end > position {
        mentions.append((units.entity[position], position, end))
        position = end
      } else {
        position += 1
      }
    }
    var result: [Relation] = []
    for index in mentions.indices.dropLast() {
      let head = mentions[index]
      let tail = mentions[index + 1]
      guard usable(head.entity, context), usable(tail.entity, context),
        !pairs.contains([head.entity, tail.entity]), !pairs.contains([tail.entity, head.entity]),
        context.name(of: head.entity).lowercased() != context.name(of: tail.entity).lowercased(),
        let phrase = relationPhrase(units, from: head.end, to: tail.start)
      else { continue }
      if head.start > 0, Self.prepositions.contains(units.words[head.start - 1]) { continue }
      result.append(
        Relation(
          relation: "open", head: head.entity, tail: tail.entity, sentence: context.sentence,
          predicate: context.text(phrase.lowerBound, phrase.upperBound), rule: "open",
          confidence: confidence, evidenceStart: units.starts[head.start],
          evidenceEnd: units.ends[tail.end - 1]))
    }
    return result
  }

  private func usable(_ entity: Int, _ context: SentenceContext) -> Bool {
    labels.contains(context.labels[entity]) && !context.demonym[entity]
  }

  /// The units between two entities when they form a relation phrase (the predicate range).
  private func relationPhrase(_ units: SentenceUnits, from start: Int, to end: Int) -> Range<Int>? {
    guard end > start, end - start <= maxWords else { return nil }
    var position = start
    while position < end, Self.auxiliaries.contains(units.words[position]),
      !verbs.contains(units.words[position])
    {
      position += 1
    }
    guard position < end, verbs.contains(units.words[position]) else { return nil }
    for index in start..<end {
      let word = units.words[index]
      guard word.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return nil }
      if negation.contains(word) || Self.breakers.contains(word) { return nil }
    }
    let last = units.words[end - 1]
    let endsWell = end - 1 == position || Self.prepositions.contains(last) || verbs.contains(last)
    guard endsWell, end - 1 - position <= 4 else { return nil }
    return start..<end
  }
}
