import Foundation

/// How a run is scheduled and where it reads and writes.
public struct RunOptions: Sendable {
  /// Worker threads (documents processed at once).
  public var jobs: Int
  /// Stop at the first failed document (and exit non-zero).
  public var failFast: Bool
  /// Print a progress line on stderr.
  public var progress: Bool
  /// `--output DIR`: replaces every export stage's `dir`.
  public var outputOverride: URL?
  /// `--stdin`: read JSON-lines documents from standard input instead of `input.path`.
  public var readStandardInput: Bool
  /// `--stdout`: write one JSON line per document (the `documents.jsonl` schema; failures as
  /// `{"id", "source", "error": {...}}`) to standard output instead of dataset files.
  public var writeStandardOutput: Bool
  /// Makes the `--stdout` output (the Export module's `StreamOutput.init`); required with
  /// ``writeStandardOutput``.
  public var streamOutput: StreamOutputMaker? = nil
  /// `--shard I/N`: process only the documents whose id falls in shard I of N.
  public var shard: Shard?
  /// `--resume`: continue an interrupted run into the same output folder.
  public var resume: Bool
  /// `--overwrite`: replace a dataset already in the output folder.
  public var overwrite: Bool
  /// `--stats FILE`: also write the run manifest there (works with `--stdout` too).
  public var statsFile: URL?
  /// `--doc-timeout SECONDS`: a document whose stages take longer fails (0: no budget).
  /// In-process, stages are checked between each other (and cooperative stages check
  /// themselves); with ``isolation``, a worker that overruns is killed and restarted.
  public var documentTimeout: Double
  /// `--isolation process`: run the stages in worker processes started with this command (a
  /// crash costs one document); nil runs them on threads of this process.
  public var isolation: WorkerCommand?
  /// Handle SIGINT and SIGTERM: stop, save a checkpoint, throw ``RunInterrupted``.
  public var handleSignals = false
  /// Stack size of the worker threads.
  var threadStackSize = WorkerThreads.stackSize
  /// `--limit N`: read only the first N input documents (nil: all).
  public var limit: Int? = nil

  public init(
    jobs: Int, failFast: Bool = false, progress: Bool = false, outputOverride: URL? = nil,
    readStandardInput: Bool = false, writeStandardOutput: Bool = false, shard: Shard? = nil,
    resume: Bool = false, overwrite: Bool = true, statsFile: URL? = nil,
    documentTimeout: Double = 0
  ) {
    self.documentTimeout = documentTimeout
    self.statsFile = statsFile
    self.jobs = max(1, jobs)
    self.failFast = failFast
    self.progress = progress
    self.outputOverride = outputOverride
    self.readStandardInput = readStandardInput
    self.writeStandardOutput = writeStandardOutput
    self.shard = shard
    self.resume = resume
    self.overwrite = overwrite
  }
}

/// One shard of a document set: the documents whose id hashes to `index` modulo `count`.
///
/// The hash is FNV-1a 64 over the id's UTF-8 bytes: stable across runs, machines and
/// processes, so N independent jobs with `--shard 0/N` ... `--shard N-1/N` cover every
/// document exactly once.
public struct Shard: Sendable, Equatable {
  public var index: Int
  public var count: Int

  public init(index: Int, count: Int) {
    self.index = index
    self.count = count
  }

  /// Parses `I/N` with 0 <= I < N.
  public init?(_ text: String) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count > 0,
      index >= 0, index < count
    else { return nil }
    self.init(index: index, count: count)
  }

  /// Whether a document id belongs to this shard.
  public func contains(_ id: String) -> Bool {
    Int(Self.fnv1a64(id) % UInt64(count)) == index
  }

  /// FNV-1a, 64-bit, over the UTF-8 bytes.
  public static func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
  }
}

/// A document that failed, as written to `errors.jsonl`.
public struct ErrorRecord: Sendable, Equatable {
  public var id: String
  /// Where it came from (path, or `file.jsonl:LINE`).
  public var location: String
  /// The stage that failed (`input` for reading and decoding).
  public var stage: String
  public var message: String
  /// Byte offset of the problem, when known.
  public var offset: Int?
  /// Whether the failure stops the run (a stage threw ``StopRunError``).
  public var stopsRun = false

  public init(
    id: String, location: String, stage: String, message: String, offset: Int?,
    stopsRun: Bool = false
  ) {
    self.id = id
    self.location = location
    self.stage = stage
    self.message = message
    self.offset = offset
    self.stopsRun = stopsRun
  }

  /// The record as one JSON object (the `errors.jsonl` line, without newline).
  public func json() -> [UInt8] {
    var writer = JSONWriter()
    writer.beginObject()
    writer.field("id", id)
    writer.field("source", location)
    writer.field("stage", stage)
    writer.field("message", message)
    writer.field("offset", offset)
    writer.endObject()
    return writer.bytes
  }
}

/// What a run did, for the manifest and the CLI's exit code.
public struct RunSummary: Sendable {
  public var documentsIn = 0
  public var documentsOK = 0
  public var documentsFailed = 0
  public var warnings = 0
  /// Documents left out because they belong to another shard.
  public var documentsInOtherShards = 0
  /// Documents taken over from the interrupted run (with `--resume`).
  public var documentsResumed = 0
  /// Total seconds spent in each stage, summed over documents and workers, in stage order.
  public var stageSeconds: [Double] = []
  public var wallSeconds = 0.0
  /// Folders the dataset (and `errors.jsonl`, `manifest.json`) were written to.
  public var outputDirectories: [URL] = []
  /// True when `--fail-fast` stopped the run early (the dataset is then not published; the
  /// checkpoint allows `--resume`).
  public var stoppedEarly = false
  /// Documents that crashed their worker process (counted in `documentsFailed` too).
  public var documentsCrashed = 0
  /// Documents whose worker process was killed for overrunning `--doc-timeout` (counted in
  /// `documentsFailed` too).
  public var documentsTimedOut = 0
  /// The first failed document, in input order.
  public var firstFailure: ErrorRecord?
  /// True when `--resume` found the dataset already complete and did nothing.
  public var alreadyComplete = false
  /// Why a stage stopped the run (``StopRunError``), if one did.
  public var stopReason: String?

  public init() {}
}
