@testable import Pipeline

/// Any bytes through gzip decompression (behind a gzip header, so zlib parses them), and
/// the input split into gzip members of stored blocks, repeated up to 4 MiB (first byte
/// `0x80` or above), which must decompress to exactly the repeated input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? Gzip.decompress(bytes, limit: 1 << 20)
  _ = try? Gzip.decompress(
    [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF] + bytes, limit: 1 << 20)
  guard let first = bytes.first else { return 0 }
  var plain = Array(bytes.dropFirst())
  if first >= 0x80, !plain.isEmpty {
    let copies = min(1 << Int(first & 0x0F), max(1, (4 << 20) / plain.count))
    plain = Array([[UInt8]](repeating: plain, count: copies).joined())
  }
  // Members of at most 1 + (first & 0x7F) * 512 bytes each.
  let memberSize = 1 + Int(first & 0x7F) * 512
  var gzip: [UInt8] = []
  var start = 0
  repeat {
    let end = min(plain.count, start + memberSize)
    gzip += storedMember(plain[start..<end])
    start = end
  } while start < plain.count
  do {
    let output = try Gzip.decompress(gzip, limit: plain.count)
    precondition(output == plain, "multi-member gzip did not decompress to its input")
  } catch {
    preconditionFailure("valid multi-member gzip rejected: \(error.message)")
  }
  return 0
}

/// One gzip member holding `bytes` in stored (uncompressed) deflate blocks.
func storedMember(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
  var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
  var start = bytes.startIndex
  repeat {
    let end = min(bytes.endIndex, start + 65_535)
    let length = end - start
    out.append(end == bytes.endIndex ? 1 : 0)
    out += [
      UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF),
    ]
    out += bytes[start..<end]
    start = end
  } while start < bytes.endIndex
  let crc = crc32(bytes)
  let size = UInt32(truncatingIfNeeded: bytes.count)
  for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((crc >> UInt32(shift)) & 0xFF)) }
  for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((size >> UInt32(shift)) & 0xFF)) }
  return out
}

/// CRC-32 (IEEE), as gzip's trailer has it.
func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
  var crc: UInt32 = 0xFFFF_FFFF
  for byte in bytes {
    crc ^= UInt32(byte)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
  }
  return ~crc
}
