import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a worker process is: a small file mapped into both the run and the worker (the
/// worker's descriptor 4), so the worker notes its stage without a system call, and the run
/// reads the note once the worker has died. Layout: the stage as a 32-bit integer (-1: reading
/// the input), the document id's length (32-bit, 0 until the document is read) and its UTF-8,
/// at most ``maxID`` bytes; at byte 1024, one more than the number of the item the worker is
/// on (64-bit; 0 before its first), which tells the run which of the items in flight it was.
final class WorkerStatus: @unchecked Sendable {
  static let size = 4096
  static let maxID = 1000
  private let base: UnsafeMutableRawPointer

  private init(base: UnsafeMutableRawPointer) { self.base = base }

  deinit { munmap(base, Self.size) }

  /// A fresh status file for a worker, unlinked at once: its descriptor and the run's mapping.
  /// A new file in the temporary directory, already unlinked (it lives as long as its
  /// descriptors); nil when it cannot be created. Shared with ``WorkerRings``' fallback.
  static func unlinkedTemporaryFile(prefix: String) -> Int32? {
    var template = Array(
      (FileManager.default.temporaryDirectory.path + "/\(prefix)-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
    guard fd >= 0 else { return nil }
    template.withUnsafeBufferPointer { buffer in _ = buffer.baseAddress.map { unlink($0) } }
    return fd
  }

  static func create() -> (Int32, WorkerStatus)? {
    guard let fd = unlinkedTemporaryFile(prefix: "nlpipe-status") else { return nil }
    guard ftruncate(fd, off_t(size)) == 0, let status = map(fd) else {
      close(fd)
      return nil
    }
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    return (fd, status)
  }

  /// Maps a status file (the worker maps its descriptor 4).
  static func map(_ fd: Int32) -> WorkerStatus? {
    guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0),
      base != MAP_FAILED
    else { return nil }
    return WorkerStatus(base: base)
  }

  /// Notes the stage (and, for -2, the document id).
  func note(stage: Int, id: String?) {
    if let id {
      let utf8 = Array(id.utf8.prefix(Self.maxID))
      base.storeBytes(of: 0, toByteOffset: 4, as: Int32.self)
      utf8.withUnsafeBytes { bytes in
        if let source = bytes.baseAddress {
          base.advanced(by: 8).copyMemory(from: source, byteCount: bytes.count)
        }
      }
      base.storeBytes(of: Int32(utf8.count), toByteOffset: 4, as: Int32.self)
      return
    }
    if stage == -1 { base.storeBytes(of: 0, toByteOffset: 4, as: Int32.self) }
    base.storeBytes(of: Int32(stage), toByteOffset: 0, as: Int32.self)
  }

  /// The stage noted last (-1: reading the input).
  var stage: Int { Int(base.load(fromByteOffset: 0, as: Int32.self)) }

  /// The document's id, once read.
  var id: String? {
    let length = Int(base.load(fromByteOffset: 4, as: Int32.self))
    guard length > 0, length <= Self.maxID else { return nil }
    return String(
      decoding: UnsafeRawBufferPointer(start: base.advanced(by: 8), count: length), as: UTF8.self)
  }
}

extension WorkerStatus {
  /// Where the number of the worker's current item is noted (after the id).
  private static let itemOffset = 1024

  /// Notes that the worker starts on its `index`th item (0 for the first it received).
  func note(item index: Int) {
    base.storeBytes(of: Int64(index + 1), toByteOffset: Self.itemOffset, as: Int64.self)
  }

  /// The index of the item the worker was on (nil before its first).
  var item: Int? {
    let stored = base.load(fromByteOffset: Self.itemOffset, as: Int64.self)
    return stored > 0 ? Int(stored - 1) : nil
  }
}
