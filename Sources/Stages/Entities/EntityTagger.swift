import Foundation
import Pipeline

/// Tags one sentence: user gazetteer names, the model, bundled gazetteer names and patterns, in
/// that precedence (see ``EntitiesStage``), sorted by start, never overlapping.
struct EntityTagger: Sendable {
  let model: NERModel
  let gazetteer: Gazetteer
  let extractor: FeatureExtractor
  /// Greedy (width 1) or beam decoding of the model's scores.
  let decoder: BeamDecoder
  /// Softmax temperature in quantised score units (confidence calibration).
  let temperature: Float
  /// Lower-cased hashes of the hand-written `common_words.txt` (connectives, prepositions,
  /// page labels): such a word opening a sentence is never the start of a name.
  let openers: Set<UInt64>
  /// Lower-cased hashes of single-word titles ("commander", "minister"), also after a
  /// prefix of ``titlePrefixes`` ("vice-premier"): a model span with one written in lower
  /// case inside ("Army commander Kiumars Heydari") is two names.
  let titleWords: Set<UInt64>
  /// Prefixes that make a title another one in the same token ("vice-premier",
  /// "ex-president", "deputy-governor").
  static let titlePrefixes = ["vice-", "ex-", "deputy-", "co-", "acting-"]
  /// First-level subdivisions of countries, matched after the model (``SubdivisionPlaces``).
  let places: Gazetteer
  /// Names of the public lists, matched after the model (``ListedNames``).
  let listed: Gazetteer
  /// Model confidence below which a listed place (town, county) or company retypes a model
  /// name of exactly its words (``EntityPasses/addListedNames(_:from:addMissing:)``).
  let listThresholds: (places: Double, companies: Double)
  init(
    model: NERModel, gazetteer: Gazetteer, openers: [String], places: Gazetteer = Gazetteer(),
    listed: Gazetteer = Gazetteer(),
    listThresholds: (places: Double, companies: Double) = (
      Self.placeListBelow, Self.companyListBelow
    ),
    beam: Int = 1
  ) {
    self.model = model
    self.gazetteer = gazetteer
    self.places = places
    self.listed = listed
    self.listThresholds = listThresholds
    self.openers = FeatureExtractor.commonWords(in: [], words: openers)
    let titles = gazetteer.entries.filter { $0.label == "TITLE" && !$0.name.contains(" ") }.map {
      $0.name.lowercased()
    }
    // With a prefix of rank or time written in one token: "vice-premier", "ex-president".
    self.titleWords = FeatureExtractor.commonWords(
      in: [], words: titles + Self.titlePrefixes.flatMap { prefix in titles.map { prefix + $0 } })
    self.extractor = FeatureExtractor(
      gazetteer: gazetteer, bucketBits: model.bucketBits, commonWords: model.commonWords,
      syntax: model.usesSyntax, clusters: model.clusters)
    self.decoder = BeamDecoder(extractor: extractor, width: beam)
    self.temperature = 4 / model.scale
  }

  /// The sentence's entities, by the passes of ``EntityPasses`` in order of precedence, and
  /// for each whether a construction around it gave its label. `syntax` are the tokens'
  /// part-of-speech and chunk tags when the model reads them.
  func entities(
    in text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>, syntax: EntitySyntax? = nil,
    patterns: PatternMatcher?, gazetteerEntities: Bool, minConfidence: Double
  ) -> (entities: [Entity], byContext: [Bool], listed: [ListedName?]) {
    guard !tokens.isEmpty else { return ([], [], []) }
    let matches = gazetteer.matches(in: text, tokens: tokens)
    let sentence = extractor.extract(text, tokens: tokens, matches: matches, tags: syntax)
    var passes = EntityPasses(
      tagger: self, text: text, tokens: tokens, sentence: sentence, matches: matches)
    passes.addUserNames()
    passes.addModelSpans(
      modelSpans(text, tokens, sentence, matches), minConfidence: minConfidence)
    passes.addPlacesInsideTokens()
    passes.addHyphenatedSurnames()
    passes.addOrganisationsBeforeRoles()
    passes.addFirmsBeforeAnalysts()
    if let patterns { passes.addUnitNames(patterns) }
    passes.addArticlePlaces()
    if gazetteerEntities { passes.addGazetteerNames() }
    let placeMatches = places.matches(in: text, tokens: tokens)
    passes.addSubdivisions(
      placeMatches, from: places, retypeBelow: Self.overrideBelow, addMissing: gazetteerEntities)
    if !listed.entries.isEmpty {
      passes.addListedNames(
        listed.matches(in: text, tokens: tokens), from: listed, addMissing: gazetteerEntities)
    }
    passes.addQualifiedPlaces()
    passes.addDemonymInstitutions()
    passes.addConstructionNames(places: placeMatches)
    if let patterns { passes.addPatterns(patterns) }
    return passes.entities()
  }

