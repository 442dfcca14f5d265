import Synchronization

/// A one-way byte ring in memory shared by a run and one of its worker processes: one writer
/// (the producer), one reader (the consumer), records published by advancing a counter.
///
/// The first ``headerSize`` bytes hold the counters and flags, each on a cache line of its
/// own: `head` (bytes published, written by the producer), `tail` (bytes released, written by
/// the consumer), `consumerSleeping` and `producerSleeping` (set by a side before it sleeps,
/// so that the other side wakes it only then), and the ``wakeWord`` that the consumer's
/// process sleeps on (for records here, or for room in the other ring). Then ``capacity``
/// bytes of records.
///
/// A record is an 8-byte word and its payload, padded to 8 bytes, always contiguous: the word
/// holds the payload's length, ``continued`` when the frame goes on in the next record (a
/// frame larger than ``maxRecord`` is split), or is ``wrapMarker`` (the rest of the ring is
/// unused, the next record is at its start). The producer writes a record in full before it
/// moves `head` past it, so the consumer never sees a torn record, even when the producer dies
/// mid-write.
struct WorkerRing: @unchecked Sendable {
  static let headerSize = 320
  static let continued: UInt64 = 1 << 62
  static let wrapMarker: UInt64 = 1 << 63
  private static let lengthMask: UInt64 = (1 << 62) - 1

  private let header: UnsafeMutableRawPointer
  private let data: UnsafeMutableRawPointer
  /// Bytes of records (a multiple of 8).
  let capacity: Int

  /// A ring over `headerSize + capacity` bytes at `base` (zeroed by the creator).
  init(base: UnsafeMutableRawPointer, capacity: Int) {
    precondition(capacity >= 64 && capacity % 8 == 0)
    header = base
    data = base + Self.headerSize
    self.capacity = capacity
  }

  /// The largest payload of one record: one always fits in an empty ring, wherever it starts.
  var maxRecord: Int { capacity / 2 - 8 }

  private func counter(_ offset: Int) -> UnsafeMutablePointer<Atomic<UInt64>> {
    (header + offset).assumingMemoryBound(to: Atomic<UInt64>.self)
  }

  private var head: UnsafeMutablePointer<Atomic<UInt64>> { counter(0) }
  private var tail: UnsafeMutablePointer<Atomic<UInt64>> { counter(64) }
  private var consumerFlag: UnsafeMutablePointer<Atomic<UInt64>> { counter(128) }
  private var producerFlag: UnsafeMutablePointer<Atomic<UInt64>> { counter(192) }

  /// The word the consumer's side sleeps on; the other side wakes it when the consumer said it
  /// is going to sleep (see ``WorkerChannel``).
  var wakeWord: WakeWord { WakeWord(header + 256) }

  private static func padded(_ count: Int) -> Int { (count + 7) & ~7 }

  // MARK: producer

  /// The producer's view: where its next record goes (past what it has published when it has
  /// written records not yet published).
  struct Cursor {
    var position: UInt64
  }

  /// Where the producer writes next (nothing written and unpublished).
  func producerCursor() -> Cursor { Cursor(position: head.pointee.load(ordering: .relaxed)) }

  /// Writes one record of `payload` (at most ``maxRecord`` bytes) at `cursor`, unpublished;
  /// false (nothing written) when the ring has no room for it now.
  func write(_ payload: UnsafeRawBufferPointer, continued more: Bool, at cursor: inout Cursor)
    -> Bool
  {
    guard let space = reserve(payload.count, continued: more, at: &cursor) else { return false }
    if let source = payload.baseAddress, payload.count > 0 {
      space.copyMemory(from: source, byteCount: payload.count)
    }
    return true
  }

