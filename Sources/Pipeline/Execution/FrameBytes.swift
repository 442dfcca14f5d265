/// A growable block of memory that a frame is assembled in (pieces from a ``WorkerRing``, or
/// frames put aside while the run waits for room), whose address stays valid while a
/// ``WorkerWire/Reader`` holds it.
final class FrameBytes: @unchecked Sendable {
  private(set) var pointer: UnsafeMutableRawPointer
  private(set) var count = 0
  private var capacity: Int

  /// An empty block (a reader's memory for an empty payload).
  static let empty = FrameBytes()

  init(capacity: Int = 64) {
    self.capacity = max(64, capacity)
    pointer = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
  }

  deinit { pointer.deallocate() }

  /// Appends bytes, growing the block (and moving it) when they do not fit.
  func append(_ bytes: UnsafeRawBufferPointer) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    if count + bytes.count > capacity {
      let grown = max(capacity * 2, count + bytes.count)
      let moved = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
      moved.copyMemory(from: pointer, byteCount: count)
      pointer.deallocate()
      pointer = moved
      capacity = grown
    }
    (pointer + count).copyMemory(from: source, byteCount: bytes.count)
    count += bytes.count
  }
}
