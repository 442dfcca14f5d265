import Pipeline

/// What the extractors need to know about one sentence of a document.
package struct SentenceContext {
  let document: Document
  let sentence: Int
  let units: SentenceUnits
  /// Label of each entity of the document, and whether it is a nationality word.
  let labels: [String]
  let demonym: [Bool]
  /// Whether each entity of the document stops a `~N` gap.
  let blocksGap: [Bool]

  /// Labels of entities that a `~N` gap may pass over.
  static let gapLabels: Set<String> = [
    "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL",
  ]

  /// The text of units `[start, end)`.
  func text(_ start: Int, _ end: Int) -> String {
    guard start < end, end <= units.count else { return "" }
    return document.slice(units.starts[start], units.ends[end - 1])
  }

  /// The name a relation uses for an entity: its canonical name, else its text.
  func name(of entity: Int) -> String {
    let mention = document.entities[entity]
    return mention.canonical ?? document.slice(mention)
  }

  /// The half-open range of items in a sorted span array that start inside `[start, end)`.
  package static func range<S: TextSpan>(of spans: [S], from start: Int, to end: Int) -> Range<Int>
  {
    var low = 0
    var high = spans.count
    while low < high {
      let mid = (low + high) / 2
      if spans[mid].start < start { low = mid + 1 } else { high = mid }
    }
    var upper = low
    while upper < spans.count, spans[upper].start < end { upper += 1 }
    return low..<upper
  }
}
