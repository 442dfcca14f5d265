/// Where a worker process is, as it notes it on its status socket: before reading an input
/// item (stage -1), once the document is read (-2, with its id), and before each stage (the
/// stage's index). Records are a little-endian 32-bit stage, then for -2 a 32-bit length and
/// the id's UTF-8 (at most 1,000 bytes).
struct WorkerStatus: Equatable {
  /// The stage being run: -1 reading the input, else the stage index.
  var stage = -1
  /// The document's id, once read.
  var id: String?

  static func record(stage: Int, id: String?) -> [UInt8] {
    var bytes: [UInt8] = []
    func int(_ value: Int32) {
      withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    int(Int32(stage))
    if let id {
      let utf8 = Array(id.utf8.prefix(1000))
      int(Int32(utf8.count))
      bytes.append(contentsOf: utf8)
    }
    return bytes
  }

  /// Folds in the records read from the socket (complete records only; a worker writes each
  /// record with one call).
  mutating func read(_ bytes: [UInt8]) {
    var position = 0
    func int() -> Int32? {
      guard position + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for index in (0..<4).reversed() { value = value << 8 | UInt32(bytes[position + index]) }
      position += 4
      return Int32(bitPattern: value)
    }
    while let tag = int() {
      if tag == -2 {
        guard let length = int(), length >= 0, position + Int(length) <= bytes.count else {
          return
        }
        id = String(decoding: bytes[position..<(position + Int(length))], as: UTF8.self)
        position += Int(length)
      } else {
        if tag == -1 { id = nil }
        stage = Int(tag)
      }
    }
  }
}
