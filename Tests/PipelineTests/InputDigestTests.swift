import Foundation
import Testing

@testable import Pipeline

/// The `--resume` input digest: xxHash64 as the reference computes it, and an item digest that
/// every byte, every field boundary, the length and the line number change.
@Suite struct InputDigestTests {
  /// Vectors from the reference implementation (libxxhash 0.8.1, `XXH64(data, length, seed)`),
  /// covering the short path, the 4- and 1-byte tails and the 32-byte stripes.
  @Test func xxHash64MatchesTheReference() {
    let stripes = Array(0...255).map(UInt8.init) + Array("xyz".utf8)
    let cases: [([UInt8], UInt64, UInt64)] = [
      ([], 0xEF46_DB37_51D8_E999, 0xAC75_FDA2_929B_17EF),
      (Array("a".utf8), 0xD24E_C4F1_A98C_6E5B, 0x393D_A8B7_8992_279B),
      (Array("abc".utf8), 0x44BC_2CF5_AD77_0999, 0x1318_DF30_094A_85FD),
      (
        Array("Nobody inspects the spammish repetition".utf8), 0xFBCE_A83C_8A37_8BF1,
        0x56DB_22DD_5B05_1147
      ),
      (stripes, 0x4872_3707_8C6C_3726, 0x7854_A407_7A40_D85D),
    ]
    for (bytes, seed0, seedPrime) in cases {
      #expect(XXHash64.hash(bytes) == seed0, "\(bytes.count) bytes")
      #expect(XXHash64.hash(bytes, seed: 2_654_435_761) == seedPrime, "\(bytes.count) bytes")
    }
    #expect(XXHash64.hash("abc") == 0x44BC_2CF5_AD77_0999)
  }

  private func line(
    _ bytes: [UInt8], file: String = "in.jsonl", fileId: String = "in", number: Int = 1
  )
    -> UInt64
  {
    InputDigest.of(.line(bytes, file: file, fileId: fileId, number: number))
  }

  @Test func everyByteAndTheLengthChangeALinesDigest() {
    // Lengths around the 4-, 8- and 32-byte steps.
    for length in [0, 1, 3, 4, 7, 8, 9, 31, 32, 33, 63, 64, 65, 200] {
      let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
      let base = line(bytes)
      var seen: Set<UInt64> = [base]
      for index in 0..<length {
        for flip: UInt8 in [0x01, 0x80] {
          var changed = bytes
          changed[index] ^= flip
          seen.insert(line(changed))
        }
      }
      #expect(seen.count == 1 + 2 * length, "a changed byte kept the digest (length \(length))")
      #expect(line(bytes + [0]) != base, "a NUL byte more kept the digest (length \(length))")
      if length > 0 { #expect(line(Array(bytes.dropLast())) != base) }
    }
  }

  @Test func fieldsAndItemKindsDoNotRunIntoEachOther() {
    let text = Array("{\"text\": \"x\"}".utf8)
    let digests: [UInt64] = [
      line(text),
      line(text, file: "in.jsonlx"),
      line(text, file: "in.json", fileId: "lin"),
      line(text, fileId: "in2"),
      line(text, number: 2),
      InputDigest.of(.unreadable(id: "in", location: "in.jsonl", message: "")),
      InputDigest.of(.unreadable(id: "i", location: "nin.jsonl", message: "")),
      InputDigest.of(
        .file(URL(fileURLWithPath: "/nonexistent/in"), id: "in", display: "in.jsonl", format: .text)
      ),
    ]
    #expect(Set(digests).count == digests.count)
    // Stable: the same item, the same digest (checkpoints compare them across processes).
    #expect(line(text) == line(Array(text)))
  }

  @Test func theRunningDigestDependsOnOrder() {
    var forward = InputDigest()
    var backward = InputDigest()
    let items = [line([1]), line([2]), line([3])]
    for item in items { forward.append(item) }
    for item in items.reversed() { backward.append(item) }
    #expect(forward != backward)
    #expect(forward.hex.count == 16)
    var shorter = InputDigest()
    for item in items.dropLast() { shorter.append(item) }
    #expect(shorter != forward)
  }
}
