import Pipeline

/// Double-barrelled surnames ("Jennifer Ngo-Anh", "Alexandria Ocasio-Cortez", "Patrick
/// Soon-Shiong"): the tokenizer keeps a hyphenated word whole, and the model, trained on
/// text that seldom has them, often ends the name before it ("Jennifer" PERSON alone). A
/// word of two or more capitalised parts joined by hyphens, written right after a model
/// PERSON, and followed by no capitalised word, is the rest of that name.
enum HyphenatedSurnames {
  /// Whether `bytes` are two or more parts joined by single hyphens, each an upper-case
  /// ASCII letter and then at least one lower-case one ("Ngo-Anh", "Caldwell-Pope"; not
  /// "US-China", "Post-9/11" or "Anglo-american").
  static func isHyphenatedName(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
    var parts = 0
    var index = bytes.startIndex
    while index < bytes.endIndex {
      guard ASCII.isUpper(bytes[index]) else { return false }
      var end = index + 1
      while end < bytes.endIndex, ASCII.isLetter(bytes[end]) { end += 1 }
      guard end - index >= 2,
        bytes[(index + 1)..<end].contains(where: { ASCII.isLower($0) })
      else { return false }
      parts += 1
      if end == bytes.endIndex { break }
      guard bytes[end] == 0x2D, end + 1 < bytes.endIndex else { return false }
      index = end + 1
    }
    return parts >= 2
  }
}

extension EntityPasses {
  /// Pass 2a': a free hyphenated name (``HyphenatedSurnames``) right after a model PERSON,
  /// with no capitalised word after it, joins it.
  mutating func addHyphenatedSurnames() {
    let base = tokens.startIndex
    for span in modelSpansByLabel where span.label == "PERSON" && span.end < tokens.count {
      let token = tokens[base + span.end]
      guard !taken[span.end], HyphenatedSurnames.isHyphenatedName(text[token.start..<token.end])
      else { continue }
      // A capitalised word after it: a longer name ("Tyvak Nano-Satellite Systems"), no
      // person's.
      if isCapitalised(span.end + 1) { continue }
      widenModelSpan(span.index, toEndAt: span.end + 1)
    }
  }
}
