import Foundation
import Testing

@testable import Pipeline

/// Input listing and reading that used to hang, repeat files, lose documents silently or
/// round ids (issue 14, part A).
@Suite struct InputHardeningTests {
  /// Runs `words` + export over `input` (relative to `folder`), returning the summary, the
  /// ids written and the errors.
  func run(_ folder: URL, input: String, recursive: Bool = true, maxMB: Int = 256) throws -> (
    summary: RunSummary, ids: [String], errors: [[String: Any]]
  ) {
    let definition = try loadPipeline(
      """
      input: {path: \(input), recursive: \(recursive), max_mb: \(maxMB)}
      stages:
        - words
        - export: {formats: [jsonl], dir: out}
      """, in: folder)
    let summary = try Executor(pipeline: definition, options: RunOptions(jobs: 2)).run()
    let out = folder.appendingPathComponent("out")
    let ids = try readJSONLines(out.appendingPathComponent("documents.jsonl")).compactMap {
      $0["id"] as? String
    }
    let errors = try readJSONLines(out.appendingPathComponent("errors.jsonl"))
    return (summary, ids, errors)
  }

  @Test func symlinkLoopsVisitEachFolderOnce() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("one", "docs/a.txt", in: folder)
    try write("two", "docs/sub/b.txt", in: folder)
    let manager = FileManager.default
    let docs = folder.appendingPathComponent("docs")
    try manager.createSymbolicLink(
      atPath: docs.appendingPathComponent("sub/loop").path, withDestinationPath: "..")
    try manager.createSymbolicLink(
      atPath: docs.appendingPathComponent("self").path, withDestinationPath: docs.path)
    try manager.createSymbolicLink(
      atPath: docs.appendingPathComponent("zz-again").path, withDestinationPath: "sub")
    let result = try run(folder, input: "docs")
    #expect(result.ids == ["a", "sub/b"])
    #expect(result.errors.isEmpty)
  }

  @Test func specialFilesAreReportedNotRead() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("one", "docs/a.txt", in: folder)
    let docs = folder.appendingPathComponent("docs")
    #expect(mkfifo(docs.appendingPathComponent("pipe.txt").path, 0o600) == 0)
    try FileManager.default.createSymbolicLink(
      atPath: docs.appendingPathComponent("zero.txt").path, withDestinationPath: "/dev/zero")
    try FileManager.default.createSymbolicLink(
      atPath: docs.appendingPathComponent("gone.txt").path, withDestinationPath: "nowhere")
    let result = try run(folder, input: "docs", maxMB: 1)
    #expect(result.ids == ["a"])
    let messages = Dictionary(
      uniqueKeysWithValues: result.errors.map {
        ($0["id"] as? String ?? "", $0["message"] as? String ?? "")
      })
    #expect(messages["pipe"]?.contains("FIFO") == true)
    #expect(messages["zero"]?.contains("character device") == true)
    #expect(messages["gone"]?.contains("cannot read") == true)
  }

  @Test func aFIFOGivenAsTheInputFileIsAnError() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(mkfifo(folder.appendingPathComponent("pipe.txt").path, 0o600) == 0)
    let result = try run(folder, input: "pipe.txt")
    #expect(result.ids.isEmpty)
    #expect((result.errors.first?["message"] as? String)?.contains("FIFO") == true)
  }

  @Test func fileNamesThatAreNotUTF8AreErrors() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("one", "docs/a.txt", in: folder)
    let raw = folder.appendingPathComponent("docs").path + "/caf\u{E9}"
    var path = Array(raw.utf8.dropLast(2)) + [0xE9] + Array(".txt".utf8)
    path.append(0)
    let descriptor = path.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o600) }
    }
    #expect(descriptor >= 0)
    close(descriptor)
    let result = try run(folder, input: "docs")
    #expect(result.ids == ["a"])
    #expect(result.errors.count == 1)
    #expect((result.errors.first?["message"] as? String)?.contains("not valid UTF-8") == true)
  }

  @Test func filesInSubFoldersHaveDistinctIds() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write("one", "docs/a/x.txt", in: folder)
    try write("two", "docs/b/x.txt", in: folder)
    try write("three", "docs/x.txt", in: folder)
    try write("{\"text\": \"four\"}\n", "docs/a/l.jsonl", in: folder)
    try write("{\"text\": \"five\"}\n", "docs/b/l.jsonl", in: folder)
    let result = try run(folder, input: "docs")
    #expect(result.ids == ["a/l-1", "a/x", "b/l-1", "b/x", "x"])
    #expect(result.errors.isEmpty)
  }

  @Test func jsonLineIdsAreKeptAsWrittenAndDuplicatesAreErrors() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(
      """
      {"id": 12345678901234567890, "text": "big"}
      {"id": 12345678901234567891, "text": "next"}
      {"id": 1.50, "text": "decimal"}
      {"id": "12345678901234567890", "text": "same id as a string"}
      {"id": "k", "text": "after the duplicate"}

      """, "in.jsonl", in: folder)
    let result = try run(folder, input: "in.jsonl")
    #expect(result.ids == ["12345678901234567890", "12345678901234567891", "1.50", "k"])
    #expect(result.errors.count == 1)
    #expect(result.errors.first?["source"] as? String == "in.jsonl:4")
    #expect((result.errors.first?["message"] as? String)?.contains("duplicate id") == true)
    #expect(result.summary.documentsOK == 4)
    #expect(result.summary.documentsFailed == 1)
  }

  @Test func jsonNumbersAreWrittenExactly() throws {
    var writer = JSONWriter()
    writer.value(.array([.number(0.123456789), .number(.infinity), .number(1e300), .number(-2.5)]))
    #expect(writer.string == "[0.123456789,null,1e+300,-2.5]")
    var scores = JSONWriter()
    scores.double(1e305)
    #expect(scores.string == "1e+305")
  }

  /// One gzip member of `bytes` in stored deflate blocks (no compressor needed).
  static func storedMember(_ bytes: [UInt8]) -> [UInt8] {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    crc = ~crc
    let length = bytes.count
    var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF, 0x01]
    out += [
      UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF),
    ]
    out += bytes
    for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((crc >> UInt32(shift)) & 0xFF)) }
    for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((length >> shift) & 0xFF)) }
    return out
  }

  @Test func multiMemberGzipIsReadWhole() throws {
    let first = Array("first member\n".utf8)
    let second = Array("second member\n".utf8)
    let joined = Self.storedMember(first) + Self.storedMember(second)
    #expect(try Gzip.decompress(joined, limit: 1 << 20) == first + second)
    #expect(try Gzip.decompress(joined + [0, 0, 0], limit: 1 << 20) == first + second)
    #expect(throws: DocumentError.self) {
      _ = try Gzip.decompress(joined + Array("junk".utf8), limit: 1 << 20)
    }
    #expect(throws: DocumentError.self) { _ = try Gzip.decompress(joined, limit: 20) }
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try write(joined, "docs/two.txt.gz", in: folder)
    let definition = try loadPipeline(
      "input: docs\nstages:\n  - words\n  - export: {formats: [jsonl], dir: out}\n", in: folder)
    _ = try Executor(pipeline: definition, options: RunOptions(jobs: 1)).run()
    let documents = try readJSONLines(folder.appendingPathComponent("out/documents.jsonl"))
    #expect(documents.first?["text"] as? String == "first member\nsecond member\n")
  }
}

