import Pipeline

/// Any bytes through the input decoder (BOMs, charsets, UTF-16 guessing, repair).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for format in [SourceFormat.text, .html] {
    _ = try? SourceDecoder.decode(bytes, encoding: .auto, format: format, maxInvalidRatio: 0.01)
  }
  return 0
}
