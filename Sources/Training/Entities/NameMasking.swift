import Stages

/// Masks gold names during NER training: in each pass, each name of a sentence is hidden
/// with a fixed probability, so its words read as one unknown word (see
/// ``FeatureExtractor/extract(_:tokens:matches:masked:)``). The model then learns to type a
/// name by its context, shape and affixes, which is all it has for names it never saw.
/// Deterministic for a seed; with probability 0 it draws nothing and masks nothing.
struct NameMasking {
  let probability: Double
  private var generator: SeededGenerator

  init(probability: Double, seed: UInt64) {
    self.probability = probability
    generator = SeededGenerator(seed: seed ^ 0x6d61_736b_6e61_6d65)
  }

  /// The example's features with some of its names masked, or nil when none is masked.
  mutating func features(
    _ example: NERExample, _ extractor: FeatureExtractor, tags: EntitySyntax? = nil
  )
    -> FeatureExtractor.Sentence?
  {
    guard probability > 0, !example.entities.isEmpty else { return nil }
    var masked: [Bool] = []
    for span in example.entities where draw() {
      if masked.isEmpty { masked = [Bool](repeating: false, count: example.tokens.count) }
      for position in span.first..<min(span.end, masked.count) { masked[position] = true }
    }
    guard !masked.isEmpty else { return nil }
    return example.bytes.withUnsafeBufferPointer {
      extractor.extract($0, tokens: example.tokens[...], masked: masked, tags: tags)
    }
  }

  /// True with the masking probability (53 random bits against it).
  private mutating func draw() -> Bool {
    Double(generator.next() >> 11) * 0x1p-53 < probability
  }
}
