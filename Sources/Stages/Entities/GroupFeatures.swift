import Pipeline

/// The features of a name group (``EntityGroup``) that the ``GroupClassifier`` reads. They are
/// general, never a name's identity: the stage's label and the model's confidence, how many
/// mentions and words, the name's shape, where the mentions stand (opening a sentence, in a
/// short heading-like line), whether the text also writes the name in lower case, whether its
/// words are common words, which bundled lists name it with which label, and the closed-class
/// or lower-case words right before and after its mentions.
package struct GroupFeatures: Sendable {
  /// Lower-cased hashes of the entity model's common words.
  let commonWords: Set<UInt64>
  /// Lower-cased hashes of the bundled one-word titles ("president", "coach").
  let titleWords: Set<UInt64>
  /// The bundled gazetteers (countries, cities, organisations, demonyms...).
  let gazetteer: Gazetteer
  /// The bundled public lists (GeoNames towns, companies, counties) and subdivisions.
  let listed: Gazetteer
  let places: Gazetteer

  init(tagger: EntityTagger) {
    self.init(
      commonWords: tagger.model.commonWords, titleWords: tagger.titleWords,
      gazetteer: tagger.gazetteer, listed: tagger.listed, places: tagger.places)
  }

  /// Features over given word lists (hashes by ``FeatureHash/lowercased(_:)``) and gazetteers.
  package init(
    commonWords: Set<UInt64>, titleWords: Set<UInt64>, gazetteer: Gazetteer, listed: Gazetteer,
    places: Gazetteer
  ) {
    self.commonWords = commonWords
    self.titleWords = titleWords
    self.gazetteer = gazetteer
    self.listed = listed
    self.places = places
  }

  /// Where the mentions of a document stand: tokens and sentence openings, and where the
  /// text's words start, by their first byte (for the lower-case search, once per document).
  package struct Layout {
    let tokens: [Token]
    let sentenceStarts: Set<Int>
    let wordStarts: [[Int]]

    package init(tokens: [Token], sentences: [Range<Int>], text: [UInt8]) {
      self.tokens = tokens
      self.sentenceStarts = Set(sentences.map(\.lowerBound))
      var starts = [[Int]](repeating: [], count: 256)
      for (position, byte) in text.enumerated()
      where GroupFeatures.isWordByte(byte)
        && (position == 0 || !GroupFeatures.isWordByte(text[position - 1]))
      {
        starts[Int(byte)].append(position)
      }
      self.wordStarts = starts
    }

    /// The index of the first token starting at or after `offset`.
    func token(at offset: Int) -> Int {
      var low = 0
      var high = tokens.count
      while low < high {
        let middle = (low + high) / 2
        if tokens[middle].start < offset { low = middle + 1 } else { high = middle }
      }
      return low
    }
  }

  /// The feature strings of `group`, each once; sorted unless `sorted` is false (the stage's
  /// scores are sums over the features, in any order; the trainer reads them sorted).
  package func features(
    of group: EntityGroup, entities: [Entity], text: [UInt8], layout: Layout, sorted: Bool = true
  ) -> [String] {
    let label = group.label
    var features: Set<String> = ["bias", "label=" + label]
    let mentions = group.members.map { entities[$0] }
    // The model's confidence (mean, lowest, highest) in fifths, and what found the mentions.
    let confidences = mentions.map(\.confidence)
    let mean = confidences.reduce(0, +) / Double(max(1, confidences.count))
    func fifth(_ value: Double) -> Int { min(4, max(0, Int(value * 5))) }
    features.insert("conf.mean=\(fifth(mean))")
    features.insert("conf.min=\(fifth(confidences.min() ?? 0))")
    features.insert("\(label)&conf.max=\(fifth(confidences.max() ?? 0))")
    for origin in Set(mentions.map(\.origin)) {
      features.insert("origin=" + (["model", "gazetteer"].contains(origin) ? origin : "other"))
    }
    let count = mentions.count
    features.insert("\(label)&count=\(min(count, 4))")
    // A mention linked to this name by the linker (written shorter or otherwise).
    if mentions.contains(where: { !text[$0.start..<$0.end].elementsEqual(group.name.utf8) }) {
      features.insert(Self.linked(label))
    }
    // The name's words and shape.
    let name = Array(group.name.utf8)
    let words = name.split(whereSeparator: { $0 == 0x20 })
    features.insert("\(label)&words=\(min(words.count, 4))")
    for feature in Self.shape(name, words) {
      features.insert(feature)
      features.insert(label + "&" + feature)
    }
    if ListedNames.allCommon(name[...], commonWords) {
      features.insert("\(label)&common.all")
    } else if let first = words.first, commonWords.contains(FeatureHash.lowercased(first)) {
      features.insert("\(label)&common.first")
    }
    if words.count > 1, let last = words.last, commonWords.contains(FeatureHash.lowercased(last)) {
      features.insert("last=" + String(decoding: last.map(Gazetteer.lowercase), as: UTF8.self))
    }
    if Self.occursInLowerCase(name, in: text, wordStarts: layout.wordStarts) {
      features.insert("\(label)&lower.form")
    }
    // The bundled lists.
    if let entry = gazetteer.lookup(group.name) {
      features.insert("\(label)&gaz=\(entry.label)")
      features.insert("gaz.kind=\(entry.kind)")
    }
    if let entry = listed.lookup(group.name) { features.insert("\(label)&listed=\(entry.label)") }
    if let entry = places.lookup(group.name) { features.insert("\(label)&place=\(entry.label)") }
    // Where the mentions stand, and the words around them.
    var opening = 0
    var short = 0
    for mention in mentions {
      let first = layout.token(at: mention.start)
      let after = layout.token(at: mention.end)
      if layout.sentenceStarts.contains(first) { opening += 1 }
      if Self.inShortLine(mention, text: text) { short += 1 }
      if first > 0, !layout.sentenceStarts.contains(first) {
        let word = layout.tokens[first - 1]
        features.insert("L=" + context(text[word.start..<word.end]))
        if titleWords.contains(FeatureHash.lowercased(text[word.start..<word.end])) {
          features.insert("\(label)&title.before")
        }
      } else {
        features.insert("L=<s>")
      }
      if after < layout.tokens.count, !layout.sentenceStarts.contains(after) {
        let word = layout.tokens[after]
        features.insert("R=" + context(text[word.start..<word.end]))
        if after + 1 < layout.tokens.count, !layout.sentenceStarts.contains(after + 1) {
          let next = layout.tokens[after + 1]
          features.insert("R2=" + context(text[next.start..<next.end]))
        }
      } else {
        features.insert("R=</s>")
      }
    }
    features.insert("\(label)&opening=\(Self.share(opening, of: count))")
    features.insert("\(label)&short.line=\(Self.share(short, of: count))")
    return sorted ? features.sorted() : Array(features)
  }

  /// A context word as a feature: a common or lower-case word or punctuation lower-cased;
  /// other words by their shape only (`Cap`, `CAPS`, `digit`), never by their identity.
  func context(_ word: ArraySlice<UInt8>) -> String {
    guard let first = word.first else { return "" }
    let isLetter = ASCII.isUpper(first) || (first >= 0x61 && first <= 0x7A)
    if first >= 0x30 && first <= 0x39 { return "digit" }
    if first >= 0x80 { return "other" }
    if !isLetter { return String(decoding: word.prefix(4), as: UTF8.self) }
    if ASCII.isUpper(first), !commonWords.contains(FeatureHash.lowercased(word)) {
      return word.allSatisfy({ !(0x61...0x7A).contains($0) }) ? "CAPS" : "Cap"
    }
    return String(decoding: word.prefix(16).map(Gazetteer.lowercase), as: UTF8.self)
  }

  /// `none`, `some` or `all` of `count`.
  /// The feature of a group of `label` with a mention the linker linked to its name (written
  /// shorter, as an acronym or otherwise): the document writes the name two ways.
  package static func linked(_ label: String) -> String { label + "&linked" }

  static func share(_ part: Int, of count: Int) -> String {
    part == 0 ? "none" : part == count ? "all" : "some"
  }

  /// Shape features of a name: all capitals, digits, a hyphen, an initial ("J."), a
  /// lower-case word ("of"), a full stop, non-ASCII letters, an ampersand.
  static func shape(_ name: [UInt8], _ words: [ArraySlice<UInt8>]) -> [String] {
    var result: [String] = []
    let hasLower = name.contains { (0x61...0x7A).contains($0) }
    if !hasLower, name.contains(where: ASCII.isUpper) { result.append("caps") }
    if name.contains(where: { (0x30...0x39).contains($0) }) { result.append("digit") }
    if name.contains(0x2D) { result.append("hyphen") }
    if name.contains(0x26) { result.append("amp") }
    if name.contains(where: { $0 >= 0x80 }) { result.append("nonascii") }
    if words.contains(where: { $0.count == 2 && $0.last == 0x2E && ASCII.isUpper($0.first ?? 0) }) {
      result.append("initial")
    } else if name.contains(0x2E) {
      result.append("stop")
    }
    if words.contains(where: { (0x61...0x7A).contains($0.first ?? 0) }) {
      result.append("lower.word")
    }
    return result
  }

  /// Whether the mention's line (between line breaks) is short and heading-like: at most five
  /// words and no sentence-final punctuation.
  static func inShortLine(_ mention: Entity, text: [UInt8]) -> Bool {
    var start = mention.start
    while start > 0, text[start - 1] != 0x0A { start -= 1 }
    var end = mention.end
    while end < text.count, text[end] != 0x0A { end += 1 }
    var words = 0
    var inWord = false
    for byte in text[start..<end] {
      if byte == 0x20 || byte == 0x09 {
        inWord = false
      } else if !inWord {
        inWord = true
        words += 1
        if words > 5 { return false }
      }
    }
    var last = end
    while last > start, text[last - 1] == 0x20 || text[last - 1] == 0x0D { last -= 1 }
    return last == start || ![0x2E, 0x3F, 0x21, 0x3A].contains(text[last - 1])
  }

  /// A letter, digit or non-ASCII byte: part of a word.
  static func isWordByte(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
      || byte >= 0x80
  }

  /// Whether the text also writes the name all in lower case, as a whole word ("grocery"
  /// for "Grocery"): a common noun capitalised here, not a name. `wordStarts` are the text's
  /// word starts by first byte (``Layout``).
  static func occursInLowerCase(_ name: [UInt8], in text: [UInt8], wordStarts: [[Int]]) -> Bool {
    let lower = name.map(Gazetteer.lowercase)
    guard lower != name, let head = lower.first, lower.count <= text.count else { return false }
    // A name opening with punctuation starts where no word does: every position is a candidate.
    let candidates =
      isWordByte(head)
      ? wordStarts[Int(head)]
      : text.indices.filter { text[$0] == head && ($0 == 0 || !isWordByte(text[$0 - 1])) }
    for position in candidates where position + lower.count <= text.count {
      if position + lower.count == text.count || !isWordByte(text[position + lower.count]),
        text[position..<(position + lower.count)].elementsEqual(lower)
      {
        return true
      }
    }
    return false
  }
}
