import CZlib

/// gzip decompression with a size cap (zip bombs are rejected, not expanded).
enum Gzip {
  /// Whether bytes start with the gzip magic number.
  static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x1F, 0x8B]) }

  /// Inflates gzip (or zlib) data, every member of a multi-member file; throws past `limit`
  /// output bytes, on corrupt data or on trailing bytes that are neither a member nor zero
  /// padding.
  static func decompress(_ input: [UInt8], limit: Int) throws(DocumentError) -> [UInt8] {
    var stream = z_stream()
    var status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard status == Z_OK else { throw DocumentError("gzip: cannot initialise zlib") }
    defer { inflateEnd(&stream) }
    var output: [UInt8] = []
    output.reserveCapacity(min(limit, input.count * 4))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    var failure: DocumentError?
    input.withUnsafeBufferPointer { source in
      stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
      stream.avail_in = UInt32(source.count)
      repeat {
        let produced: Int = chunk.withUnsafeMutableBufferPointer { buffer in
          stream.next_out = buffer.baseAddress
          stream.avail_out = UInt32(buffer.count)
          status = inflate(&stream, Z_NO_FLUSH)
          return buffer.count - Int(stream.avail_out)
        }
        if status != Z_OK && status != Z_STREAM_END {
          failure = DocumentError(
            "gzip: corrupt or truncated data (zlib status \(status)) after \(output.count) bytes",
            offset: input.count - Int(stream.avail_in))
          return
        }
        if output.count + produced > limit {
          failure = DocumentError("gzip: decompresses to more than \(limit) bytes (input.max_mb)")
          return
        }
        output.append(contentsOf: chunk[0..<produced])
        if status == Z_OK && stream.avail_in == 0 && produced == 0 {
          failure = DocumentError("gzip: truncated data after \(output.count) bytes")
          return
        }
        if status == Z_STREAM_END, stream.avail_in > 0 {
          // Concatenated members (`cat a.gz b.gz`, pigz, bgzip) form one file: read them all.
          let rest = UnsafeBufferPointer(start: stream.next_in, count: Int(stream.avail_in))
          if rest.starts(with: [0x1F, 0x8B]) {
            inflateReset(&stream)
            status = Z_OK
          } else if !rest.allSatisfy({ $0 == 0 }) {
            failure = DocumentError(
              "gzip: \(rest.count) bytes of trailing data that is not a gzip member",
              offset: input.count - Int(stream.avail_in))
            return
          }
        }
      } while status != Z_STREAM_END
    }
    if let failure { throw failure }
    return output
  }
}
