import Pipeline

/// Turns the tokens of one sentence into hashed feature ids for the sequence tagger.
///
/// Training and tagging both call this type, so the features cannot drift apart. Static
/// features (word, neighbours, shape, affixes, case, gazetteer, common lower-case word) are
/// computed once per sentence; the previous-tag features are added during decoding
/// (``dynamicFeatures``). Typographic quotes, apostrophes and dashes are read as their ASCII
/// forms ("’s" is "'s"), as in the training data. Bump ``version`` whenever a template
/// changes: model files record it.
package struct FeatureExtractor: Sendable {
  /// The feature-template version of a model without syntax features.
  static let version: UInt32 = 2
  /// The feature-template version of a model with part-of-speech and chunk features
  /// (``EntitySyntax``): the v2 templates plus ``syntaxCount`` rows per token.
  static let syntaxVersion: UInt32 = 3
  /// The feature-template version of a model with word-class features (``WordClusters``):
  /// the v2 templates plus ``clusterCount(_:)`` rows per token.
  static let clusterVersion: UInt32 = 4
  /// Templates v3 (syntax) plus the word-class rows.
  static let syntaxClusterVersion: UInt32 = 5
  /// Every template version this build reads.
  static let versions: Set<UInt32> = [version, syntaxVersion, clusterVersion, syntaxClusterVersion]

  /// The gazetteer whose matches become features.
  let gazetteer: Gazetteer
  /// log2 of the number of weight rows.
  let bucketBits: Int
  /// Lower-cased word hashes of words the training text writes in lower case: a capitalised
  /// token among them is likely a sentence-initial or headline word, not a name.
  let commonWords: Set<UInt64>
  /// Whether the part-of-speech and chunk templates are on (feature templates v3).
  package let syntax: Bool
  /// Word classes learned from unlabelled text, read as features when present (templates
  /// v4, or v5 with syntax).
  package let clusters: WordClusters?

  package init(
    gazetteer: Gazetteer, bucketBits: Int, commonWords: Set<UInt64>, syntax: Bool = false,
    clusters: WordClusters? = nil
  ) {
    self.gazetteer = gazetteer
    self.bucketBits = bucketBits
    self.commonWords = commonWords
    self.syntax = syntax
    self.clusters = clusters.flatMap { $0.sizes.isEmpty ? nil : $0 }
  }

  /// The template version models trained with this extractor record.
  package var templateVersion: UInt32 {
    Self.templateVersion(syntax: syntax, clusters: clusters != nil)
  }

  /// The template version of a model with or without syntax and word-class features.
  static func templateVersion(syntax: Bool, clusters: Bool) -> UInt32 {
    switch (syntax, clusters) {
    case (false, false): version
    case (true, false): syntaxVersion
    case (false, true): clusterVersion
    case (true, true): syntaxClusterVersion
    }
  }

  /// The feature families of template version `templates` (the inverse of
  /// ``templateVersion(syntax:clusters:)``); nil for a version this build does not read.
  static func families(of templates: UInt32) -> (syntax: Bool, clusters: Bool)? {
    switch templates {
    case version: (false, false)
    case syntaxVersion: (true, false)
    case clusterVersion: (false, true)
    case syntaxClusterVersion: (true, true)
    default: nil
    }
  }

  /// Number of word-class rows per token: the token's class in each clustering, and the
  /// previous and next tokens' classes in the middle one.
  static func clusterCount(_ clusters: WordClusters?) -> Int {
    clusters.map { $0.sizes.count + 2 } ?? 0
  }

  private var mask: UInt64 { (UInt64(1) << UInt64(bucketBits)) - 1 }

  /// Per-token values the dynamic features need.
  package struct Sentence {
    /// Static feature rows, `rowsPerToken` per token.
    package var rows: [Int32]
    package var rowsPerToken: Int
    /// Lower-cased word hash per token.
    var lower: [UInt64]
    /// Compressed word shape hash per token.
    var shortShape: [UInt64]
    package var count: Int { lower.count }
  }

  private enum Template: UInt64 {
    case bias = 1
    case lower, form, lowerPrev, lowerNext, lowerPrev2, lowerNext2
    case shape, shortShape, shortShapePrev, shortShapeNext
    case prefix1, prefix2, prefix3, prefix4, suffix1, suffix2, suffix3, suffix4
    case bigramPrev, bigramNext, shapeTrigram, firstShape, headline
    case gazetteer, gazetteerPrev, gazetteerNext, prevWordShape, shapeNextWord, length
    case formPrev, formNext
    case common, commonNext
    case tagPrev = 40
    case tagPrev2, tagPrevWord, tagPrevShape
    case pos = 50
    case posPrev, posNext, posTrigram, chunk, chunkBigram
    case cluster = 60
    case clusterPrev = 64
    case clusterNext
  }

  /// Number of static feature rows per token without syntax features.
  static let staticCount = 35
  /// Number of syntax feature rows per token (when ``syntax`` is on).
  static let syntaxCount = 6

  struct TokenInfo {
    var lower: UInt64 = 0
    var form: UInt64 = 0
    var shape: UInt64 = 0
    var shortShape: UInt64 = 0
    var prefixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var suffixes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var length: UInt64 = 0
    var hasLowercase = false
    var hasLetter = false
    var capitalised = false
    var gazetteer: UInt64 = 0
    /// 1 when the token is capitalised and its lower-case form is a common word.
    var common: UInt64 = 0
  }

  @inline(__always)
  private static func shapeClass(_ byte: UInt8) -> UInt8 {
    switch byte {
    case 0x41...0x5A: return 0x58  // X
    case 0x61...0x7A: return 0x78  // x
    case 0x30...0x39: return 0x64  // d
    case 0x80...0xFF: return 0x75  // u (non-ASCII)
    default: return byte
    }
  }

  /// The shape class of the character whose UTF-8 lead byte is at `index`: `X` for an upper
  /// case letter, `x` for a lower case one, `u` for anything else (and malformed bytes).
  static func letterCase(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int) -> UInt8 {
    let lead = text[index]
    let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
    guard index + length <= end else { return 0x75 }
    var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
    for offset in 1..<length {
      let next = text[index + offset]
      guard next & 0xC0 == 0x80 else { return 0x75 }
      value = value << 6 | UInt32(next & 0x3F)
    }
    guard let scalar = Unicode.Scalar(value) else { return 0x75 }
    if scalar.properties.isUppercase { return 0x58 }
    if scalar.properties.isLowercase { return 0x78 }
    return 0x75
  }

  /// Whether the bytes `[start, end)` start with an upper case letter (any script).
  static func startsUppercase(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    guard end > start else { return false }
    let lead = text[start]
    return lead >= 0xC0 ? letterCase(text, start, end) == 0x58 : lead >= 0x41 && lead <= 0x5A
  }

  static func info(_ text: UnsafeBufferPointer<UInt8>, _ token: Token) -> TokenInfo {
    var index = token.start
    while index < token.end, text[index] != 0xE2 { index += 1 }
    guard index < token.end else { return info(text, start: token.start, end: token.end) }
    let ascii = asciiPunctuation(text[token.start..<token.end])
    return ascii.withUnsafeBufferPointer { info($0, start: 0, end: $0.count) }
  }

  /// The hash of a token's form as the word-class table keys it (``WordClusters``): its
  /// bytes as written, typographic punctuation read as ASCII.
  package static func formHash(_ text: UnsafeBufferPointer<UInt8>, _ token: Token) -> UInt64 {
    info(text, token).form
  }

  /// The bytes with typographic quotes, apostrophes and dashes (U+2018/2019, U+201C/201D,
  /// U+2013/2014) replaced by `'`, `"` and `-`.
  static func asciiPunctuation(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    while index < bytes.endIndex {
      if bytes[index] == 0xE2, index + 2 < bytes.endIndex, bytes[index + 1] == 0x80 {
        let ascii: UInt8? =
          switch bytes[index + 2] {
          case 0x98, 0x99: 0x27
          case 0x9C, 0x9D: 0x22
          case 0x93, 0x94: 0x2D
          default: nil
          }
        if let ascii {
          out.append(ascii)
          index += 3
          continue
        }
      }
      out.append(bytes[index])
      index += 1
    }
    return out
  }

  private static func info(_ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> TokenInfo {
    var info = TokenInfo()
    var lower = FeatureHash.seed
    var form = FeatureHash.seed
    var shape = FeatureHash.seed
    var shortShape = FeatureHash.seed
    var lastClass: UInt8 = 0
    var run = 0
    var index = start
    while index < end {
      let byte = text[index]
      let lowered = Gazetteer.lowercase(byte)
      lower = FeatureHash.step(lower, lowered)
      form = FeatureHash.step(form, byte)
      // A character of several bytes counts once, by its case ("Ç" is X, "ş" is x).
      let cls = byte >= 0xC0 ? letterCase(text, index, end) : shapeClass(byte)
      if cls == 0x78 { info.hasLowercase = true }
      if cls == 0x78 || cls == 0x58 { info.hasLetter = true }
      if byte & 0xC0 != 0x80 {
        if cls == lastClass {
          run += 1
        } else {
          run = 1
          shortShape = FeatureHash.step(shortShape, cls)
        }
        if run <= 4 { shape = FeatureHash.step(shape, cls) }
        lastClass = cls
      }
      let offset = index - start + 1
      switch offset {
      case 1: info.prefixes.0 = lower
      case 2: info.prefixes.1 = lower
      case 3: info.prefixes.2 = lower
      case 4: info.prefixes.3 = lower
      default: break
      }
      index += 1
    }
    info.capitalised = startsUppercase(text, start, end)
    info.lower = lower
    info.form = form
    info.shape = shape
    info.shortShape = shortShape
    let length = end - start
    info.length = UInt64(min(length, 12))
    info.suffixes.0 = suffix(text, end, 1, length)
    info.suffixes.1 = suffix(text, end, 2, length)
    info.suffixes.2 = suffix(text, end, 3, length)
    info.suffixes.3 = suffix(text, end, 4, length)
    return info
  }

  @inline(__always)
  private static func suffix(
    _ text: UnsafeBufferPointer<UInt8>, _ end: Int, _ count: Int, _ length: Int
  ) -> UInt64 {
    guard count <= length else { return 0 }
    var hash = FeatureHash.seed
    var index = end - count
    while index < end {
      hash = FeatureHash.step(hash, Gazetteer.lowercase(text[index]))
      index += 1
    }
    return hash
  }

  /// The common-word lexicon: lower-cased hashes of words the training sentences write in
  /// lower case (letters only, at least `minimum` times, outside all-capitals headlines),
  /// of the whole lower-case words of `texts` (raw text, at least `minimum` times), and of
  /// `words` (a hand-written list, taken as they are).
  package static func commonWords(
    in examples: [NERExample], texts: [String] = [], words: [String] = [], minimum: Int = 2
  ) -> Set<UInt64> {
    var counts: [UInt64: Int] = [:]
    func count(_ bytes: some Collection<UInt8>) {
      var hash = FeatureHash.seed
      for byte in bytes { hash = FeatureHash.step(hash, byte) }
      counts[hash, default: 0] += 1
    }
    for example in examples {
      example.bytes.withUnsafeBufferPointer { text in
        let infos = example.tokens.map { info(text, $0) }
        guard infos.contains(where: \.hasLowercase) else { return }
        for token in example.tokens
        where text[token.start..<token.end].allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
          count(text[token.start..<token.end])
        }
      }
    }
    for text in texts {
      // Words are maximal runs of letters (ASCII or not); only all-lower-case ASCII ones count.
      let bytes = Array(text.utf8)
      var start = 0
      while start < bytes.count {
        guard Self.isLetter(bytes[start]) else {
          start += 1
          continue
        }
        var end = start
        while end < bytes.count, Self.isLetter(bytes[end]) { end += 1 }
        if bytes[start..<end].allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) { count(bytes[start..<end]) }
        start = end
      }
    }
    var result = Set(counts.filter { $0.value >= minimum }.keys)
    for word in words { result.insert(FeatureHash.lowercased(word.utf8)) }
    return result
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte >= 0x80
  }

  /// The word hash a masked token reads as (``extract(_:tokens:matches:masked:)``): no word
  /// of any text hashes to it, as it is not a step of the word hash.
  static let unknownWord = FeatureHash.mix(0x756e_6b6e_6f77_6e21)

  /// Static features of every token of a sentence.
  /// `matches` are the gazetteer's matches over these tokens when the caller has them.
  /// `masked` (training only; empty at run time) marks tokens whose identity is hidden: their
  /// word and form read as one unknown word, for this token's features and its neighbours',
  /// while shape, affixes, case and gazetteer stay. Training with names masked this way makes
  /// the model type a name it has never seen by its context and shape.
  /// `tags` are the tokens' part-of-speech and chunk tags, read when ``syntax`` is on (a
  /// missing or short list reads as no tag).
  package func extract(
    _ text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>,
    matches known: [Gazetteer.Match]? = nil, masked: [Bool] = [], tags: EntitySyntax? = nil
  ) -> Sentence {
    let count = tokens.count
    var infos = [TokenInfo]()
    infos.reserveCapacity(count)
    var anyLowercase = false
    var letters = 0
    for token in tokens {
      var info = Self.info(text, token)
      if info.capitalised, commonWords.contains(info.lower) { info.common = 1 }
      if info.hasLowercase { anyLowercase = true }
      if info.hasLetter { letters += 1 }
      infos.append(info)
    }
    let headline: UInt64 = !anyLowercase && letters > 1 ? 1 : 0
    for (position, hidden) in masked.enumerated() where hidden && position < count {
      infos[position].lower = Self.unknownWord
      infos[position].form = Self.unknownWord
      infos[position].common = 0
    }
    for match in known ?? gazetteer.matches(in: text, tokens: tokens) {
      let kind = UInt64(gazetteer.kinds.firstIndex(of: gazetteer.entries[match.entry].kind) ?? 0)
      for position in match.first..<match.end {
        let place: UInt64 =
          match.end - match.first == 1
          ? 3 : position == match.first ? 1 : position == match.end - 1 ? 4 : 2
        infos[position].gazetteer = (kind + 1) << 3 | place
      }
    }
    let boundary = TokenInfo()
    let syntaxRows = syntax ? Self.syntaxCount : 0
    let perToken = Self.staticCount + syntaxRows + Self.clusterCount(clusters)
    // Word classes after masking: a hidden name reads as the unknown word, which has none.
    let classes = clusters.map { table in infos.map { table.code(form: $0.form, lower: $0.lower) } }
    var rows = [Int32](repeating: 0, count: count * perToken)
    let mask = self.mask
    for position in 0..<count {
      let current = infos[position]
      let prev = position > 0 ? infos[position - 1] : boundary
      let prev2 = position > 1 ? infos[position - 2] : boundary
      let next = position + 1 < count ? infos[position + 1] : boundary
      let next2 = position + 2 < count ? infos[position + 2] : boundary
      let values: [UInt64] = [
        FeatureHash.combine(Template.bias.rawValue, 0),
        FeatureHash.combine(Template.lower.rawValue, current.lower),
        FeatureHash.combine(Template.form.rawValue, current.form),
        FeatureHash.combine(Template.lowerPrev.rawValue, prev.lower),
        FeatureHash.combine(Template.lowerNext.rawValue, next.lower),
        FeatureHash.combine(Template.lowerPrev2.rawValue, prev2.lower),
        FeatureHash.combine(Template.lowerNext2.rawValue, next2.lower),
        FeatureHash.combine(Template.shape.rawValue, current.shape),
        FeatureHash.combine(Template.shortShape.rawValue, current.shortShape),
        FeatureHash.combine(Template.shortShapePrev.rawValue, prev.shortShape),
        FeatureHash.combine(Template.shortShapeNext.rawValue, next.shortShape),
        FeatureHash.combine(Template.prefix1.rawValue, current.prefixes.0),
        FeatureHash.combine(Template.prefix2.rawValue, current.prefixes.1),
        FeatureHash.combine(Template.prefix3.rawValue, current.prefixes.2),
        FeatureHash.combine(Template.prefix4.rawValue, current.prefixes.3),
        FeatureHash.combine(Template.suffix1.rawValue, current.suffixes.0),
        FeatureHash.combine(Template.suffix2.rawValue, current.suffixes.1),
        FeatureHash.combine(Template.suffix3.rawValue, current.suffixes.2),
        FeatureHash.combine(Template.suffix4.rawValue, current.suffixes.3),
        FeatureHash.combine(Template.bigramPrev.rawValue, prev.lower, current.lower),
        FeatureHash.combine(Template.bigramNext.rawValue, current.lower, next.lower),
        FeatureHash.combine(
          Template.shapeTrigram.rawValue, prev.shortShape ^ (current.shortShape &* 31),
          next.shortShape),
        FeatureHash.combine(
          Template.firstShape.rawValue, position == 0 ? 1 : 0, current.shortShape),
        FeatureHash.combine(Template.headline.rawValue, headline, current.lower),
        FeatureHash.combine(Template.gazetteer.rawValue, current.gazetteer, headline),
        FeatureHash.combine(Template.gazetteerPrev.rawValue, prev.gazetteer),
        FeatureHash.combine(Template.gazetteerNext.rawValue, next.gazetteer),
        FeatureHash.combine(Template.prevWordShape.rawValue, prev.lower, current.shortShape),
        FeatureHash.combine(Template.shapeNextWord.rawValue, current.shortShape, next.lower),
        FeatureHash.combine(Template.length.rawValue, current.length, headline),
        FeatureHash.combine(Template.formPrev.rawValue, prev.form),
        FeatureHash.combine(Template.formNext.rawValue, next.form),
        FeatureHash.combine(Template.gazetteer.rawValue, current.gazetteer, current.shortShape),
        FeatureHash.combine(Template.common.rawValue, current.common, position == 0 ? 1 : 0),
        FeatureHash.combine(Template.commonNext.rawValue, current.common, next.common),
      ]
      let base = position * perToken
      for (slot, value) in values.enumerated() {
        rows[base + slot] = Int32(truncatingIfNeeded: value & mask)
      }
      if syntax {
        let extra = syntaxValues(tags, position, count)
        for (slot, value) in extra.enumerated() {
          rows[base + Self.staticCount + slot] = Int32(truncatingIfNeeded: value & mask)
        }
      }
      if let clusters, let classes {
        var slot = base + Self.staticCount + syntaxRows
        for index in clusters.sizes.indices {
          let value = FeatureHash.combine(
            Template.cluster.rawValue + UInt64(index), WordClusters.cls(classes[position], index))
          rows[slot] = Int32(truncatingIfNeeded: value & mask)
          slot += 1
        }
        let middle = clusters.sizes.count / 2
        let before = position > 0 ? WordClusters.cls(classes[position - 1], middle) : 0xFFFF_FFFF
        let after =
          position + 1 < count ? WordClusters.cls(classes[position + 1], middle) : 0xFFFF_FFFF
        rows[slot] = Int32(
          truncatingIfNeeded: FeatureHash.combine(Template.clusterPrev.rawValue, before) & mask)
        rows[slot + 1] = Int32(
          truncatingIfNeeded: FeatureHash.combine(Template.clusterNext.rawValue, after) & mask)
      }
    }
    return Sentence(
      rows: rows, rowsPerToken: perToken, lower: infos.map(\.lower),
      shortShape: infos.map(\.shortShape))
  }

  /// The syntax feature values of one token: its tag, the neighbours' tags, the tag trigram,
  /// its chunk tag and the previous token's chunk tag with it (0 for a missing tag).
  private func syntaxValues(_ tags: EntitySyntax?, _ position: Int, _ count: Int) -> [UInt64] {
    func pos(_ index: Int) -> UInt64 {
      guard let tags, index >= 0, index < count, index < tags.pos.count else { return 0 }
      return tags.pos[index]
    }
    func chunk(_ index: Int) -> UInt64 {
      guard let tags, index >= 0, index < count, index < tags.chunks.count else { return 0 }
      return tags.chunks[index]
    }
    let prev = pos(position - 1)
    let current = pos(position)
    let next = pos(position + 1)
    return [
      FeatureHash.combine(Template.pos.rawValue, current),
      FeatureHash.combine(Template.posPrev.rawValue, prev),
      FeatureHash.combine(Template.posNext.rawValue, next),
      FeatureHash.combine(Template.posTrigram.rawValue, prev ^ (current &* 31), next),
      FeatureHash.combine(Template.chunk.rawValue, chunk(position)),
      FeatureHash.combine(Template.chunkBigram.rawValue, chunk(position - 1), chunk(position)),
    ]
  }

  /// Number of previous-tag feature rows per token.
  static let dynamicCount = 4

  /// The previous-tag feature rows of one token, given the two previous tags.
  @inline(__always)
  package func dynamicFeatures(_ sentence: Sentence, _ position: Int, _ prev: Int, _ prev2: Int)
    -> (
      Int32, Int32, Int32, Int32
    )
  {
    let mask = self.mask
    let p1 = UInt64(prev)
    let p2 = UInt64(prev2)
    return (
      Int32(truncatingIfNeeded: FeatureHash.combine(Template.tagPrev.rawValue, p1) & mask),
      Int32(
        truncatingIfNeeded: FeatureHash.combine(Template.tagPrev2.rawValue, p1, p2) & mask),
      Int32(
        truncatingIfNeeded: FeatureHash.combine(
          Template.tagPrevWord.rawValue, p1, sentence.lower[position]) & mask),
      Int32(
        truncatingIfNeeded: FeatureHash.combine(
          Template.tagPrevShape.rawValue, p1, sentence.shortShape[position]) & mask)
    )
  }
}
