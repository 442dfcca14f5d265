import Foundation

/// Why a model file could not be read.
public struct NERModelError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The binary model format (version 2, or 3 with word classes), little-endian:
///
///     magic     8 bytes  "NLPNER\r\n"
///     version   u32      2 or 3
///     features  u32      feature-template version (2; 3 with part-of-speech and chunk features;
///                        4 with word classes, 5 with both)
///     bits      u32      log2(rows)
///     types     u32 count, then per type: u16 length + UTF-8
///     scale     f32
///     weights   u64 count (= rows × tags), then count × i16
///     common    u32 count, then count × u64 (common-word hashes, ascending)
///     classes   (version 3 only) u32 clusterings, then each one's class count as u32;
///               u32 words, then per word u64 form hash + u64 packed classes, hashes ascending
///     metadata  u32 length + UTF-8
///     length    u64      bytes before this field
///     checksum  u64      FNV-1a 64 of the bytes before `length`
///
/// Reading checks the magic, version, every length against the bytes left, the weight count
/// against the header, and the checksum: a truncated or corrupt file is a clear error.
enum NERModelFile {
  static let magic: [UInt8] = Array("NLPNER\r\n".utf8)
  static let formatVersion: UInt32 = 2
  /// The format of a model with word classes (``WordClusters``).
  static let clusterFormatVersion: UInt32 = 3

