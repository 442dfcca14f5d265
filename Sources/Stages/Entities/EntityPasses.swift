import Pipeline

/// What ``EntityTagger`` has found in one sentence so far, pass by pass: the entities, the
/// tokens they cover, and which of them came from the model (a later pattern may replace
/// those). Each `add...` method is one named pass; a pass only fills tokens still free,
/// except where it says it replaces model spans.
struct EntityPasses {
  let tagger: EntityTagger
  let text: UnsafeBufferPointer<UInt8>
  let tokens: ArraySlice<Token>
  let sentence: FeatureExtractor.Sentence
  let matches: [Gazetteer.Match]
  /// Whether each token of the sentence is covered by an entity already.
  private(set) var taken: [Bool]
  private(set) var result: [Entity] = []
  /// Whether a construction gave each entity of `result` its label.
  private(set) var byContext: [Bool] = []
  /// Model entities: their tokens and their index in `result`.
  private var modelSpans: [(first: Int, end: Int, index: Int)] = []
  /// Indices in `result` of model entities that a later pass replaced.
  private var replaced = Set<Int>()
  /// The "Place-based" places pass 2a added: their token and their index in `result`.
  private(set) var basedPlaces: [(position: Int, index: Int)] = []
  /// Entities of `result` a public list named (``ListedNames``), by index.
  private(set) var listed: [Int: ListedName] = [:]

  init(
    tagger: EntityTagger, text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>,
    sentence: FeatureExtractor.Sentence, matches: [Gazetteer.Match]
  ) {
    self.tagger = tagger
    self.text = text
    self.tokens = tokens
    self.sentence = sentence
    self.matches = matches
    self.taken = [Bool](repeating: false, count: tokens.count)
  }

  /// The entities found, without replaced model spans, sorted by start, whether a
  /// construction gave each its label, and how a public list named each (`nil`: none did).
  func entities() -> (entities: [Entity], byContext: [Bool], listed: [ListedName?]) {
    let kept = result.indices.filter { !replaced.contains($0) }.sorted {
      result[$0].start < result[$1].start
    }
    return (kept.map { result[$0] }, kept.map { byContext[$0] }, kept.map { listed[$0] })
  }

  /// Pass 1: the user's lists from the pipeline file, first of all.
  mutating func addUserNames() {
    for match in matches where tagger.gazetteer.entries[match.entry].kind == "user" {
      add(gazetteerEntity(match), match.first, match.end)
    }
  }

  /// Pass 2: the model's spans (already trimmed, relabelled and reconciled with the bundled
  /// gazetteers), where nothing was found; a span that a gazetteer name replaced becomes that
  /// name, and a model span below `minConfidence` is dropped.
  mutating func addModelSpans(_ spans: [EntityTagger.ModelSpan], minConfidence: Double) {
    for span in spans where !taken[span.first..<span.end].contains(true) {
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
      byContext[byContext.count - 1] = span.byContext
    }
  }

  /// Pass 2a: one-token places inside a larger token: the state in a US party-state tag
  /// ("(D-Minn.)", "R-Texas": no name of its own) and the place in "London-based" (a place,
  /// not a nationality or a name). Each replaces a model span on that token alone.
  mutating func addPlacesInsideTokens() {
    for position in tagger.partyStateTags(text, tokens) {
      addPlace(at: position, trimStart: 2, trimEnd: 0)
    }
    for position in tagger.basedPlaces(text, tokens) {
      let count = result.count
      addPlace(at: position, trimStart: 0, trimEnd: EntityTagger.basedSuffix.count)
      if result.count > count { basedPlaces.append((position, count)) }
    }
  }

  /// Pass 2b: unit names ("5th Special Forces Group"), over the model spans they contain.
  mutating func addUnitNames(_ patterns: PatternMatcher) {
    for unit in patterns.unitNames.matches(in: text, tokens: tokens) {
      replacingModelSpans(unit.first, unit.end, "ORG", confidence: 0.9, strictly: false)
    }
  }

  /// Pass 2b': one capitalised word the model left out (mostly a sentence's first word:
  /// capitals there say little), not a listed or common word, followed by a lower-case role
  /// of an organisation's people and a PERSON: the organisation ("Salesforce founder Marc
  /// Benioff", "Wikileaks editor-in-chief Kristinn Hrafnsson"). The construction gives the
  /// label, so the document's label vote keeps it.
  mutating func addOrganisationsBeforeRoles() {
    let base = tokens.startIndex
    guard tokens.count >= 3 else { return }
    for position in 0..<tokens.count - 2 where !taken[position] {
      let token = tokens[base + position]
      guard token.end - token.start >= 2,
        FeatureExtractor.startsUppercase(text, token.start, token.end),
        !tagger.extractor.commonWords.contains(sentence.lower[position]),
        !tagger.openers.contains(sentence.lower[position]),
        !matches.covers(position),
        EntityTagger.organisationRoles.contains(sentence.lower[position + 1]),
        text[tokens[base + position + 1].start] >= 0x61,
        position == 0
          || !FeatureExtractor.startsUppercase(
            text, tokens[base + position - 1].start, tokens[base + position - 1].end),
        let person = result.firstIndex(where: {
          $0.start == tokens[base + position + 2].start && $0.label == "PERSON"
        }), !replaced.contains(person)
      else { continue }
      add(entity(position, position + 1, "ORG", "pattern", 0.7), position, position + 1)
      byContext[byContext.count - 1] = true
    }
  }