/// A declared charset that the bytes contradict (issue 14, part A).
@Suite struct CharsetContradictionTests {
  func decode(_ html: String) throws -> SourceDecoder.Decoded {
    try SourceDecoder.decode(
      Array(html.utf8), encoding: .auto, format: .html, maxInvalidRatio: 0.01)
  }

  @Test func latin1LabelOnUTF8BytesIsAWarning() throws {
    let decoded = try decode(#"<meta charset="iso-8859-1"><p>Zürich</p>"#)
    #expect(decoded.encoding == .windows1252)
    #expect(decoded.warnings.count == 1)
    #expect(decoded.warnings.first?.contains("valid UTF-8") == true)
  }

  @Test func utf16LabelOnEightBitBytesIsReadAsUTF8WithAWarning() throws {
    let decoded = try decode(#"<meta charset="utf-16"><p>Zürich</p>"#)
    #expect(decoded.text.contains("Zürich"))
    #expect(decoded.warnings.first?.contains("8-bit text") == true)
  }

  @Test func agreeingLabelsAreSilent() throws {
    #expect(try decode(#"<meta charset="utf-8"><p>Zürich</p>"#).warnings.isEmpty)
    #expect(try decode(#"<meta charset="iso-8859-1"><p>Zurich</p>"#).warnings.isEmpty)
    let latin = Array(#"<meta charset="iso-8859-1"><p>Z"#.utf8) + [0xFC] + Array("rich</p>".utf8)
    let decoded = try SourceDecoder.decode(
      latin, encoding: .auto, format: .html, maxInvalidRatio: 0.01)
    #expect(decoded.text.contains("Zürich"))
    #expect(decoded.warnings.isEmpty)
  }
}

/// The FuzzJSON timeout input (many `\u0000` escapes, repeated into a 4 MB array): linear
/// time, and the escapes decode.
@Suite struct JSONEscapeScaleTests {
  @Test func escapeHeavyLinesParse() throws {
    let line = #"{"id": "nul\u0000idnel\u00e9nul\u0000id", "text": "U \ud83d\ude00 ok"}"#
    let large = "[" + Array(repeating: line, count: 30_000).joined(separator: ",") + "]"
    guard case .array(let items) = try JSONParser.parse(Array(large.utf8)) else {
      Issue.record("not an array")
      return
    }
    #expect(items.count == 30_000)
    guard case .object(let first) = items[0] else {
      Issue.record("not an object")
      return
    }
    #expect(first["id"] == .string("nul\u{0}idnel\u{e9}nul\u{0}id"))
    #expect(first["text"] == .string("U 😀 ok"))
  }
}