  /// Encodes a model.
  static func encode(_ model: NERModel) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(model.weights.count * 2 + 4096)
    out += magic
    append(&out, model.clusters == nil ? formatVersion : clusterFormatVersion)
    append(&out, model.featureVersion)
    append(&out, UInt32(model.bucketBits))
    append(&out, UInt32(model.types.count))
    for type in model.types {
      let bytes = Array(type.utf8)
      append(&out, UInt16(bytes.count))
      out += bytes
    }
    append(&out, model.scale.bitPattern)
    append(&out, UInt64(model.weights.count))
    model.weights.withUnsafeBytes { out.append(contentsOf: $0) }
    append(&out, UInt32(model.commonWords.count))
    for word in model.commonWords.sorted() { append(&out, word) }
    if let clusters = model.clusters {
      append(&out, UInt32(clusters.sizes.count))
      for size in clusters.sizes { append(&out, UInt32(size)) }
      append(&out, UInt32(clusters.codes.count))
      for (word, code) in clusters.codes.sorted(by: { $0.key < $1.key }) {
        append(&out, word)
        append(&out, code)
      }
    }
    let metadata = Array(model.metadata.utf8)
    append(&out, UInt32(metadata.count))
    out += metadata
    let checksum = checksum(out[...])
    append(&out, UInt64(out.count))
    append(&out, checksum)
    return out
  }

  /// Writes a model to a file.
  static func write(_ model: NERModel, to url: URL) throws {
    try Data(encode(model)).write(to: url, options: .atomic)
  }

  /// Reads a model file.
  static func read(_ url: URL) throws -> NERModel {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw NERModelError("cannot read NER model \(url.path): \(error.localizedDescription)")
    }
    do {
      return try decode([UInt8](data))
    } catch let error as NERModelError {
      throw NERModelError("NER model \(url.path): \(error.message)")
    }
  }

  /// Decodes a model from bytes.
  static func decode(_ bytes: [UInt8]) throws -> NERModel {
    guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
      throw NERModelError("not an nlpipe NER model (bad magic header)")
    }
    guard bytes.count >= magic.count + 16 + 16 else {
      throw NERModelError("file is truncated (\(bytes.count) bytes)")
    }
    let trailerStart = bytes.count - 16
    var trailer = ModelByteReader(bytes: bytes, offset: trailerStart, makeError: NERModelError.init)
    let declaredLength = try trailer.integer(UInt64.self)
    let declaredChecksum = try trailer.integer(UInt64.self)
    guard declaredLength == UInt64(trailerStart) else {
      throw NERModelError(
        "file is truncated or has extra bytes: its trailer says \(declaredLength) bytes of data, "
          + "found \(trailerStart)")
    }
    guard checksum(bytes[0..<trailerStart]) == declaredChecksum else {
      throw NERModelError("checksum mismatch: the file is corrupt")
    }
    var reader = ModelByteReader(
      bytes: bytes, offset: magic.count, limit: trailerStart, makeError: NERModelError.init)
    let version = try reader.integer(UInt32.self)
    guard version == formatVersion || version == clusterFormatVersion else {
      throw NERModelError(
        "unsupported model format version \(version) (expected \(formatVersion) or "
          + "\(clusterFormatVersion))")
    }
    let featureVersion = try reader.integer(UInt32.self)
    guard let families = FeatureExtractor.families(of: featureVersion) else {
      throw NERModelError(
        "model uses feature templates v\(featureVersion), this build reads "
          + FeatureExtractor.versions.sorted().map { "v\($0)" }.joined(separator: ", ")
          + ": retrain it"
      )
    }
    let clustered = families.clusters
    guard clustered == (version == clusterFormatVersion) else {
      throw NERModelError(
        "feature templates v\(featureVersion) do not match model format version \(version)")
    }
    let bits = Int(try reader.integer(UInt32.self))
    guard (8...26).contains(bits) else { throw NERModelError("bad weight-table size 2^\(bits)") }
    let typeCount = Int(try reader.integer(UInt32.self))
    guard (1...64).contains(typeCount) else { throw NERModelError("bad type count \(typeCount)") }
    var types: [String] = []
    for _ in 0..<typeCount {
      let length = Int(try reader.integer(UInt16.self))
      types.append(String(decoding: try reader.take(length), as: UTF8.self))
    }
    let scale = Float(bitPattern: try reader.integer(UInt32.self))
    guard scale.isFinite, scale > 0 else { throw NERModelError("bad weight scale \(scale)") }
    let weightCount = try reader.integer(UInt64.self)
    let expected = UInt64(1 << bits) * UInt64(typeCount * 2 + 1)
    guard weightCount == expected else {
      throw NERModelError("weight count \(weightCount) does not match the header (\(expected))")
    }
    let raw = try reader.take(Int(weightCount) * 2)
    var weights = [Int16](repeating: 0, count: Int(weightCount))
    weights.withUnsafeMutableBytes { target in
      raw.withUnsafeBytes { source in target.copyMemory(from: source) }
    }
    if Int16(littleEndian: 1) != 1 { weights = weights.map { Int16(littleEndian: $0) } }
    let commonCount = Int(try reader.integer(UInt32.self))
    guard commonCount <= (trailerStart - reader.offset) / 8 else {
      throw NERModelError("file is truncated: \(commonCount) common words declared")
    }
    var commonWords = Set<UInt64>(minimumCapacity: commonCount)
    for _ in 0..<commonCount { commonWords.insert(try reader.integer(UInt64.self)) }
    let clusters = clustered ? try readClusters(&reader, limit: trailerStart) : nil
    let metadataLength = Int(try reader.integer(UInt32.self))
    let metadata = String(decoding: try reader.take(metadataLength), as: UTF8.self)
    guard reader.offset == trailerStart else {
      throw NERModelError("\(trailerStart - reader.offset) unexpected bytes before the trailer")
    }
    return NERModel(
      types: types, bucketBits: bits, featureVersion: featureVersion, weights: weights,
      scale: scale, commonWords: commonWords, metadata: metadata, clusters: clusters)
  }

  /// The word-class section of a version 3 file.
  private static func readClusters(_ reader: inout ModelByteReader, limit: Int)
    throws -> WordClusters
  {
    let clusterings = Int(try reader.integer(UInt32.self))
    guard (1...WordClusters.maximumClusterings).contains(clusterings) else {
      throw NERModelError("bad number of word clusterings \(clusterings)")
    }
    var sizes: [Int] = []
    for _ in 0..<clusterings {
      let size = Int(try reader.integer(UInt32.self))
      guard (2..<0xFFFF).contains(size) else { throw NERModelError("bad class count \(size)") }
      sizes.append(size)
    }
    let count = Int(try reader.integer(UInt32.self))
    guard count <= (limit - reader.offset) / 16 else {
      throw NERModelError("file is truncated: \(count) word classes declared")
    }
    var codes: [UInt64: UInt64] = [:]
    codes.reserveCapacity(count)
    for _ in 0..<count {
      let word = try reader.integer(UInt64.self)
      let code = try reader.integer(UInt64.self)
      for index in sizes.indices {
        let value = WordClusters.cls(code, index)
        guard value >= 1, value <= UInt64(sizes[index]) else {
          throw NERModelError("word class \(value) out of range (\(sizes[index]) classes)")
        }
      }
      codes[word] = code
    }
    return WordClusters(sizes: sizes, codes: codes)
  }

  static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    bytes.withUnsafeBufferPointer { buffer in
      var hash = FeatureHash.seed
      var index = 0
      let count = buffer.count
      while index + 8 <= count {
        var word: UInt64 = 0
        for shift in 0..<8 { word |= UInt64(buffer[index + shift]) << UInt64(shift * 8) }
        hash = (hash ^ word) &* 0x0000_0100_0000_01b3
        hash ^= hash >> 29
        index += 8
      }
      while index < count {
        hash = FeatureHash.step(hash, buffer[index])
        index += 1
      }
      return hash
    }
  }

  private static func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
  }
}

extension NERModel {
  /// Reads a model file, checking its format, lengths and checksum.
  public static func load(_ url: URL) throws -> NERModel { try NERModelFile.read(url) }

  /// Writes the model in the versioned binary format.
  public func write(to url: URL) throws { try NERModelFile.write(self, to: url) }

  /// The model's bytes in the binary format.
  public func encoded() -> [UInt8] { NERModelFile.encode(self) }

  /// Decodes a model from the binary format.
  public static func decode(_ bytes: [UInt8]) throws -> NERModel { try NERModelFile.decode(bytes) }
}
