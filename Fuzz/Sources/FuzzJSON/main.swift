import Foundation

@testable import Pipeline

/// Any bytes through the JSON-lines parser, as they are and (first byte `0x80` or above)
/// repeated into one large array of up to 1 MiB. A value that parses must write back
/// (``JSONWriter``) to JSON that parses to the same value, and a document line must be read
/// without a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  var bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let first = bytes.first, first >= 0x80, bytes.count > 1 {
    let body = bytes.dropFirst()
    let copies = min(1 << Int(first & 0x0F), max(1, (1 << 20) / body.count))
    var large: [UInt8] = [0x5B]
    large.reserveCapacity(copies * (body.count + 1) + 2)
    for copy in 0..<copies {
      if copy > 0 { large.append(0x2C) }
      large.append(contentsOf: body)
    }
    large.append(0x5D)
    bytes = large
  }
  if let value = try? JSONParser.parse(bytes) {
    var writer = JSONWriter()
    writer.value(value)
    let again = try? JSONParser.parse(Array(writer.string.utf8))
    precondition(again == value, "JSON did not survive writing back")
  }
  let reader = DocumentReader(
    spec: InputSpec(path: URL(fileURLWithPath: "/nonexistent"), displayPath: "fuzz.jsonl"))
  _ = try? reader.read(.line(bytes, file: "fuzz.jsonl", fileId: "fuzz", number: 1))
  return 0
}
