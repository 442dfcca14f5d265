import Foundation
import Pipeline
import Stages

/// Training sentences taken from unlabelled text tagged by a trained entity model
/// (self-training, to adapt a model trained on CoNLL-2003's 1996 Reuters wire to the names of
/// today's news).
///
/// Each English text runs through the sentences stage and the entities stage (with the given
/// model and all the stage's rules, the name group classifier off: the entity model never
/// depends on `groups-en.tsv`, which is trained on the entity models' outputs). In each document, a name (its exact text) is kept when
/// every mention of it has the same label and at least ``minimumConfidence``; a sentence
/// becomes an example when it has at least one PERSON, ORG, LOC or MISC name and all of them
/// are kept names whose edges are token edges. The sentence's other words are `O`, as the
/// model tagged them. Deterministic: the texts in order, no sampling.
package struct SelfTraining {
  /// Least confidence of every mention of a name in its document (the gazetteer's 0.9 and
  /// the model's unsure labels keep a sentence out).
  package var minimumConfidence = 0.99
  /// Least share of "the", "and" and "of" among a text's words: texts below it are not
  /// English (or not prose) and are skipped.
  package var minimumFunctionWordShare = 0.04

  package init() {}

  /// The model's labels as training types (the stage exports CoNLL's `PER` as `PERSON`).
  static let trainingTypes = ["PERSON": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"]

  /// The examples of every English text, tagged by `model`, and how many texts were English.
  package func examples(texts: [String], model: NERModel) throws -> (
    examples: [NERExample], englishTexts: Int
  ) {
    let sentences = try ShippedStages.sentences(ShippedStages.context("train-ner"))
    let entities = try EntitiesStage(config: Self.stageConfig(), model: model)
    var result: [NERExample] = []
    var englishTexts = 0
    for (index, text) in texts.enumerated()
    where Self.functionWordShare(text) >= minimumFunctionWordShare {
      englishTexts += 1
      var document = Document(
        id: "text-\(index)", location: "text-\(index)", format: .text, source: text)
      try sentences.process(&document)
      try entities.process(&document)
      result += examples(document)
    }
    return (result, englishTexts)
  }

  /// The entities stage's configuration for tagging: the default one with the group classifier
  /// off (self-training needs no fixed point between the entity model and the classifier).
  package static func stageConfig() throws -> EntitiesStage.Config {
    try ShippedStages.entitiesConfig(groupClassifier: false)
  }

  /// The share of "the", "and" and "of" (any case, edge punctuation ignored) among the
  /// text's space-separated words; 0 for a text without words.
  package static func functionWordShare(_ text: String) -> Double {
    var words = 0
    var function = 0
    for word in text.split(whereSeparator: \.isWhitespace) {
      words += 1
      let core = word.trimmingCharacters(in: .punctuationCharacters).lowercased()
      if core == "the" || core == "and" || core == "of" { function += 1 }
    }
    return words == 0 ? 0 : Double(function) / Double(words)
  }

  /// The sentences of a tagged document whose names are all kept (see the type's summary).
  func examples(_ document: Document) -> [NERExample] {
    let names = document.entities.filter { Self.trainingTypes[$0.label] != nil }
    var labels: [String: Set<String>] = [:]
    var least: [String: Double] = [:]
    for name in names {
      let key = document.slice(name)
      labels[key, default: []].insert(name.label)
      least[key] = min(least[key] ?? 1, name.confidence)
    }
    let kept = Set(
      labels.compactMap { key, found in
        found.count == 1 && (least[key] ?? 0) >= minimumConfidence ? key : nil
      })
    let bytes = Array(document.text.utf8)
    var result: [NERExample] = []
    var next = 0
    for range in document.sentenceTokenRanges() {
      guard let first = range.first, let last = range.last else { continue }
      let start = document.tokens[first].start
      let end = document.tokens[last].end
      while next < names.count && names[next].end <= start { next += 1 }
      var spans: [NERSpan] = []
      var usable = true
      var index = next
      while index < names.count && names[index].start < end {
        let name = names[index]
        index += 1
        guard name.start >= start, name.end <= end, kept.contains(document.slice(name)),
          let type = Self.trainingTypes[name.label],
          let firstToken = range.first(where: { document.tokens[$0].start == name.start }),
          let lastToken = range.first(where: { document.tokens[$0].end == name.end }),
          lastToken >= firstToken
        else {
          usable = false
          break
        }
        spans.append(
          NERSpan(
            first: firstToken - first, end: lastToken - first + 1, type: type))
      }
      guard usable, !spans.isEmpty else { continue }
      result.append(
        NERExample(
          bytes: Array(bytes[start..<end]),
          tokens: document.tokens[range].map {
            Token(start: $0.start - start, end: $0.end - start)
          },
          entities: spans))
    }
    return result
  }
}
