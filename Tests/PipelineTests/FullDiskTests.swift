import Foundation
import Testing

@testable import Pipeline

/// Fills a real disk: the output folder is a small tmpfs. Needs root on Linux (mount); the
/// suite is skipped where a tmpfs cannot be mounted.
@Suite(.enabled(if: SmallDisk.canMount, "needs root and `mount -t tmpfs` (Linux)"))
struct FullDiskTests {
  @Test func aFullDiskLeavesNoDatasetThatLooksWholeAndResumes() throws {
    try CLIBinary.requireBuilt()
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try writeDocuments(4000, in: folder) {
      "Document \($0): Gantz visited Baku. Aliyev met Herzog in Jerusalem."
    }
    try write(
      "input: in.jsonl\nstages:\n  - sentences: {}\n  - entities: {}\n  - relations: {}\n"
        + "  - export: {dir: out}\n", "pipeline.yaml", in: folder)
    let pipeline = folder.appendingPathComponent("pipeline.yaml").path
    let reference = folder.appendingPathComponent("reference").path
    let (status, _, _) = try CLIBinary.run(["run", pipeline, "--output", reference, "--quiet"])
    #expect(status == 0)

    let disk = folder.appendingPathComponent("disk")
    try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
    try #require(SmallDisk.mount(disk, size: "128k"))
    defer { SmallDisk.unmount(disk) }
    let out = disk.appendingPathComponent("out").path
    let (full, _, message) = try CLIBinary.run(["run", pipeline, "--output", out, "--quiet"])
    #expect(full != 0)
    #expect(message.contains("the disk is full"), "\(message)")
    let names = try FileManager.default.contentsOfDirectory(atPath: out)
    #expect(names.allSatisfy { $0.hasPrefix(".") }, "files in place on a full disk: \(names)")

    try #require(SmallDisk.remount(disk, size: "64m"))
    let (resumed, _, resumeMessage) = try CLIBinary.run([
      "run", pipeline, "--output", out, "--resume", "--quiet",
    ])
    #expect(resumed == 0, "\(resumeMessage)")
    expectSameDataset(reference, out)
  }
}

/// Mounting a small tmpfs for ``FullDiskTests``.
enum SmallDisk {
  static let canMount: Bool = {
    #if os(Linux)
      guard getuid() == 0, let folder = try? temporaryFolder() else { return false }
      defer { try? FileManager.default.removeItem(at: folder) }
      guard mount(folder, size: "64k") else { return false }
      unmount(folder)
      return true
    #else
      return false
    #endif
  }()

  static func mount(_ folder: URL, size: String) -> Bool {
    run(["mount", "-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder.path])
  }

  static func remount(_ folder: URL, size: String) -> Bool {
    run(["mount", "-o", "remount,size=\(size)", folder.path])
  }

  static func unmount(_ folder: URL) {
    _ = run(["umount", folder.path])
  }

  private static func run(_ arguments: [String]) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return false
    }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}
