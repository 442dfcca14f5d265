import Pipeline

/// Writes a document as CoNLL-U (`documents.conllu`): one block per sentence, with
/// `# newdoc id`, `# doc_id`, `# sent_id` and `# text` comments.
///
/// Columns: `ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC`. LEMMA, UPOS and XPOS come
/// from ``Document/tags`` (`_` without a tagger); FEATS, HEAD, DEPREL and DEPS are `_`
/// (nlpipe has no parser). MISC holds `Chunk=` (the IOB2 chunk), `SpaceAfter=No` where the
/// next token follows without a gap, and `TokenRange=START:END` (UTF-8 byte offsets into the
/// document's exported text). Tabs and line breaks inside a value become spaces, so every
/// line keeps its ten columns.
enum CoNLLUEncoder {
  /// The document's sentence blocks, and how many there are.
  static func encode(_ document: Document) -> (bytes: [UInt8], sentences: Int) {
    var out: [UInt8] = []
    var sentences = 0
    let tags = document.tags.count == document.tokens.count ? document.tags : []
    let id = clean(document.id)
    for (number, range) in document.sentenceTokenRanges().enumerated() where !range.isEmpty {
      if number == 0 { line("# newdoc id = \(id)", &out) }
      line("# doc_id = \(id)", &out)
      line("# sent_id = \(id)-\(number + 1)", &out)
      let first = document.tokens[range.lowerBound]
      let last = document.tokens[range.upperBound - 1]
      line("# text = \(clean(document.slice(first.start, last.end)))", &out)
      for index in range {
        let token = document.tokens[index]
        let tag = tags.isEmpty ? nil : tags[index]
        var misc: [String] = []
        if let chunk = tag?.chunk, !chunk.isEmpty { misc.append("Chunk=\(chunk)") }
        if index + 1 < range.upperBound && document.tokens[index + 1].start == token.end {
          misc.append("SpaceAfter=No")
        }
        misc.append("TokenRange=\(token.start):\(token.end)")
        let columns = [
          String(index - range.lowerBound + 1), value(document.slice(token)), value(tag?.lemma),
          value(tag?.upos), value(tag?.pos), "_", "_", "_", "_", misc.joined(separator: "|"),
        ]
        line(columns.joined(separator: "\t"), &out)
      }
      out.append(UInt8(ascii: "\n"))
      sentences += 1
    }
    return (out, sentences)
  }

  private static func line(_ text: String, _ out: inout [UInt8]) {
    out.append(contentsOf: text.utf8)
    out.append(UInt8(ascii: "\n"))
  }

  /// A column value: `_` when unknown or empty, whitespace other than spaces replaced.
  private static func value(_ text: String?) -> String {
    guard let text, !text.isEmpty else { return "_" }
    return clean(text)
  }

  /// Replaces tabs and line breaks (which would break the line format) with spaces.
  private static func clean(_ text: String) -> String {
    guard
      text.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 }) || text.contains("\u{2028}")
    else { return text }
    return String(
      text.unicodeScalars.map { scalar -> Character in
        scalar.properties.isWhitespace ? " " : Character(scalar)
      })
  }
}
