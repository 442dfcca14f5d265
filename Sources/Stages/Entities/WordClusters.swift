/// Distributional word classes learned from unlabelled text (``FeatureExtractor`` reads them
/// as features, in the manner of Ratinov & Roth's Brown-cluster features): each known word
/// has one class per clustering, from the coarsest to the finest (`sizes`, e.g. 32, 128,
/// 512 classes). Words are keyed by the hash of their exact form (typographic punctuation
/// read as ASCII, as the extractor's `form`); a form the table lacks is looked up in lower
/// case, so a sentence-opening "Officials" finds "officials".
///
/// Built by `nlpipe train ner --clusters-text ...` (the exchange algorithm in
/// `Sources/Training/Entities/ExchangeClustering.swift`) and stored in the model file.
package struct WordClusters: Sendable, Equatable {
  /// Number of classes of each clustering, coarsest first (at most four, each below 65,535).
  package let sizes: [Int]
  /// Form hash -> classes, 16 bits per clustering (clustering `i` in bits `16i..<16i+16`),
  /// each class stored plus one (0 is never a class).
  package let codes: [UInt64: UInt64]

  package init(sizes: [Int], codes: [UInt64: UInt64]) {
    self.sizes = sizes
    self.codes = codes
  }

  /// The most clusterings a table holds.
  package static let maximumClusterings = 4

  /// The packed classes of a word (0 when it has none), by its form hash, else its
  /// lower-cased hash.
  @inline(__always)
  func code(form: UInt64, lower: UInt64) -> UInt64 {
    codes[form] ?? codes[lower] ?? 0
  }

  /// Class plus one of clustering `index` in a packed code (0: no class).
  @inline(__always)
  static func cls(_ code: UInt64, _ index: Int) -> UInt64 {
    (code >> UInt64(16 * index)) & 0xFFFF
  }

  /// Packs one class per clustering (each `0..<sizes[i]`).
  package static func pack(_ classes: [Int]) -> UInt64 {
    var code: UInt64 = 0
    for (index, value) in classes.enumerated() {
      code |= UInt64(value + 1) << UInt64(16 * index)
    }
    return code
  }
}
