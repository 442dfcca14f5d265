import Foundation
import Pipeline

/// Tags one sentence: user gazetteer names, the model, bundled gazetteer names and patterns, in
/// that precedence (see ``EntitiesStage``), sorted by start, never overlapping.
struct EntityTagger: Sendable {
  let model: NERModel
  let gazetteer: Gazetteer
  let extractor: FeatureExtractor
  let decoder: GreedyDecoder
  /// Softmax temperature in quantised score units (confidence calibration).
  let temperature: Float

  init(model: NERModel, gazetteer: Gazetteer) {
    self.model = model
    self.gazetteer = gazetteer
    self.extractor = FeatureExtractor(gazetteer: gazetteer, bucketBits: model.bucketBits)
    self.decoder = GreedyDecoder(extractor: extractor)
    self.temperature = 4 / model.scale
  }

  func entities(
    in text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>, patterns: PatternMatcher?,
    gazetteerEntities: Bool, minConfidence: Double
  ) -> [Entity] {
    guard !tokens.isEmpty else { return [] }
    let matches = gazetteer.matches(in: text, tokens: tokens)
    let sentence = extractor.extract(text, tokens: tokens, matches: matches)
    let decoded = decoder.decode(model, sentence, temperature: temperature)
    let base = tokens.startIndex
    var taken = [Bool](repeating: false, count: tokens.count)
    var result: [Entity] = []
    func add(_ entity: Entity, _ first: Int, _ end: Int) {
      for position in first..<end { taken[position] = true }
      result.append(entity)
    }
    func entity(_ first: Int, _ end: Int, _ label: String, _ origin: String, _ confidence: Double)
      -> Entity
    {
      Entity(
        start: tokens[base + first].start, end: tokens[base + end - 1].end, label: label,
        origin: origin, confidence: confidence)
    }
    func gazetteerEntity(_ match: Gazetteer.Match) -> Entity {
      let entry = gazetteer.entries[match.entry]
      var found = entity(match.first, match.end, entry.label, "gazetteer", 0.9)
      found.canonical = entry.canonical
      if entry.kind == "demonym", let country = entry.country {
        found.attributes["country"] = country
      }
      return found
    }
    // 1. User lists from the pipeline file.
    for match in matches where gazetteer.entries[match.entry].kind == "user" {
      add(gazetteerEntity(match), match.first, match.end)
    }
    // 2. The model.
    var modelSpans: [(first: Int, end: Int, index: Int)] = []
    for span in BIO.spans(decoded.tags) where !taken[span.first..<span.end].contains(true) {
      var confidence: Float = 0
      for position in span.first..<span.end { confidence += decoded.probabilities[position] }
      confidence /= Float(span.end - span.first)
      guard Double(confidence) >= minConfidence else { continue }
      modelSpans.append((span.first, span.end, result.count))
      let rounded = (Double(confidence) * 1000).rounded() / 1000
      add(
        entity(
          span.first, span.end, EntitiesStage.exportLabel(model.types[span.type]), "model", rounded),
        span.first, span.end)
    }
    // 3. Bundled gazetteers, where nothing was found.
    if gazetteerEntities {
      for match in matches {
        let entry = gazetteer.entries[match.entry]
        guard entry.label != "TITLE", entry.kind != "user",
          !taken[match.first..<match.end].contains(true)
        else { continue }
        add(gazetteerEntity(match), match.first, match.end)
      }
    }
    // 4. Patterns, where nothing was found; a pattern that strictly contains model entities
    // (and overlaps nothing else) replaces them: "10:30 GMT" over a model's "GMT".
    if let patterns {
      var replaced = Set<Int>()
      for match in patterns.matches(in: text, tokens: tokens) {
        let inside = modelSpans.filter { $0.first >= match.first && $0.end <= match.end }
        let covered = inside.reduce(0) { $0 + $1.end - $1.first }
        let taken = taken[match.first..<match.end].filter { $0 }.count
        guard taken == covered, covered < match.end - match.first else { continue }
        for span in inside { replaced.insert(span.index) }
        add(entity(match.first, match.end, match.label, "pattern", 0.95), match.first, match.end)
      }
      if !replaced.isEmpty {
        result = result.enumerated().filter { !replaced.contains($0.offset) }.map(\.element)
      }
    }
    result.sort { $0.start < $1.start }
    return result
  }
}
