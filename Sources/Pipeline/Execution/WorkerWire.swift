import Foundation

/// The frames a run and its worker processes exchange through their shared rings (see
/// ``WorkerChannel``).
///
/// Every frame is a little-endian 64-bit length, then that many bytes (in a ring, the length
/// is its record's word). The run sends one input
/// item per frame; the worker answers each with one outcome frame, in order. Before the first
/// item, the worker sends a hello frame: empty when it is ready, else why it cannot start.
/// Strings and byte arrays are a 64-bit length and the bytes; numbers are 64-bit little-endian.
/// Either end may write several frames at once (see ``WorkerChannel/queue(_:)``). The
/// payloads are written through a ``WireWriter``: an array here, or straight into a ring.
enum WorkerWire {
  /// Appends integers, strings and byte arrays to a frame, or to several frames one after the
  /// other (``begin()`` ... ``end()``).
  struct Writer: WireWriter {
    var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
    /// Where the frame being written starts (its length field).
    private var frameStart = 0

    /// A writer of whole frames, each started with ``begin()``.
    static func frames() -> Writer {
      var writer = Writer()
      writer.bytes.removeAll(keepingCapacity: true)
      return writer
    }

    /// Starts another frame after the bytes written so far.
    mutating func begin() {
      frameStart = bytes.count
      bytes.append(contentsOf: repeatElement(0, count: 8))
    }

    /// Fills in the length of the frame being written.
    mutating func end() {
      var length = UInt64(bytes.count - frameStart - 8)
      for index in frameStart..<(frameStart + 8) {
        bytes[index] = UInt8(truncatingIfNeeded: length)
        length >>= 8
      }
    }

    /// Forgets the frames written (once they are sent), keeping the memory.
    mutating func clear() {
      bytes.removeAll(keepingCapacity: true)
      frameStart = 0
    }

    mutating func int(_ value: UInt64) {
      withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func raw(_ value: UnsafeRawBufferPointer) { bytes.append(contentsOf: value) }

    /// A string's UTF-8 bytes, copied straight from its storage (no intermediate array).
    mutating func string(_ value: String) {
      let utf8 = value.utf8
      int(utf8.count)
      bytes.append(contentsOf: utf8)
    }

    /// The frame, its length filled in.
    mutating func frame() -> [UInt8] {
      end()
      return bytes
    }
  }

  /// Reads a frame's payload back, from memory it does not own (a frame in a ``WorkerRing``,
  /// valid until the channel is used again) or from a copy it keeps alive.
  struct Reader {
    private let base: UnsafeRawPointer
    var position: Int
    /// Where the payload ends.
    let end: Int
    /// What keeps `base` alive (nil: the caller does).
    private let owner: FrameBytes?

    /// A reader of a copy of `bytes`.
    init(_ bytes: [UInt8]) {
      let copy = FrameBytes()
      bytes.withUnsafeBytes { copy.append($0) }
      self.init(copy)
    }

    /// A reader of a frame assembled in `bytes`.
    init(_ bytes: FrameBytes) {
      base = UnsafeRawPointer(bytes.pointer)
      position = 0
      end = bytes.count
      owner = bytes
    }

    /// A reader of memory the caller keeps valid while it reads.
    init(borrowing payload: UnsafeRawBufferPointer) {
      base = payload.baseAddress ?? UnsafeRawPointer(FrameBytes.empty.pointer)
      position = 0
      end = payload.count
      owner = payload.baseAddress == nil ? FrameBytes.empty : nil
    }

    mutating func int() throws(WireError) -> UInt64 {
      guard position + 8 <= end else { throw WireError() }
      let value = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
      position += 8
      return UInt64(littleEndian: value)
    }

    mutating func count() throws(WireError) -> Int {
      let value = try int()
      guard value <= UInt64(end - position) else { throw WireError() }
      return Int(value)
    }

    mutating func signed() throws(WireError) -> Int { Int(Int64(bitPattern: try int())) }

    /// The next byte array, in place (valid while the reader's memory is).
    mutating func range() throws(WireError) -> UnsafeRawBufferPointer {
      let length = try int()
      guard length <= UInt64(end - position) else { throw WireError() }
      let start = position
      position += Int(length)
      return UnsafeRawBufferPointer(start: base + start, count: Int(length))
    }

    mutating func data() throws(WireError) -> [UInt8] { Array(try range()) }

    mutating func string() throws(WireError) -> String {
      String(decoding: try range(), as: UTF8.self)
    }

    /// The bytes not read yet, copied.
    func rest() -> [UInt8] {
      Array(UnsafeRawBufferPointer(start: base + position, count: end - position))
    }
  }

  /// A frame that does not decode (a bug, or a worker that wrote to the wrong descriptor).
  struct WireError: Error {}

  // MARK: items

