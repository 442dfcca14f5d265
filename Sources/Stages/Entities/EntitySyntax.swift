import Pipeline

/// Part-of-speech and phrase-chunk tags of one sentence's tokens, hashed: the entity model's
/// syntax features (``FeatureExtractor`` with `syntax` on, feature templates v3).
///
/// At run time they come from the `tagger` stage's ``Document/tags`` when an earlier stage
/// filled them, else from the bundled tagger model (POS and chunks only); training tags its
/// sentences with the same model, so the features read predicted tags in both.
package struct EntitySyntax: Sendable, Equatable {
  /// Hashed Penn Treebank tag per token.
  package var pos: [UInt64]
  /// Hashed IOB2 chunk tag per token (`B-NP`, `I-VP`, `O`...).
  package var chunks: [UInt64]

  package var count: Int { pos.count }

  /// Hashes the tag names (equal counts).
  package init(pos: [String], chunks: [String]) {
    self.pos = pos.map(Self.hash)
    self.chunks = chunks.map(Self.hash)
  }

  /// The tags an earlier `tagger` stage wrote for these tokens.
  package init(tags: ArraySlice<TokenTag>) {
    self.init(pos: tags.map(\.pos), chunks: tags.map(\.chunk))
  }

  /// Tags the tokens with a tagger model (part of speech, then chunks; no lemmas or UPOS).
  package init(
    tagging text: UnsafeBufferPointer<UInt8>, tokens: ArraySlice<Token>, with model: TaggerModel
  ) {
    let words = WordInfo.sentence(text, tokens)
    let pos = GreedyDecoding.tagPOS(model.posWeights, model.tagDictionary, words)
    let chunks = model.chunks(words, pos)
    self.init(
      pos: pos.map { model.posTags[$0] }, chunks: chunks.map { model.chunkScheme.tags[$0] })
  }

  /// The hash of a tag name (never 0, which stands for the sentence boundary).
  static func hash(_ tag: String) -> UInt64 {
    var hash = FeatureHash.seed
    for byte in tag.utf8 { hash = FeatureHash.step(hash, byte) }
    return hash | 1
  }
}