  /// Pass 2c: Arabic place names written with a lower-case article after a locative
  /// preposition ("at al-Tanf", "near el-Arish"), where nothing was found.
  mutating func addArticlePlaces() {
    for position in tagger.articlePlaces(text, tokens, sentence) where !taken[position] {
      add(entity(position, position + 1, "LOC", "pattern", 0.7), position, position + 1)
    }
  }

  /// Pass 2d: first-level subdivisions of countries (``SubdivisionPlaces``; `places` are
  /// the sentence's matches in `list`). A model span of exactly such a name that the model
  /// typed other than LOC, with no construction behind its label, becomes the place: a
  /// PERSON when nothing around the name says person, at any confidence
  /// (``EntityTagger/personEvidence(around:_:_:_:_:_:)``: "moved to Helmand" becomes a
  /// place, "Ms Nelson" stays), another label when the model was below `retypeBelow`
  /// confidence ("Texas" tagged ORG). A sure model PERSON retyped stays the model's mention,
  /// so that the document's label vote (``LabelVote``) still weighs its other mentions
  /// ("Granma called ..." after "the newspaper Granma reported"). With `addMissing`, a name nothing
  /// covers becomes a place unless a capitalised word touches it on either side (then it is
  /// part of a longer name the model missed, "Texas Instruments").
  mutating func addSubdivisions(
    _ places: [Gazetteer.Match], from list: Gazetteer, retypeBelow: Double, addMissing: Bool
  ) {
    for match in places {
      let entry = list.entries[match.entry]
      if let span = modelSpans.firstIndex(where: {
        $0.first == match.first && $0.end == match.end && !replaced.contains($0.index)
      }) {
        let index = modelSpans[span].index
        let unsure = result[index].confidence < retypeBelow
        let retype =
          result[index].label == "PERSON"
          ? !tagger.personEvidence(around: match.first, match.end, text, tokens, sentence, matches)
          : unsure
        guard result[index].label != "LOC", !byContext[index], retype else { continue }
        result[index].label = entry.label
        result[index].canonical = entry.canonical
        if unsure {
          result[index].origin = "gazetteer"
          result[index].confidence = 0.9
        }
        modelSpans.remove(at: span)
        continue
      }
      guard addMissing, !taken[match.first..<match.end].contains(true),
        match.first == 0 || !isCapitalised(match.first - 1), !isCapitalised(match.end)
      else { continue }
      var found = entity(match.first, match.end, entry.label, "gazetteer", 0.9)
      found.canonical = entry.canonical
      add(found, match.first, match.end)
    }
  }

  /// Pass 3: bundled gazetteer names (not titles), where nothing was found.
  mutating func addGazetteerNames() {
    for match in matches {
      let entry = tagger.gazetteer.entries[match.entry]
      guard entry.label != "TITLE", entry.kind != "user",
        !taken[match.first..<match.end].contains(true)
      else { continue }
      add(gazetteerEntity(match), match.first, match.end)
    }
  }

  /// Pass 4: patterns (dates, times, money, quantities), where nothing was found; a pattern
  /// that strictly contains model entities (and overlaps nothing else) replaces them: "10:30
  /// GMT" over a model's "GMT".
  mutating func addPatterns(_ patterns: PatternMatcher) {
    for match in patterns.matches(in: text, tokens: tokens) {
      replacingModelSpans(match.first, match.end, match.label, confidence: 0.95, strictly: true)
    }
  }

  /// The index in `result` of the kept model entity over exactly tokens `[first, end)`.
  func modelEntity(_ first: Int, _ end: Int) -> Int? {
    modelSpans.first { $0.first == first && $0.end == end && !replaced.contains($0.index) }?
      .index
  }

  /// Gives model entity `index` of `result` a public list's `entry` (its label and canonical
  /// name; origin `gazetteer`), no longer a model span; `byContext` when a construction
  /// around it said what it is. The model's entity is kept in ``listed`` for the document's
  /// check (``ListedNameDoubts``).
  mutating func retype(_ index: Int, as entry: Gazetteer.Entry, byContext context: Bool) {
    listed[index] = ListedName(modelEntity: result[index])
    result[index].label = entry.label
    result[index].canonical = entry.canonical
    result[index].origin = "gazetteer"
    result[index].confidence = 0.9
    byContext[index] = context
    modelSpans.removeAll { $0.index == index }
  }

