import Pipeline

/// The trained tagger: a Penn Treebank part-of-speech tagger, a Universal POS classifier
/// for the Penn tags that map to more than one UPOS, an IOB2 chunker, and the lemmatizer.
/// Loaded once per run and shared read-only by every worker.
public struct TaggerModel: Sendable, Equatable {
  /// Penn Treebank tags, in weight-column order.
  package let posTags: [String]
  package let posWeights: SparseWeights
  /// Rows of the tagger's tag-only dynamic features (built on load).
  let posTransitions: POSTransitions
  /// The Penn tags each training word was seen with (a POS feature).
  package let tagDictionary: TagDictionary
  /// Universal POS tags, in weight-column order.
  let uposTags: [String]
  let uposWeights: SparseWeights
  /// The UPOS indices each Penn tag may get (a single one needs no classifier).
  let uposChoices: [[Int]]
  package let chunkScheme: ChunkScheme
  package let chunkWeights: SparseWeights
  /// Dense rows of the chunker's previous-tag features (built on load).
  let chunkTransitions: ChunkTransitions
  let lemmatizer: Lemmatizer
  /// The lemmatizer's facts about each Penn tag (derived, in ``posTags`` order).
  private let lemmaPlans: [LemmaTagPlan]
  /// Training information (command, data, scores), as free text.
  public let metadata: String

  package init(
    posTags: [String], posWeights: SparseWeights, tagDictionary: TagDictionary,
    uposTags: [String], uposWeights: SparseWeights, uposChoices: [[Int]],
    chunkScheme: ChunkScheme, chunkWeights: SparseWeights, lemmatizer: Lemmatizer,
    metadata: String
  ) {
    self.posTags = posTags
    self.posWeights = posWeights
    self.posTransitions = POSTransitions(posWeights)
    self.tagDictionary = tagDictionary
    self.uposTags = uposTags
    self.uposWeights = uposWeights
    self.uposChoices = uposChoices
    self.chunkScheme = chunkScheme
    self.chunkWeights = chunkWeights
    self.chunkTransitions = ChunkTransitions(chunkWeights, posCount: posTags.count)
    self.lemmatizer = lemmatizer
    self.lemmaPlans = lemmatizer.plans(posTags)
    self.metadata = metadata
  }

  /// Tags one sentence: `forms` are its tokens' texts, `words` their hashed facts.
  package func tag(_ words: [WordInfo], forms: [String]) -> [TokenTag] {
    let entries = tagDictionary.entries(words)
    let pos = GreedyDecoding.tagPOS(
      posWeights, entries: entries, words, transitions: posTransitions)
    let upos = universal(words, pos)
    let chunks = self.chunks(words, pos)
    var tags: [TokenTag] = []
    tags.reserveCapacity(words.count)
    // A local copy (once per sentence): the casing autoclosure below would otherwise
    // capture `self` and copy the whole model (a retain and release of every table) per token.
    let lemmatizer = lemmatizer
    for index in words.indices {
      let penn = posTags[pos[index]]
      let casing = entries[index].casing
      tags.append(
        TokenTag(
          pos: penn, upos: uposTags[upos[index]],
          lemma: lemmatizer.lemma(
            forms[index], plan: lemmaPlans[pos[index]], casing: casing,
            initial: index == 0),
          chunk: chunkScheme.tags[chunks[index]]))
    }
    return tags
  }

  /// Chunk tag indices of a sentence tagged with Penn tag indices `pos`.
  package func chunks(_ words: [WordInfo], _ pos: [Int]) -> [Int] {
    ChunkDecoding.tagChunks(chunkWeights, chunkTransitions, words, pos, scheme: chunkScheme)
  }

  /// UPOS indices for a sentence tagged with Penn tag indices `pos` (the classifier scores
  /// the tokens whose Penn tag has more than one UPOS choice, all at once).
  func universal(_ words: [WordInfo], _ pos: [Int]) -> [Int] {
    var result = pos.map { uposChoices[$0].first ?? 0 }
    let scored = pos.map { uposChoices[$0].count > 1 }
    guard scored.contains(true) else { return result }
    var keys = [UInt32](repeating: 0, count: pos.count * UPOSFeatures.count)
    keys.withUnsafeMutableBufferPointer { keys in
      guard let out = keys.baseAddress else { return }
      for index in pos.indices where scored[index] {
        UPOSFeatures.extract(words, pos, index, to: out + index * UPOSFeatures.count)
      }
    }
    let tagCount = uposTags.count
    withUnsafeTemporaryAllocation(of: Float.self, capacity: pos.count * tagCount) { buffer in
      guard let rows = buffer.baseAddress else { return }
      uposWeights.scoreRows(
        keys, perToken: UPOSFeatures.count, count: pos.count, into: rows,
        include: { scored[$0] })
      for index in pos.indices where scored[index] {
        let scores = rows + index * tagCount
        let choices = uposChoices[pos[index]]
        var best = choices[0]
        for choice in choices.dropFirst() where scores[choice] > scores[best] { best = choice }
        result[index] = best
      }
    }
    return result
  }

  /// The usual Universal POS of a Penn tag (used for tags the UPOS training data lacks).
  package static func defaultUPOS(_ tag: String) -> String {
    switch tag {
    case "NN", "NNS": return "NOUN"
    case "NNP", "NNPS": return "PROPN"
    case "VB", "VBD", "VBG", "VBN", "VBP", "VBZ": return "VERB"
    case "MD": return "AUX"
    case "JJ", "JJR", "JJS", "AFX": return "ADJ"
    case "RB", "RBR", "RBS", "WRB": return "ADV"
    case "PRP", "PRP$", "WP", "WP$", "EX": return "PRON"
    case "DT", "PDT", "WDT": return "DET"
    case "IN", "RP": return "ADP"
    case "TO", "POS": return "PART"
    case "CC": return "CCONJ"
    case "CD": return "NUM"
    case "UH": return "INTJ"
    case "SYM", "$", "#": return "SYM"
    case "FW", "LS", "ADD", "GW", "XX": return "X"
    default: return "PUNCT"
    }
  }
}

extension TaggerModel {
  /// The same model with other metadata.
  public func with(metadata: String) -> TaggerModel {
    TaggerModel(
      posTags: posTags, posWeights: posWeights, tagDictionary: tagDictionary, uposTags: uposTags,
      uposWeights: uposWeights,
      uposChoices: uposChoices, chunkScheme: chunkScheme, chunkWeights: chunkWeights,
      lemmatizer: lemmatizer, metadata: metadata)
  }
}
