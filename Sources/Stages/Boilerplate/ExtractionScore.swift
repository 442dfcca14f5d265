import Foundation

/// The article-extraction scoring rule of `../shared/tools/score_extraction.py` (the
/// ScrapingHub benchmark's), in Swift, for the trainer's labels and cross-validation figures.
///
/// Tokens are runs of Python-`\w` characters (letters, numbers, `_`), case kept; a text is the
/// multiset of its 4-token shingles (a text of 1-3 tokens is one shingle). Page precision and
/// recall compare the multisets; the corpus F1 is the harmonic mean of the mean page precision
/// (over non-empty predictions) and the mean page recall.
public enum ExtractionScore {
  /// One page's precision (nil for an empty prediction) and recall (nil for an empty gold).
  public struct Page: Sendable {
    public var precision: Double?
    public var recall: Double?
  }

  /// Mean precision, mean recall, their F1, and the count of empty predictions.
  public struct Summary: Sendable, CustomStringConvertible {
    public var f1: Double
    public var precision: Double
    public var recall: Double
    public var pages: Int
    public var empty: Int

    public var description: String {
      func three(_ value: Double) -> String { String(format: "%.3f", value) }
      return "F1 \(three(f1)) P \(three(precision)) R \(three(recall)) pages \(pages) "
        + "empty \(empty)"
    }
  }

  /// Python's `\w`: letters (L*), numbers (N*) and the underscore.
  static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      let value = scalar.value
      return value >= 0x30 && value <= 0x39 || value >= 0x41 && value <= 0x5A
        || value >= 0x61 && value <= 0x7A || value == 0x5F
    }
    switch scalar.properties.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
      .decimalNumber, .letterNumber, .otherNumber:
      return true
    default:
      return false
    }
  }

  /// The hash of every token (FNV-1a of its UTF-8 bytes).
  package static func tokenHashes(_ text: String) -> [UInt64] {
    var hashes: [UInt64] = []
    var hash: UInt64 = 0
    var inWord = false
    for scalar in text.unicodeScalars {
      if isWordScalar(scalar) {
        if !inWord {
          hash = 0xcbf2_9ce4_8422_2325
          inWord = true
        }
        for byte in scalar.utf8 {
          hash ^= UInt64(byte)
          hash = hash &* 0x100_0000_01b3
        }
      } else if inWord {
        hashes.append(hash)
        inWord = false
      }
    }
    if inWord { hashes.append(hash) }
    return hashes
  }

  /// The hash of the tokens `tokens[range]` as one shingle.
  package static func shingle(_ tokens: ArraySlice<UInt64>) -> UInt64 {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(tokens.count)
    for token in tokens {
      hash = (hash ^ token) &* 0xBF58_476D_1CE4_E5B9
      hash ^= hash >> 31
    }
    return hash
  }

  /// The multiset of shingles of a token sequence.
  static func shingles(_ tokens: [UInt64]) -> [UInt64: Int] {
    guard !tokens.isEmpty else { return [:] }
    guard tokens.count >= 4 else { return [shingle(tokens[...]): 1] }
    var counts: [UInt64: Int] = [:]
    for start in 0...(tokens.count - 4) {
      counts[shingle(tokens[start..<start + 4]), default: 0] += 1
    }
    return counts
  }

  /// Scores one page.
  public static func page(predicted: String, gold: String) -> Page {
    let goldShingles = shingles(tokenHashes(gold))
    let predicted = shingles(tokenHashes(predicted))
    var tp = 0
    var fp = 0
    var fn = 0
    for (key, count) in goldShingles {
      let other = predicted[key] ?? 0
      tp += min(count, other)
      fn += max(0, count - other)
    }
    for (key, count) in predicted { fp += max(0, count - (goldShingles[key] ?? 0)) }
    func ratio(_ other: Int) -> Double {
      if fp == 0 && fn == 0 { return 1 }
      return tp == 0 ? 0 : Double(tp) / Double(tp + other)
    }
    return Page(
      precision: tp + fp > 0 ? ratio(fp) : nil, recall: tp + fn > 0 ? ratio(fn) : nil)
  }

  /// The corpus figures of scored pages.
  public static func summarize(_ pages: [Page]) -> Summary {
    let precisions = pages.compactMap(\.precision)
    let recalls = pages.compactMap(\.recall)
    let precision = precisions.isEmpty ? 0 : precisions.reduce(0, +) / Double(precisions.count)
    let recall = recalls.isEmpty ? 0 : recalls.reduce(0, +) / Double(recalls.count)
    let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    return Summary(
      f1: f1, precision: precision, recall: recall, pages: pages.count,
      empty: pages.filter { $0.precision == nil }.count)
  }
}
