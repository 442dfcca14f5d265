/// Where a ``WorkerWire`` payload is written: a growable array (``WorkerWire/Writer``), memory
/// of a known size, often a record's space in a ``WorkerRing`` (``WireBuffer``), or nowhere,
/// only counting the bytes (``WireSize``). One encoding function serves all three, so that a
/// frame can be measured first and then written straight where it goes.
protocol WireWriter {
  /// A 64-bit little-endian number.
  mutating func int(_ value: UInt64)
  /// Bytes as they are (no length).
  mutating func raw(_ bytes: UnsafeRawBufferPointer)
  /// A string's UTF-8 bytes after their 64-bit length.
  mutating func string(_ value: String)
}

extension WireWriter {
  mutating func int(_ value: Int) { int(UInt64(bitPattern: Int64(value))) }

  /// A byte array after its 64-bit length.
  mutating func data(_ value: [UInt8]) {
    int(value.count)
    value.withUnsafeBytes { raw($0) }
  }
}

/// A frame's payload that knows how to write itself (see ``WorkerChannel/queue(_:)``).
protocol WireFrame {
  func write(to writer: inout some WireWriter)
}

/// Counts the bytes a payload takes, writing nothing.
struct WireSize: WireWriter {
  private(set) var count = 0

  mutating func int(_ value: UInt64) { count += 8 }
  mutating func raw(_ bytes: UnsafeRawBufferPointer) { count += bytes.count }
  mutating func string(_ value: String) { count += 8 + value.utf8.count }

  /// The bytes `frame`'s payload takes.
  static func of(_ frame: some WireFrame) -> Int {
    var size = WireSize()
    frame.write(to: &size)
    return size.count
  }
}

/// Writes a payload into memory of exactly its size (measured by ``WireSize``), such as a
/// record's space in a ``WorkerRing``.
struct WireBuffer: WireWriter {
  private let base: UnsafeMutableRawPointer
  private let end: Int
  /// Bytes written so far.
  private(set) var position = 0

  init(_ base: UnsafeMutableRawPointer, count: Int) {
    self.base = base
    end = count
  }

  mutating func int(_ value: UInt64) {
    precondition(position + 8 <= end, "a wire frame outgrew its measured size")
    base.storeBytes(of: value.littleEndian, toByteOffset: position, as: UInt64.self)
    position += 8
  }

  mutating func raw(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    precondition(position + bytes.count <= end, "a wire frame outgrew its measured size")
    (base + position).copyMemory(from: source, byteCount: bytes.count)
    position += bytes.count
  }

  mutating func string(_ value: String) {
    var value = value
    int(UInt64(value.utf8.count))
    value.withUTF8 { raw(UnsafeRawBufferPointer($0)) }
  }
}

extension WorkerWire {
  /// An input item's frame.
  struct ItemFrame: WireFrame {
    var item: InputItem
    func write(to writer: inout some WireWriter) { WorkerWire.write(item, to: &writer) }
  }

  /// An outcome's frame, with its per-stage nanoseconds.
  struct OutcomeFrame: WireFrame {
    var outcome: Outcome
    var nanos: [UInt64]
    func write(to writer: inout some WireWriter) {
      WorkerWire.write(outcome, nanos: nanos, to: &writer)
    }
  }
}
