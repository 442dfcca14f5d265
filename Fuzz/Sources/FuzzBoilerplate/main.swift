import Pipeline

let stage = makeStage("boilerplate")

/// Plain text (even first byte) or HTML (odd) through the boilerplate stage.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard let stage, size > 0 else { return 0 }
  let format: SourceFormat = data[0] & 1 == 0 ? .text : .html
  var document = Document(
    id: "fuzz", location: "fuzz", format: format, source: text(data + 1, size - 1))
  if (try? stage.process(&document)) != nil { checkBlocks(document) }
  return 0
}
