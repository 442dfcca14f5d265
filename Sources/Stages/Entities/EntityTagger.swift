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
  /// Lower-cased hashes of the hand-written `common_words.txt` (connectives, prepositions,
  /// page labels): such a word opening a sentence is never the start of a name.
  let openers: Set<UInt64>
  /// Lower-cased hashes of single-word titles ("commander", "minister"): a model span with
  /// one written in lower case inside ("Army commander Kiumars Heydari") is two names.
  let titleWords: Set<UInt64>
  init(model: NERModel, gazetteer: Gazetteer, openers: [String]) {
    self.model = model
    self.gazetteer = gazetteer
    self.openers = FeatureExtractor.commonWords(in: [], words: openers)
    self.titleWords = FeatureExtractor.commonWords(
      in: [],
      words: gazetteer.entries.filter { $0.label == "TITLE" && !$0.name.contains(" ") }.map {
        $0.name.lowercased()
      })
    self.extractor = FeatureExtractor(
      gazetteer: gazetteer, bucketBits: model.bucketBits, commonWords: model.commonWords)
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
    // 2. The model: spans trimmed of edge punctuation, possessives and a sentence-initial
    // common word, reconciled with the bundled gazetteers (see `reconciled`).
    var modelSpans: [(first: Int, end: Int, index: Int)] = []
    let spans = BIO.spans(decoded.tags).flatMap { span -> [ModelSpan] in
      guard let (first, end) = trimmed(span.first, span.end, text, tokens, sentence),
        // A title or part of one alone ("Brig." of "Brig. Gen.") is not a name.
        !matches.contains(where: {
          $0.first <= first && $0.end >= end && gazetteer.entries[$0.entry].label == "TITLE"
        })
      else {
        return []
      }
      var confidence: Float = 0
      for position in first..<end { confidence += decoded.probabilities[position] }
      confidence /= Float(end - first)
      let whole = ModelSpan(
        first: first, end: end, label: EntitiesStage.exportLabel(model.types[span.type]),
        confidence: Double(confidence), cut: first != span.first || end != span.end)
      return splitAtTitle(whole, text, tokens, sentence, matches).flatMap {
        cutAtPreposition($0, text, tokens, sentence)
      }.map {
        let labelled = labeledByHeadNoun(
          placeByPlaceWord(
            personAfterTitle(
              withoutLeadingTitle($0, matches, sentence), text, tokens, sentence, matches),
            text, tokens, sentence), text, tokens, sentence)
        return organisationByGroupNoun(labelled, text, tokens, sentence)
      }
    }
    let nameLike = { (position: Int) -> Bool in
      let token = tokens[tokens.startIndex + position]
      return FeatureExtractor.startsUppercase(text, token.start, token.end)
        && !openers.contains(sentence.lower[position])
        && sentence.lower[position] != Self.theHash
    }
    for span in reconciled(joinedInstitutions(spans, sentence), matches, nameLike: nameLike)
    where !taken[span.first..<span.end].contains(true) {
      if let entry = span.entry {
        add(
          gazetteerEntity(Gazetteer.Match(first: span.first, end: span.end, entry: entry)),
          span.first, span.end)
        continue
      }
      guard span.confidence >= minConfidence else { continue }
      modelSpans.append((span.first, span.end, result.count))
      let rounded = (span.confidence * 1000).rounded() / 1000
      add(entity(span.first, span.end, span.label, "model", rounded), span.first, span.end)
    }
    // Model spans that a pattern entity over them replaces (removed from `result` at the end).
    var replaced = Set<Int>()
    /// Adds a pattern entity over tokens `[first, end)` when everything already found there
    /// is model spans, which it replaces (all of them, or, with `strictly`, only when it
    /// covers more than they do).
    func replacingModelSpans(
      _ first: Int, _ end: Int, _ label: String, confidence: Double, strictly: Bool
    ) {
      let inside = modelSpans.filter {
        $0.first >= first && $0.end <= end && !replaced.contains($0.index)
      }
      let covered = inside.reduce(0) { $0 + $1.end - $1.first }
      guard taken[first..<end].filter({ $0 }).count == covered, !strictly || covered < end - first
      else { return }
      for span in inside { replaced.insert(span.index) }
      add(entity(first, end, label, "pattern", confidence), first, end)
    }
    // 2a. One-token places inside a larger token: the state in a US party-state tag
    // ("(D-Minn.)", "R-Texas": no name of its own) and the place in "London-based" (a place,
    // not a nationality or a name). Each replaces a model span on that token alone.
    func addPlace(at position: Int, trimStart: Int, trimEnd: Int) {
      for span in modelSpans where span.first == position && span.end == position + 1 {
        replaced.insert(span.index)
        taken[position] = false
      }
      guard !taken[position] else { return }
      let token = tokens[base + position]
      add(
        Entity(
          start: token.start + trimStart, end: token.end - trimEnd, label: "LOC",
          origin: "pattern", confidence: 0.8), position, position + 1)
    }
    for position in partyStateTags(text, tokens) {
      addPlace(at: position, trimStart: 2, trimEnd: 0)
    }
    for position in basedPlaces(text, tokens) {
      addPlace(at: position, trimStart: 0, trimEnd: Self.basedSuffix.count)
    }
    // 2b. Unit names ("5th Special Forces Group"), over the model spans they contain.
    if let patterns {
      for unit in patterns.unitNames.matches(in: text, tokens: tokens) {
        replacingModelSpans(unit.first, unit.end, "ORG", confidence: 0.9, strictly: false)
      }
    }
    // 2c. Arabic place names written with a lower-case article after a locative preposition
    // ("at al-Tanf", "near el-Arish"), where nothing was found.
    for position in articlePlaces(text, tokens, sentence) where !taken[position] {
      add(entity(position, position + 1, "LOC", "pattern", 0.7), position, position + 1)
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
      for match in patterns.matches(in: text, tokens: tokens) {
        replacingModelSpans(match.first, match.end, match.label, confidence: 0.95, strictly: true)
      }
    }
    if !replaced.isEmpty {
      result = result.enumerated().filter { !replaced.contains($0.offset) }.map(\.element)
    }
    result.sort { $0.start < $1.start }
    return result
  }

  /// A model span, or a gazetteer name that replaces model spans (`entry` set).
  struct ModelSpan {
    var first: Int
    var end: Int
    var label: String
    var confidence: Double
    var entry: Int? = nil
    /// Whether words were cut off the model's span: its label was given to more than this.
    var cut = false
  }

  /// Gazetteer kinds trusted over an unsure model label.
  static let trustedKinds: Set<String> = [
    "country", "city", "region", "org", "government", "demonym",
  ]
  static let theHash = FeatureExtractor.commonWords(in: [], words: ["the"]).first ?? 0
  /// Model confidence below which a trusted gazetteer name with another label wins.
  static let overrideBelow = 0.75
  /// The same for organisation names, which a model trained on 1996 news knows least.
  static let organisationOverrideBelow = 0.9

  /// Model spans reconciled with the bundled gazetteer matches of the sentence:
  /// * a trusted name made of model spans, the tokens between them and capitalised words
  ///   around them (`nameLike`; not "The"), and cutting no other span, replaces them
  ///   ("Ministry" + "Foreign Affairs" in "Ministry of Foreign Affairs", "Israel Public
  ///   Affairs Committee" in "American Israel Public Affairs Committee");
  /// * a trusted name that is exactly a model span with another label gives its label when
  ///   the model is unsure (SOCAR tagged LOC at 0.42 becomes ORG), unless the model's ORG
  ///   meets a place name (a team or a metonym), or a nationality word meets an ORG.
  func reconciled(
    _ spans: [ModelSpan], _ matches: [Gazetteer.Match], nameLike: (Int) -> Bool
  ) -> [ModelSpan] {
    var spans = spans
    for match in matches {
      let entry = gazetteer.entries[match.entry]
      guard Self.trustedKinds.contains(entry.kind) else { continue }
      let inside = spans.indices.filter {
        spans[$0].first >= match.first && spans[$0].end <= match.end
      }
      let cut = spans.contains {
        $0.first < match.end && $0.end > match.first
          && ($0.first < match.first || $0.end > match.end)
      }
      guard !inside.isEmpty, !cut else { continue }
      let innerFirst = inside.map { spans[$0].first }.min() ?? match.first
      let innerEnd = inside.map { spans[$0].end }.max() ?? match.end
      let edges = Array(match.first..<innerFirst) + Array(innerEnd..<match.end)
      guard edges.allSatisfy(nameLike) else { continue }
      if inside.count == 1 {
        let span = spans[inside[0]]
        // A city or region the model calls ORG is usually a team or a metonym ("New York
        // beat Boston"): only ORG names, places the model took for people or MISC, and
        // listed countries (news and CoNLL both call a country, or its team, a place) win.
        let overrides =
          entry.label == "ORG"
          || (entry.label == "LOC" && ["PERSON", "MISC"].contains(span.label))
          || (entry.kind == "country" && span.label == "ORG")
          || (entry.label == "MISC" && ["PERSON", "LOC"].contains(span.label))
        let exact = span.first == match.first && span.end == match.end
        if !exact {
          spans[inside[0]] = ModelSpan(
            first: match.first, end: match.end, label: entry.label, confidence: span.confidence,
            entry: match.entry)
        } else if span.label != entry.label {
          // A span the tagger labelled with words since cut off has no label of its own.
          let threshold = entry.label == "ORG" ? Self.organisationOverrideBelow : Self.overrideBelow
          // A one-word organisation name ("Mossad", "SOCAR") is rarely anything else, nor
          // is a listed government body ("White House") or a listed organisation name of
          // several words taken for a person ("Muslim Brotherhood").
          let oneWordOrganisation = entry.label == "ORG" && span.end - span.first == 1
          let sureOrganisation =
            (entry.label == "ORG" && (entry.kind == "government" || span.label == "PERSON"))
            || (entry.kind == "country" && span.label == "ORG")
          if span.cut
            || (overrides
              && (span.confidence < threshold || oneWordOrganisation || sureOrganisation))
          {
            spans[inside[0]].entry = match.entry
          }
        }
      } else {
        let confidence = inside.map { spans[$0].confidence }.max() ?? 0
        spans.removeAll { $0.first >= match.first && $0.end <= match.end }
        spans.append(
          ModelSpan(
            first: match.first, end: match.end, label: entry.label, confidence: confidence,
            entry: match.entry))
      }
    }
    return spans.sorted { $0.first < $1.first }
  }

  /// A model span `[first, end)` without edge tokens that cannot be part of a name: tokens
  /// without letters or digits (quotes, brackets, a sentence's full stop), a trailing
  /// possessive, and a connective or preposition opening the sentence ("Unlike Tehran").
  /// `nil` when nothing is left or no token is capitalised ("of").
  func trimmed(
    _ first: Int, _ end: Int, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> (Int, Int)? {
    let base = tokens.startIndex
    func bytes(_ position: Int) -> Slice<UnsafeBufferPointer<UInt8>> {
      text[tokens[base + position].start..<tokens[base + position].end]
    }
    func junk(_ position: Int) -> Bool {
      let token = bytes(position)
      if token.contains(where: { $0 >= 0x80 }) {
        return !String(decoding: token, as: UTF8.self).unicodeScalars.contains {
          $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
      }
      return !token.contains { Self.isAlphanumeric($0) }
    }
    var first = first
    var end = end
    while first < end,
      junk(first) || (first == 0 && end - first > 1 && openers.contains(sentence.lower[first]))
    {
      first += 1
    }
    while end > first,
      junk(end - 1) || Self.isPossessive(bytes(end - 1)) || Self.isTrailingAdverb(bytes(end - 1))
        || (end - 1 > first && openers.contains(sentence.lower[end - 1])
          && !bytes(end - 1).contains { $0 >= 0x41 && $0 <= 0x5A })
    {
      end -= 1
    }
    guard first < end else { return nil }
    let capitalised = (first..<end).contains { position in
      guard let lead = bytes(position).first else { return false }
      return (lead >= 0x41 && lead <= 0x5A) || (lead >= 0x30 && lead <= 0x39) || lead >= 0x80
    }
    return capitalised ? (first, end) : nil
  }

  static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
      || (byte >= 0x61 && byte <= 0x7A)
  }

  /// A lower-case adverb in `-ly` ("MFA unexpectedly"): never the end of a name.
  static func isTrailingAdverb(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    token.count > 3 && token.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
      && token[token.endIndex - 2] == 0x6C && token[token.endIndex - 1] == 0x79
  }

  /// `'s` or `’s` (any case).
  static func isPossessive(_ token: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    let bytes = Array(token)
    let ascii = bytes.count == 2 && bytes[0] == 0x27
    let curly = bytes.count == 4 && bytes[0] == 0xE2 && bytes[1] == 0x80 && bytes[2] == 0x99
    return (ascii || curly) && (bytes.last == 0x73 || bytes.last == 0x53)
  }
}