  /// Appends an item's payload to the frame being written.
  static func write(_ item: InputItem, to writer: inout some WireWriter) {
    switch item {
    case .file(let url, let id, let display, let format):
      writer.int(1)
      writer.string(url.path)
      writer.string(id)
      writer.string(display)
      writer.string(format.rawValue)
    case .line(let bytes, let file, let fileId, let number):
      writer.int(2)
      writer.data(bytes)
      writer.string(file)
      writer.string(fileId)
      writer.int(number)
    case .unreadable(let id, let location, let message):
      writer.int(3)
      writer.string(id)
      writer.string(location)
      writer.string(message)
    }
  }

  static func decodeItem(_ reader: inout Reader) throws(WireError) -> InputItem {
    switch try decodeReceivedItem(&reader) {
    case .line(let bytes, let file, let fileId, let number):
      return .line(Array(bytes), file: file, fileId: fileId, number: number)
    case .other(let item):
      return item
    }
  }

  /// An input item as a worker process takes it: a JSON line's bytes stay where the frame is
  /// (read in place, in the ring, valid while the frame's reader is), so that the worker parses
  /// them without copying them out; other items are decoded whole.
  enum ReceivedItem {
    case line(UnsafeBufferPointer<UInt8>, file: String, fileId: String, number: Int)
    case other(InputItem)
  }

  static func decodeReceivedItem(_ reader: inout Reader) throws(WireError) -> ReceivedItem {
    switch try reader.int() {
    case 1:
      let path = try reader.string()
      let id = try reader.string()
      let display = try reader.string()
      guard let format = InputSpec.Format(rawValue: try reader.string()) else { throw WireError() }
      return .other(.file(URL(fileURLWithPath: path), id: id, display: display, format: format))
    case 2:
      let bytes = try reader.range()
      let file = try reader.string()
      let fileId = try reader.string()
      return .line(
        bytes.assumingMemoryBound(to: UInt8.self), file: file, fileId: fileId,
        number: try reader.signed())
    case 3:
      let id = try reader.string()
      let location = try reader.string()
      return .other(.unreadable(id: id, location: location, message: try reader.string()))
    default:
      throw WireError()
    }
  }

  // MARK: outcomes

  static func encode(_ outcome: Outcome, nanos: [UInt64]) -> [UInt8] {
    var writer = Writer()
    write(outcome, nanos: nanos, to: &writer)
    return writer.frame()
  }

  /// Appends an outcome's payload to the frame being written.
  static func write(_ outcome: Outcome, nanos: [UInt64], to writer: inout some WireWriter) {
    switch outcome {
    case .done(let encoded, let warnings, let id, let location):
      writer.int(1)
      writer.int(warnings)
      writer.string(id)
      writer.string(location)
      writer.int(encoded.count)
      for document in encoded { writer.encoded(document) }
    case .failed(let record), .crashed(let record, _):
      writer.int(2)
      writer.string(record.id)
      writer.string(record.location)
      writer.string(record.stage)
      writer.string(record.message)
      // Flags: 1 = has an offset, 2 = the failure stops the run (StopRunError).
      writer.int((record.offset == nil ? 0 : 1) | (record.stopsRun ? 2 : 0))
      writer.int(record.offset ?? 0)
    case .skipped:
      writer.int(3)
    }
    writer.int(nanos.count)
    for value in nanos { writer.int(value) }
  }

  static func decodeOutcome(_ payload: [UInt8]) throws(WireError) -> (Outcome, [UInt64]) {
    var reader = Reader(payload)
    return try decodeOutcome(&reader)
  }

  static func decodeOutcome(_ reader: inout Reader) throws(WireError) -> (Outcome, [UInt64]) {
    let outcome: Outcome
    switch try reader.int() {
    case 1:
      let warnings = try reader.signed()
      let id = try reader.string()
      let location = try reader.string()
      var encoded: [EncodedDocument] = []
      for _ in 0..<(try reader.count()) { encoded.append(try reader.encoded()) }
      outcome = .done(encoded: encoded, warnings: warnings, id: id, location: location)
    case 2:
      let id = try reader.string()
      let location = try reader.string()
      let stage = try reader.string()
      let message = try reader.string()
      let flags = try reader.int()
      let offset = try reader.signed()
      outcome = .failed(
        ErrorRecord(
          id: id, location: location, stage: stage, message: message,
          offset: flags & 1 != 0 ? offset : nil, stopsRun: flags & 2 != 0))
    case 3:
      outcome = .skipped
    default:
      throw WireError()
    }
    var nanos: [UInt64] = []
    for _ in 0..<(try reader.count()) { nanos.append(try reader.int()) }
    return (outcome, nanos)
  }
}

// MARK: encoded documents

extension WireWriter {
  /// An encoded document: its part count, then each part's name, row count and bytes.
  mutating func encoded(_ document: EncodedDocument) {
    int(document.parts.count)
    for part in document.parts {
      string(part.name)
      int(part.rows)
      data(part.bytes)
    }
  }
}

extension WorkerWire.Reader {
  mutating func encoded() throws(WorkerWire.WireError) -> EncodedDocument {
    var document = EncodedDocument()
    for _ in 0..<(try count()) {
      let name = try string()
      let rows = try signed()
      document.append(name, try data(), rows: rows)
    }
    return document
  }
}