  /// The model's spans: decoded, cut at line breaks (`LineBreakNames.swift`), trimmed of edge
  /// punctuation, possessives and a sentence-initial common word, without common-noun
  /// acronyms (`CommonNounAcronyms.swift`) (and, last of all, of trailing function words:
  /// ``NameEndings``), names after abbreviated titles made PERSONs
  /// (`TitledNameRules.swift`), a mission word after its country dropped, the others split
  /// (at a title, at a position or job word before a name: `RolesBeforeNames.swift`, at a
  /// glued preposition, after a legal form, between a place and a party noun:
  /// `PartiesAfterPlaces.swift`) and relabelled by the span rules
  /// (`EntitySpanRules.swift`), joined into institutions (with their purpose: "Salk Institute
  /// for Biological Studies", `OrganisationPurposeNames.swift`), newspapers joined with their
  /// town ("Baltimore Sun", `MastheadNames.swift`), campuses joined with their city
  /// ("University of California, San Diego", `CampusNames.swift`) and reconciled with the bundled gazetteers
  /// (see `reconciled`).
  func modelSpans(
    _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> [ModelSpan] {
    // A heading of one common word ("Timeline") names nothing.
    guard !isLoneCommonWord(text, tokens, sentence) else { return [] }
    let decoded = decoder.decode(model, sentence, temperature: temperature)
    let decodedSpans = BIO.spans(decoded.tags).flatMap { span -> [ModelSpan] in
      // No name runs across a line break (`LineBreakNames.swift`).
      linesOfSpan(span.first, span.end, text, tokens, sentence).compactMap { line in
        guard let (first, end) = trimmed(line.first, line.end, text, tokens, sentence) else {
          return nil
        }
        var confidence: Float = 0
        for position in first..<end { confidence += decoded.probabilities[position] }
        confidence /= Float(end - first)
        return ModelSpan(
          first: first, end: end, label: EntitiesStage.exportLabel(model.types[span.type]),
          confidence: Double(confidence), cut: first != span.first || end != span.end)
      }
    }
    // An acronym that is a common noun ("TV", "SUV", "IPO") names nothing
    // (`CommonNounAcronyms.swift`).
    let named = decodedSpans.filter { !isCommonNounAcronym($0, text, tokens, sentence) }
    let titled = namesAfterAbbreviatedTitles(named, text, tokens, sentence, matches)
    let spans = titled.flatMap { whole -> [ModelSpan] in
      // A name after an abbreviated title is a PERSON by construction.
      if whole.byContext { return [whole] }
      // A title or part of one alone ("Brig." of "Brig. Gen.") is not a name.
      guard
        !matches.contains(where: {
          $0.first <= whole.first && $0.end >= whole.end
            && gazetteer.entries[$0.entry].label == "TITLE"
        })
      else { return [] }
      // A mission word after its country ("U.S." + "Embassy") is a noun, not a name.
      guard !isMissionWordAfterCountry(whole, sentence, matches) else { return [] }
      return splitAtTitle(whole, text, tokens, sentence, matches).flatMap {
        splitAtRole($0, text, tokens, sentence)
      }.flatMap {
        cutAtPreposition($0, text, tokens, sentence)
      }.flatMap { cutAfterLegalForm($0, text, tokens, sentence) }.flatMap {
        splitPartyAfterPlace($0, sentence, matches)
      }.map {
        relabelled($0, text, tokens, sentence, matches)
      }
    }
    let nameLike = { (position: Int) -> Bool in
      let token = tokens[tokens.startIndex + position]
      return FeatureExtractor.startsUppercase(text, token.start, token.end)
        && !openers.contains(sentence.lower[position])
        && sentence.lower[position] != Self.theHash
    }
    let joined = joinedCampuses(
      joinedMastheads(
        joinedPurposeNames(joinedInstitutions(spans, sentence), text, tokens, sentence), text,
        tokens, sentence), text, tokens, sentence, matches)
    return reconciled(joined, matches, nameLike: nameLike).map {
      NameEndings.trimmed($0, text, tokens, sentence)
    }
  }

  /// One span after the relabelling rules, in order: leading titles off, a mission word off
  /// ("U.S. Embassy"), a listed place before a title, a person after a
  /// title, a place before a place word, the label of a head noun, an organisation before a
  /// group noun.
  func relabelled(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>,
    _ sentence: FeatureExtractor.Sentence, _ matches: [Gazetteer.Match]
  ) -> ModelSpan {
    var span = withoutLeadingTitle(span, matches, sentence)
    span = withoutMissionWord(span, sentence, matches)
    span = placeBeforeTitle(span, sentence, matches)
    span = placeAfterPreposition(span, sentence, matches)
    span = chamberOfAPlace(span, sentence, matches)
    span = personAfterTitle(span, text, tokens, sentence, matches)
    span = placeByPlaceWord(span, text, tokens, sentence)
    span = labeledByHeadNoun(span, text, tokens, sentence)
    return organisationByGroupNoun(span, text, tokens, sentence, matches)
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
    /// Whether a construction around the name gave its label ("Ennahda members"): the
    /// document's label vote does not overrule it (see ``LabelVote``).
    var byContext = false
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
  /// Default model confidence below which a listed town or county of the public lists
  /// retypes a model name (the stage's `place_list_below`).
  static let placeListBelow = 0.75
  /// The same for a listed company (the stage's `company_list_below`).
  static let companyListBelow = 0.9

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
      // A label a construction gave ("Gov. Georgia Smith": PERSON) is no list's to change.
      guard !inside.isEmpty, !cut, !inside.contains(where: { spans[$0].byContext }) else {
        continue
      }
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
