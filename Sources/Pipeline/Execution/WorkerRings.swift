import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The two ``WorkerRing``s of a run and one worker process, in one shared mapping (the
/// worker's descriptor 5): items go run -> worker in ``requests``, outcomes worker -> run in
/// ``answers``. The mapping is an unlinked shared-memory object (a temporary file where there
/// is none); its size says the rings' capacity. Unmapped when the last user lets go of it.
final class WorkerRings: @unchecked Sendable {
  /// Bytes of records per ring for a worker process: room for a few batches of ordinary
  /// documents; larger ones go through in pieces.
  static let defaultCapacity = 1 << 18

  private let base: UnsafeMutableRawPointer
  private let size: Int
  let requests: WorkerRing
  let answers: WorkerRing

  private init(base: UnsafeMutableRawPointer, size: Int) {
    self.base = base
    self.size = size
    let capacity = size / 2 - WorkerRing.headerSize
    requests = WorkerRing(base: base, capacity: capacity)
    answers = WorkerRing(base: base + size / 2, capacity: capacity)
  }

  deinit { munmap(base, size) }

  /// Fresh zeroed rings of `capacity` bytes each: the descriptor to hand the worker
  /// (close-on-exec) and the run's mapping.
  static func create(capacity: Int = defaultCapacity) -> (Int32, WorkerRings)? {
    guard let fd = sharedObject() else { return nil }
    let size = 2 * (capacity + WorkerRing.headerSize)
    guard ftruncate(fd, off_t(size)) == 0, let rings = map(fd) else {
      close(fd)
      return nil
    }
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    return (fd, rings)
  }

  /// Maps the rings of a descriptor (the worker maps its descriptor 5); nil when it is not a
  /// mapping of two rings.
  static func map(_ fd: Int32) -> WorkerRings? {
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    let size = Int(info.st_size)
    guard size % 16 == 0, size / 2 - WorkerRing.headerSize >= 64,
      let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), base != MAP_FAILED
    else { return nil }
    return WorkerRings(base: base, size: size)
  }

  /// An unlinked shared-memory object (memory, never written back to a disk), or an unlinked
  /// temporary file where shared-memory objects are not available.
  private static func sharedObject() -> Int32? {
    #if os(Linux)
      for attempt in 0..<8 {
        let name = "/nlpipe-rings-\(getpid())-\(UInt32.random(in: 0...UInt32.max))-\(attempt)"
        let fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 {
          shm_unlink(name)
          return fd
        }
        if errno != EEXIST { break }
      }
    #endif
    return WorkerStatus.unlinkedTemporaryFile(prefix: "nlpipe-rings")
  }
}
