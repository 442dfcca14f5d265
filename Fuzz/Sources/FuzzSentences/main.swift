import Pipeline

let stage = makeStage("sentences")

/// Any text through the tokenizer and sentence splitter; offsets must stay in order and in
/// range, on character boundaries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard let stage else { return 0 }
  var document = Document(id: "fuzz", location: "fuzz", format: .text, source: text(data, size))
  guard (try? stage.process(&document)) != nil else { return 0 }
  let bytes = Array(document.text.utf8)
  var previous = 0
  for sentence in document.sentences {
    precondition(sentence.start >= previous && sentence.start < sentence.end)
    precondition(sentence.end <= bytes.count)
    precondition(sentence.start == bytes.count || bytes[sentence.start] & 0xC0 != 0x80)
    previous = sentence.end
  }
  previous = 0
  for token in document.tokens {
    precondition(token.start >= previous && token.start < token.end && token.end <= bytes.count)
    previous = token.end
  }
  return 0
}
