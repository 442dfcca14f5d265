@testable import Stages

/// Any bytes as a relation rule file: a located error or a rule book, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  _ = try? RuleBook.parse(text(data, size), file: "fuzz.yaml")
  return 0
}
