import Foundation
import Testing

@testable import Pipeline

/// Input decoding: BOMs, declared charsets, UTF-16, binary files, invalid UTF-8, gzip.
@Suite struct DecodingTests {
  private func decode(
    _ bytes: [UInt8], format: SourceFormat = .text, encoding: SourceDecoder.Encoding = .auto
  ) throws -> SourceDecoder.Decoded {
    try SourceDecoder.decode(bytes, encoding: encoding, format: format, maxInvalidRatio: 0.01)
  }

  @Test func utf8BOMIsStripped() throws {
    let decoded = try decode([0xEF, 0xBB, 0xBF] + Array("héllo".utf8))
    #expect(decoded.text == "héllo")
  }

  @Test func utf16WithAndWithoutBOM() throws {
    let little: [UInt8] =
      [0xFF, 0xFE] + Array("Hi é".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    #expect(try decode(little).text == "Hi é")
    let big = Array("Hello world, this is UTF-16".utf16).flatMap {
      [UInt8($0 >> 8), UInt8($0 & 0xFF)]
    }
    #expect(try decode(big).text == "Hello world, this is UTF-16")
  }

  @Test func declaredLatin1IsReadAsWindows1252() throws {
    let html =
      Array("<meta charset=\"iso-8859-1\"><p>caf".utf8) + [0xE9, 0x20, 0x80] + Array("</p>".utf8)
    let decoded = try decode(html, format: .html)
    #expect(decoded.text.contains("café €"))
    #expect(decoded.encoding == .windows1252)
  }

  @Test func httpEquivWindows1252() throws {
    let html =
      Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">".utf8)
      + [0x93, 0x71, 0x94]
    #expect(try decode(html, format: .html).text.hasSuffix("\u{201C}q\u{201D}"))
  }

  @Test func strayInvalidBytesAreReplacedAndCounted() throws {
    var bytes = Array(String(repeating: "plain text ", count: 50).utf8)
    bytes.insert(0xFF, at: 20)
    let decoded = try decode(bytes)
    #expect(decoded.replacedBytes == 1)
    #expect(decoded.text.contains("\u{FFFD}"))
  }

  @Test func mostlyInvalidUTF8IsRejectedWithItsPosition() throws {
    let bytes = Array("line one\nline two ".utf8) + [0xC3, 0x28, 0xFF, 0xFE, 0xE9, 0xE9, 0xE9]
    #expect {
      _ = try decode(bytes)
    } throws: { error in
      let message = (error as? DocumentError)?.message ?? ""
      return message.contains("not valid UTF-8") && message.contains("line 2")
        && message.contains("first at byte 18")
    }
  }

  @Test func explicitEncodingOverridesDetection() throws {
    let bytes: [UInt8] = Array("na".utf8) + [0xEF] + Array("ve".utf8)
    #expect(try decode(bytes, encoding: .latin1).text == "naïve")
  }

  @Test func binaryFilesAreRejected() throws {
    #expect(throws: DocumentError.self) {
      _ = try decode([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00])
    }
    let controls = [UInt8](repeating: 0x01, count: 40) + Array("text".utf8)
    #expect(throws: DocumentError.self) { _ = try decode(controls) }
  }

  @Test func gzipRoundTripAndCorruption() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let plain = folder.appendingPathComponent("a.txt")
    try Data(String(repeating: "zip me ", count: 1000).utf8).write(to: plain)
    let gz = try gzipped(plain)
    let inflated = try Gzip.decompress(gz, limit: 1 << 20)
    #expect(String(decoding: inflated, as: UTF8.self) == String(repeating: "zip me ", count: 1000))
    #expect(throws: DocumentError.self) {
      _ = try Gzip.decompress(Array(gz.prefix(gz.count / 2)), limit: 1 << 20)
    }
    #expect(throws: DocumentError.self) { _ = try Gzip.decompress(gz, limit: 100) }
  }

  @Test func sliceUsesUTF8OffsetsAndClamps() {
    let text = "Zürich – Baku"
    #expect(Document.slice(text, 0, 7) == "Zürich")
    #expect(Document.slice(text, 12, 100) == "Baku")
    #expect(Document.slice(text, 50, 60) == "")
  }
}
