import Foundation
import Testing

@testable import Pipeline

/// A worker process reads its JSON input lines in place, in the ring they arrived in
/// (``WorkerWire/decodeReceivedItem(_:)``, ``DocumentReader/readLine(_:file:fileId:number:)``):
/// the same documents and the same errors as reading a copy of each line.
@Suite struct InPlaceLineIsolationTests {
  /// Lines that read, and lines that fail in each way (not JSON, not an object, no text,
  /// invalid UTF-8, an empty line).
  private let lines: [[UInt8]] = [
    Array(#"{"id": "a", "text": "Zoë met \"Herzog\"\nin Baku \u00e9 \ud83d\ude00", "u": 1}"#.utf8),
    Array(#"{"id": 12345678901234567890, "html": "<p>x</p>", "n": 1.5e3}"#.utf8),
    Array(#"{"text": "no id", "title": ["a", {"b": null}]}"#.utf8),
    Array(#"{"id": "a", "text": "unterminated}"#.utf8),
    Array(#"["not", "an", "object"]"#.utf8),
    Array(#"{"id": "x"}"#.utf8),
    Array(#"{"id": "x", "text": 3}"#.utf8),
    Array(#"{"id": "x", "text": "bad "#.utf8) + [0xFF, 0x22, 0x7D],
    [],
  ]

  /// A document's visible parts, or its error, for comparing two reads.
  private func summary(_ read: () throws(DocumentError) -> Document) -> String {
    do {
      let document = try read()
      let fields = document.fields.keys.sorted().map { "\($0)=\(document.fields[$0]!)" }
      return [
        document.id, document.location, document.format.rawValue, document.source,
        fields.joined(separator: ","), document.warnings.joined(separator: ","),
      ].joined(separator: "|")
    } catch {
      return "error \(error.message) at \(error.offset.map(String.init) ?? "-")"
    }
  }

  @Test func aLineReadInPlaceIsTheDocumentOfItsCopy() {
    let reader = DocumentReader(spec: InputSpec(path: URL(fileURLWithPath: "/x"), displayPath: "x"))
    for (number, line) in lines.enumerated() {
      let copied = summary { () throws(DocumentError) in
        try reader.read(.line(line, file: "in.jsonl", fileId: "in", number: number))
      }
      let inPlace = line.withUnsafeBufferPointer { buffer in
        summary { () throws(DocumentError) in
          try reader.readLine(buffer, file: "in.jsonl", fileId: "in", number: number)
        }
      }
      #expect(inPlace == copied, "line \(number)")
    }
    // The identity of a line that cannot be read is the one its item has.
    let identity = DocumentReader.lineIdentity(file: "in.jsonl", fileId: "in", number: 4)
    let item = reader.identity(of: .line([], file: "in.jsonl", fileId: "in", number: 4))
    #expect(identity == item)
  }

  @Test func theParserReadsMemoryInPlaceAsItReadsAnArray() {
    for line in lines {
      let fromArray = Result(catching: { () throws(JSONParser.SyntaxError) in
        try JSONParser.parseKeepingNumbers(line)
      })
      let inPlace = line.withUnsafeBufferPointer { buffer in
        Result(catching: { () throws(JSONParser.SyntaxError) in
          try JSONParser.parseKeepingNumbers(buffer)
        })
      }
      switch (fromArray, inPlace) {
      case (.success(let a), .success(let b)):
        #expect(a.value == b.value && a.numberLiterals == b.numberLiterals)
      case (.failure(let a), .failure(let b)):
        #expect(a.message == b.message && a.offset == b.offset)
      default:
        Issue.record("one read of \(line) failed, the other did not")
      }
    }
  }

  @Test func aWorkerTakesALineInPlaceAndOtherItemsWhole() throws {
    let items: [InputItem] = [
      .line(lines[0], file: "stdin", fileId: "stdin", number: 7),
      .line([], file: "", fileId: "", number: -1),
      .file(URL(fileURLWithPath: "/tmp/a b/ü.txt"), id: "a b/ü", display: "ü.txt", format: .text),
      .unreadable(id: "x", location: "x.html", message: "not UTF-8 ✗"),
    ]
    for item in items {
      var writer = WorkerWire.Writer.frames()
      WorkerWire.ItemFrame(item: item).write(to: &writer)
      try writer.bytes.withUnsafeBytes { frame in
        var reader = WorkerWire.Reader(borrowing: frame)
        let received = try WorkerWire.decodeReceivedItem(&reader)
        #expect(reader.position == reader.end)
        switch (received, item) {
        case (.line(let bytes, let file, let fileId, let number), .line(let line, let f, let i, _)):
          #expect(Array(bytes) == line && file == f && fileId == i)
          #expect(
            InputDigest.of(item) == InputDigest.of(.line(line, file: f, fileId: i, number: number)))
          // In place: the bytes are the frame's own, not a copy.
          if let start = bytes.baseAddress, let base = frame.baseAddress {
            let offset = UnsafeRawPointer(start) - base
            #expect(offset > 0 && offset + bytes.count <= frame.count)
          }
        case (.other(let decoded), _):
          if case .line = item { Issue.record("a line was decoded whole") }
          #expect(InputDigest.of(decoded) == InputDigest.of(item))
        default:
          Issue.record("\(item) was taken as a line")
        }
      }
      // The copying decoder still gives the item itself.
      var reader = WorkerWire.Reader(writer.bytes)
      #expect(InputDigest.of(try WorkerWire.decodeItem(&reader)) == InputDigest.of(item))
    }
  }
}
