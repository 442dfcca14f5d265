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
  /// Lower-cased hashes of place nouns ("district", "province"): a model PERSON just before
  /// one ("Jabrayil district") is a place (see `placeByPlaceWord`).
  static let placeNouns = FeatureExtractor.commonWords(
    in: [],
    words: [
      "district", "districts", "province", "provinces", "region", "county", "governorate",
      "oblast", "municipality", "prefecture", "village", "town", "city", "valley", "river",
      "mountains", "desert", "peninsula", "airport", "airbase", "corridor", "border", "border",
      "crossing", "strait", "gulf", "lake", "island", "islands",
    ])

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
      return splitAtTitle(whole, text, tokens, sentence, matches).map {
        labeledByHeadNoun(
          placeByPlaceWord(
            personAfterTitle(withoutLeadingTitle($0, matches), text, tokens, sentence, matches),
            text, tokens, sentence), text, tokens, sentence)
      }
    }
    let nameLike = { (position: Int) -> Bool in
      let lead = text[tokens[tokens.startIndex + position].start]
      let upper =
        lead >= 0x41 && lead <= 0x5A
        || lead >= 0xC0
          && FeatureExtractor.letterCase(
            text, tokens[tokens.startIndex + position].start,
            tokens[tokens.startIndex + position].end) == 0x58
      return upper && !openers.contains(sentence.lower[position])
        && sentence.lower[position] != Self.theHash
    }
    for span in reconciled(spans, matches, nameLike: nameLike)
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
    // 2b. Unit names ("5th Special Forces Group"), over the model spans they contain.
    if let patterns {
      for unit in patterns.unitNames.matches(in: text, tokens: tokens) {
        replacingModelSpans(unit.first, unit.end, "ORG", confidence: 0.9, strictly: false)
      }
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
        // A city or country the model calls ORG is usually a team or a metonym ("New York
        // beat Boston"): only ORG names, or places the model took for people or MISC, win.
        let overrides =
          entry.label == "ORG" || (entry.label == "LOC" && ["PERSON", "MISC"].contains(span.label))
          || (entry.label == "MISC" && ["PERSON", "LOC"].contains(span.label))
        let exact = span.first == match.first && span.end == match.end
        if !exact {
          spans[inside[0]] = ModelSpan(
            first: match.first, end: match.end, label: entry.label, confidence: span.confidence,
            entry: match.entry)
        } else if span.label != entry.label {
          // A span the tagger labelled with words since cut off has no label of its own.
          let threshold = entry.label == "ORG" ? Self.organisationOverrideBelow : Self.overrideBelow
          // A one-word organisation name ("Mossad", "SOCAR") is rarely anything else.
          let oneWordOrganisation = entry.label == "ORG" && span.end - span.first == 1
          if span.cut || (overrides && (span.confidence < threshold || oneWordOrganisation)) {
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

  /// A span with a title inside ("Army commander Kiumars Heydari", "Strategic Affairs
  /// Minister Ron Dermer") as the name before the title (if any capitalised word is left)
  /// and the PERSON after it.
  func splitAtTitle(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> [ModelSpan] {
    let base = tokens.startIndex
    func lead(_ position: Int) -> UInt8 { text[tokens[base + position].start] }
    func isLower(_ position: Int) -> Bool { lead(position) >= 0x61 && lead(position) <= 0x7A }
    guard span.end - span.first >= 3 else { return [span] }
    // A lower-case title word inside ("Army commander Kiumars Heydari"), or a bundled title
    // inside ("Strategic Affairs Minister Ron Dermer").
    let lowerTitle = (span.first + 1..<span.end - 1).first {
      isLower($0) && titleWords.contains(sentence.lower[$0])
    }
    let namedTitle = matches.first {
      $0.first > span.first && $0.end < span.end && gazetteer.entries[$0.entry].label == "TITLE"
    }
    let title: Int
    var start: Int
    if let lowerTitle {
      title = lowerTitle
      start = lowerTitle + 1
    } else if let namedTitle, !Self.organisationNouns.contains(sentence.lower[span.end - 1]) {
      title = namedTitle.first
      start = namedTitle.end
    } else {
      return [span]
    }
    while start < span.end, isLower(start) { start += 1 }
    guard start < span.end, (start..<span.end).allSatisfy({ !isLower($0) }) else { return [span] }
    var person = span
    person.first = start
    person.label = "PERSON"
    var before = span
    before.end = title
    let keep = (before.first..<before.end).contains { lead($0) >= 0x41 && lead($0) <= 0x5A }
    return keep ? [before, person] : [person]
  }

  /// Words that end organisation names with a title inside ("Prime Minister's Office").
  static let organisationNouns = FeatureExtractor.commonWords(
    in: [],
    words: [
      "office", "ministry", "department", "council", "committee", "cabinet", "commission",
      "bureau", "agency", "secretariat", "staff", "corps", "court",
    ])

  /// A name right after a person's title ("Army commander Kiumars Heydari", "Secretary
  /// Kerry") is a PERSON, whatever label the model gave it.
  func personAfterTitle(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> ModelSpan {
    guard span.label != "PERSON", span.first > 0, span.end - span.first <= 4 else { return span }
    let base = tokens.startIndex
    let previous = text[tokens[base + span.first - 1].start]
    let lowerTitle =
      previous >= 0x61 && previous <= 0x7A && titleWords.contains(sentence.lower[span.first - 1])
    let namedTitle = matches.contains {
      $0.end == span.first && gazetteer.entries[$0.entry].label == "TITLE"
    }
    let capitalised = (span.first..<span.end).allSatisfy { position in
      let token = tokens[base + position]
      let lead = text[token.start]
      return lead >= 0x41 && lead <= 0x5A
        || lead >= 0xC0 && FeatureExtractor.letterCase(text, token.start, token.end) == 0x58
    }
    guard lowerTitle || namedTitle, capitalised,
      !Self.organisationNouns.contains(sentence.lower[span.end - 1])
    else { return span }
    var person = span
    person.label = "PERSON"
    return person
  }

  /// A span without the titles it starts with ("Special Advisor Thames" is "Thames"), as
  /// CoNLL writes names. What follows a title is a person's name, whatever the model said
  /// ("Secretary of Defense Ash Carter" tagged ORG from "Defense"), when the title has more
  /// than one word.
  func withoutLeadingTitle(_ span: ModelSpan, _ matches: [Gazetteer.Match]) -> ModelSpan {
    var span = span
    while let title = matches.first(where: {
      $0.first <= span.first && $0.end > span.first && $0.end < span.end
        && gazetteer.entries[$0.entry].label == "TITLE"
        // One title word before another label is often part of a name ("General Motors").
        && (span.label == "PERSON" || $0.end - $0.first > 1)
    }) {
      span.first = title.end
      span.label = "PERSON"
    }
    return span
  }

  static let administrationHash =
    FeatureExtractor.commonWords(in: [], words: ["administration"]).first ?? 0

  /// Words that start place names ("Fort Campbell", "Mount Sinjar").
  static let placePrefixes = FeatureExtractor.commonWords(
    in: [], words: ["fort", "mount", "mt.", "camp", "lake", "cape", "port", "gulf", "bay"])

  /// A model PERSON that a place word marks as a LOC: a lower-case place noun right after it
  /// ("Jabrayil district") or a place word starting it ("Fort Campbell", "Mount Sinjar"); and
  /// a name before a lower-case "administration" as a PERSON ("the Biden administration").
  func placeByPlaceWord(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> ModelSpan {
    if span.label != "PERSON", span.end - span.first <= 3, span.end < sentence.count,
      sentence.lower[span.end] == Self.administrationHash,
      text[tokens[tokens.startIndex + span.end].start] >= 0x61
    {
      // "the Biden administration": an administration is named after its leader.
      var person = span
      person.label = "PERSON"
      return person
    }
    guard span.label == "PERSON" else { return span }
    let nounAfter =
      span.end < sentence.count && Self.placeNouns.contains(sentence.lower[span.end])
      && text[tokens[tokens.startIndex + span.end].start] >= 0x61
    let prefix =
      span.end - span.first > 1 && Self.placePrefixes.contains(sentence.lower[span.first])
    guard nounAfter || prefix else { return span }
    var place = span
    place.label = "LOC"
    return place
  }

  /// Capitalised last words that make a name of several words a place ("Anbar Province",
  /// "Euphrates River Valley", "Incirlik Air Base", "Tiyas Military Airfield").
  static let placeHeads = FeatureExtractor.commonWords(
    in: [],
    words: [
      "province", "governorate", "district", "valley", "river", "mountains", "desert",
      "peninsula", "airport", "airfield", "airbase", "base", "strait", "basin", "plateau",
      "village",
    ])
  /// Capitalised last words that make a name of several words an organisation ("Syrian
  /// National Coalition", "Iraqi Army", "United States Treasury Department"). "Union" is left
  /// out: "Soviet Union" is a place.
  static let organisationHeads = FeatureExtractor.commonWords(
    in: [],
    words: [
      "coalition", "council", "army", "party", "front", "movement", "committee", "ministry",
      "department", "agency", "brigade", "battalion", "corps", "command", "alliance",
      "organization", "organisation", "association", "institute", "commission",
    ])

  /// Last words of company names, which may hold a founder's initial ("Edward D. Jones & Co").
  static let companyEnds = FeatureExtractor.commonWords(
    in: [],
    words: [
      "co", "co.", "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc", "ag", "sa",
      "nv", "group", "company", "sons", "associates", "partners", "bank", "fund",
    ])

  /// A model span of two or more words relabelled: a middle initial makes it a PERSON
  /// ("Charles H. Keating IV" was ORG); else by its capitalised last word, a place head
  /// ("Anbar Province" was ORG) makes it a LOC, an organisation head ("Syrian National
  /// Coalition" was MISC) an ORG.
  func labeledByHeadNoun(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence
  ) -> ModelSpan {
    guard span.end - span.first >= 2 else { return span }
    let last = span.end - 1
    let lead = text[tokens[tokens.startIndex + last].start]
    guard lead >= 0x41 && lead <= 0x5A else { return span }
    var relabelled = span
    if span.label != "PERSON", span.end - span.first >= 3,
      !Self.companyEnds.contains(sentence.lower[last]),
      !Self.organisationHeads.contains(sentence.lower[last]), hasMiddleInitial(span, text, tokens)
    {
      // "Charles H. Keating IV", "Stephen J. Townsend": a middle initial makes a person.
      relabelled.label = "PERSON"
    } else if Self.placeHeads.contains(sentence.lower[last]) {
      relabelled.label = "LOC"
    } else if Self.organisationHeads.contains(sentence.lower[last]) {
      relabelled.label = "ORG"
    }
    return relabelled
  }

  /// Whether a token inside the span (not first, not last) is one capital letter and a full
  /// stop between two capitalised words.
  func hasMiddleInitial(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>
  ) -> Bool {
    func isCapital(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    let base = tokens.startIndex
    for position in (span.first + 1)..<(span.end - 1) {
      let token = tokens[base + position]
      guard token.end - token.start == 2, isCapital(text[token.start]),
        text[token.start + 1] == 0x2E
      else { continue }
      if isCapital(text[tokens[base + position - 1].start]),
        isCapital(text[tokens[base + position + 1].start])
      {
        return true
      }
    }
    return false
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