  /// Starts a record of `count` payload bytes (at most ``maxRecord``) at `cursor`, unpublished,
  /// and returns where its payload goes, for the caller to fill before it publishes; nil
  /// (nothing written) when the ring has no room for it now.
  func reserve(_ count: Int, continued more: Bool = false, at cursor: inout Cursor)
    -> UnsafeMutableRawPointer?
  {
    precondition(count <= maxRecord)
    let size = 8 + Self.padded(count)
    let released = tail.pointee.load(ordering: .acquiring)
    var free = capacity - Int(cursor.position &- released)
    var offset = Int(cursor.position % UInt64(capacity))
    let room = capacity - offset
    if room < size {
      // Not enough contiguous bytes before the end: skip them (a wrap marker) if the record
      // then fits at the start.
      guard free >= room + size else { return nil }
      data.storeBytes(of: Self.wrapMarker, toByteOffset: offset, as: UInt64.self)
      cursor.position &+= UInt64(room)
      free -= room
      offset = 0
    }
    guard free >= size else { return nil }
    data.storeBytes(
      of: UInt64(count) | (more ? Self.continued : 0), toByteOffset: offset, as: UInt64.self)
    cursor.position &+= UInt64(size)
    return data + offset + 8
  }

  /// Publishes the records written up to `cursor`; true when the consumer said it is going to
  /// sleep (it must then be woken, and the flag is cleared).
  func publish(_ cursor: Cursor) -> Bool {
    head.pointee.store(cursor.position, ordering: .sequentiallyConsistent)
    return consumerFlag.pointee.load(ordering: .sequentiallyConsistent) != 0
      && consumerFlag.pointee.exchange(0, ordering: .sequentiallyConsistent) != 0
  }

  /// Whether a record of `payload` bytes fits now (the producer decides whether to sleep).
  func hasRoom(for payload: Int, at cursor: Cursor) -> Bool {
    let size = 8 + Self.padded(min(payload, maxRecord))
    let free =
      capacity - Int(cursor.position &- tail.pointee.load(ordering: .sequentiallyConsistent))
    let room = capacity - Int(cursor.position % UInt64(capacity))
    return free >= size + (room < size ? room : 0)
  }

  /// The producer is going to sleep until the consumer releases space.
  func producerSleeps(_ sleeping: Bool) {
    producerFlag.pointee.store(sleeping ? 1 : 0, ordering: .sequentiallyConsistent)
  }

  // MARK: consumer

  /// A published record: its payload (valid until released), whether the frame continues in
  /// the next record, and where the record after it starts (for ``release(to:)``).
  struct Record {
    var payload: UnsafeRawBufferPointer
    var continued: Bool
    var next: UInt64
  }

  /// The first published record at `position` (skipping a wrap marker), nil when there is
  /// none; throws when the ring holds bytes that are not a record (a corrupt producer).
  func record(at position: UInt64) throws(WorkerWire.WireError) -> Record? {
    var position = position
    let published = head.pointee.load(ordering: .acquiring)
    while published != position {
      let available = Int(published &- position)
      let offset = Int(position % UInt64(capacity))
      guard available >= 8, available <= capacity else { throw WorkerWire.WireError() }
      let word = data.load(fromByteOffset: offset, as: UInt64.self)
      if word == Self.wrapMarker {
        position &+= UInt64(capacity - offset)
        continue
      }
      let length = Int(word & Self.lengthMask)
      let size = 8 + Self.padded(length)
      guard length <= maxRecord, size <= available, offset + size <= capacity else {
        throw WorkerWire.WireError()
      }
      return Record(
        payload: UnsafeRawBufferPointer(start: data + offset + 8, count: length),
        continued: word & Self.continued != 0, next: position &+ UInt64(size))
    }
    return nil
  }

  /// Where the consumer reads next.
  func consumerPosition() -> UInt64 { tail.pointee.load(ordering: .relaxed) }

  /// Whether records are published past `position`.
  func hasRecords(after position: UInt64) -> Bool {
    head.pointee.load(ordering: .sequentiallyConsistent) != position
  }

  /// Gives the space before `position` back to the producer; true when the producer said it
  /// is going to sleep (it must then be woken, and the flag is cleared).
  func release(to position: UInt64) -> Bool {
    tail.pointee.store(position, ordering: .sequentiallyConsistent)
    return producerFlag.pointee.load(ordering: .sequentiallyConsistent) != 0
      && producerFlag.pointee.exchange(0, ordering: .sequentiallyConsistent) != 0
  }

  /// The consumer is going to sleep until the producer publishes.
  func consumerSleeps(_ sleeping: Bool) {
    consumerFlag.pointee.store(sleeping ? 1 : 0, ordering: .sequentiallyConsistent)
  }
}