  /// Adds a public list's `entry` over free tokens `[first, end)` (origin `gazetteer`).
  mutating func addListed(
    _ entry: Gazetteer.Entry, _ first: Int, _ end: Int, byContext context: Bool
  ) {
    var found = entity(first, end, entry.label, "gazetteer", 0.9)
    found.canonical = entry.canonical
    listed[result.count] = ListedName(modelEntity: nil)
    add(found, first, end, byContext: context)
  }

  /// Adds `entity` over tokens `[first, end)`; `byContext` when a construction gave its label.
  mutating func add(_ entity: Entity, _ first: Int, _ end: Int, byContext context: Bool = false) {
    for position in first..<end { taken[position] = true }
    result.append(entity)
    byContext.append(context)
  }

  /// The model spans still kept whose label no construction gave: their tokens, label and
  /// index in `result`.
  var modelSpansByLabel: [(first: Int, end: Int, label: String, index: Int)] {
    modelSpans.filter { !replaced.contains($0.index) && !byContext[$0.index] }.map {
      ($0.first, $0.end, result[$0.index].label, $0.index)
    }
  }

  /// Gives entity `index` of `result` the label `label`, as a construction's.
  mutating func relabel(_ index: Int, as label: String) {
    result[index].label = label
    byContext[index] = true
  }

  /// Drops model entity `index` of `result` (as a later pass replacing it would), its tokens
  /// free again.
  mutating func dropModelSpan(_ index: Int) {
    guard let span = modelSpans.first(where: { $0.index == index }) else { return }
    replaced.insert(index)
    for position in span.first..<span.end { taken[position] = false }
  }

  /// Widens entity `index` of `result` to end with token `end - 1`, the tokens after its
  /// own end taken with it.
  mutating func extend(_ index: Int, toEndAt end: Int) {
    let last = tokens[tokens.startIndex + end - 1].end
    guard last > result[index].end else { return }
    for position in 0..<end where tokens[tokens.startIndex + position].end > result[index].end {
      taken[position] = true
    }
    result[index].end = last
  }

  /// Widens entity `index` of `result` to start at free token `first`, the tokens up to its
  /// own start taken with it.
  mutating func widen(_ index: Int, toStartAt first: Int) {
    let start = tokens[tokens.startIndex + first].start
    guard start < result[index].start else { return }
    for position in first..<tokens.count
    where tokens[tokens.startIndex + position].start < result[index].start {
      taken[position] = true
    }
    result[index].start = start
  }

  /// Widens model entity `index` of `result` to end before token `end`, the free tokens
  /// after it taken with it.
  mutating func widenModelSpan(_ index: Int, toEndAt end: Int) {
    guard let span = modelSpans.firstIndex(where: { $0.index == index }),
      end > modelSpans[span].end
    else { return }
    for position in modelSpans[span].end..<end { taken[position] = true }
    modelSpans[span].end = end
    result[index].end = tokens[tokens.startIndex + end - 1].end
  }

  func entity(
    _ first: Int, _ end: Int, _ label: String, _ origin: String, _ confidence: Double
  ) -> Entity {
    Entity(
      start: tokens[tokens.startIndex + first].start, end: tokens[tokens.startIndex + end - 1].end,
      label: label, origin: origin, confidence: confidence)
  }

  private func gazetteerEntity(_ match: Gazetteer.Match) -> Entity {
    let entry = tagger.gazetteer.entries[match.entry]
    var found = entity(match.first, match.end, entry.label, "gazetteer", 0.9)
    found.canonical = entry.canonical
    if entry.kind == "demonym", let country = entry.country {
      found.attributes["country"] = country
    }
    return found
  }

  /// Adds a pattern entity over tokens `[first, end)` when everything already found there is
  /// model spans, which it replaces (all of them, or, with `strictly`, only when it covers
  /// more than they do); `byContext` when a construction gave its label.
  mutating func replacingModelSpans(
    _ first: Int, _ end: Int, _ label: String, confidence: Double, strictly: Bool,
    byContext context: Bool = false
  ) {
    let inside = modelSpans.filter {
      $0.first >= first && $0.end <= end && !replaced.contains($0.index)
    }
    let covered = inside.reduce(0) { $0 + $1.end - $1.first }
    guard taken[first..<end].filter({ $0 }).count == covered, !strictly || covered < end - first
    else { return }
    for span in inside { replaced.insert(span.index) }
    add(entity(first, end, label, "pattern", confidence), first, end, byContext: context)
  }

  /// A LOC over one token less `trimStart` and `trimEnd` bytes, replacing a model span on
  /// that token alone.
  private mutating func addPlace(at position: Int, trimStart: Int, trimEnd: Int) {
    for span in modelSpans where span.first == position && span.end == position + 1 {
      replaced.insert(span.index)
      taken[position] = false
    }
    guard !taken[position] else { return }
    let token = tokens[tokens.startIndex + position]
    add(
      Entity(
        start: token.start + trimStart, end: token.end - trimEnd, label: "LOC",
        origin: "pattern", confidence: 0.8), position, position + 1)
  }
}
