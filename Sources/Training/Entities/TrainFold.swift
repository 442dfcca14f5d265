import Foundation

/// One fold of K of N over the documents of a corpus (`--train-fold K/N` of `nlpipe train ner`,
/// `--family-model conll-train:K/N=PATH` of `nlpipe train entity-groups`): the documents at
/// positions i (0-based, in order of their document numbers) with i % N == K - 1. A CoNLL-2003
/// train document is cross-fitted by the entity model trained without its fold.
public struct TrainFold: Sendable, Hashable, CustomStringConvertible {
  /// The fold, 1...count.
  public var index: Int
  /// How many folds, 2...20.
  public var count: Int

  /// The fold `index` of `count`; nil unless 2 <= count <= 20 and 1 <= index <= count.
  public init?(index: Int, count: Int) {
    guard (2...20).contains(count), (1...count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// The fold of `K/N` (`1/3`); nil when it is not two numbers with 2 <= N <= 20, 1 <= K <= N.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
      return nil
    }
    self.init(index: index, count: count)
  }

  /// True when the document at `position` (0-based) is in this fold.
  public func contains(position: Int) -> Bool { position % count == index - 1 }

  /// The fold of the document at `position` among `count` folds.
  public static func of(position: Int, count: Int) -> TrainFold? {
    TrainFold(index: position % count + 1, count: count)
  }

  /// Each document number's position (0-based) among the distinct `numbers` in ascending
  /// order: the positions folds count (`nlpipe train ner --train-fold` and the CoNLL documents
  /// of `nlpipe train entity-groups` alike).
  public static func positions(of numbers: some Sequence<Int>) -> [Int: Int] {
    Dictionary(uniqueKeysWithValues: Set(numbers).sorted().enumerated().map { ($1, $0) })
  }

  public var description: String { "\(index)/\(count)" }
}
