import ArgumentParser
import Foundation
import Pipeline

/// `nlpipe bench`: end-to-end speed and memory of a pipeline on corpora of growing size.
///
/// For each corpus size and job count it starts `nlpipe run PIPELINE --stdin --stdout` as a
/// child process, feeds it N documents cycled from the input (ids made unique), drains its
/// output, and reports wall time, docs/s, input MB/s, per-stage seconds (from the child's
/// manifest) and the child's peak resident memory (from `wait4`).
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure a pipeline's docs/s, MB/s, per-stage time and peak RSS at several sizes.")

  /// The pipeline; `--input` names the documents to cycle through, `--set` changes reach the
  /// measured runs.
  @OptionGroup var pipeline: PipelineOptions

  @Option(help: "Corpus sizes, comma-separated.")
  var docs: String = "1000,10000"

  @Option(help: "Job counts, comma-separated.")
  var jobs: String = "1,\(ProcessInfo.processInfo.activeProcessorCount)"

  @Option(help: "Also write the results as JSON lines to FILE.")
  var json: String?

  /// Options of `nlpipe run` (`--isolation`, `--doc-timeout`) given to every measured run.
  @OptionGroup var processing: ProcessingOptions

  /// Comma-separated positive numbers; nil when the text is not that.
  private static func numbers(_ text: String) -> [Int]? {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    let values = parts.compactMap { Int($0) }
    guard !values.isEmpty, values.count == parts.count, values.allSatisfy({ $0 > 0 }) else {
      return nil
    }
    return values
  }

  func validate() throws {
    guard Self.numbers(docs) != nil, Self.numbers(jobs) != nil else {
      throw ValidationError("--docs and --jobs take comma-separated positive numbers")
    }
  }

  func run() throws {
    let sizes = Self.numbers(docs) ?? []
    let jobCounts = Self.numbers(jobs) ?? []
    let file = pipeline.file
    // Only the input is needed here: the measured runs build the stages.
    let definition = try pipeline.load(jobs: 1, building: .none)
    let corpus = try BenchCorpus(spec: definition.input)
    printError(
      "bench: \(file), \(corpus.lines.count) source documents (\(corpus.bytes / 1024) KiB) from \(definition.input.displayPath)"
    )
    print("docs\tjobs\tseconds\tdocs/s\tMB/s\tpeak_rss_MB\tfailed\tstage seconds")
    var results: [String] = []
    for size in sizes {
      for jobCount in jobCounts {
        let result = try BenchRun(
          pipeline: file, corpus: corpus, documents: size, jobs: jobCount,
          options: pipeline.settings.flatMap { ["--set", $0] } + processing.arguments
        ).run()
        let stages = result.stageSeconds.map { "\($0.0)=\(format($0.1))" }.joined(separator: " ")
        print(
          "\(size)\t\(jobCount)\t\(format(result.seconds))\t\(Int(Double(size) / result.seconds))\t"
            + "\(format(Double(result.inputBytes) / 1e6 / result.seconds))\t"
            + "\(format(Double(result.peakRSSKiB) / 1024))\t\(result.failed)\t\(stages)")
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("pipeline", file)
        writer.field("documents", size)
        writer.field("jobs", jobCount)
        writer.field("isolation", processing.isolation.rawValue)
        writer.field("seconds", result.seconds)
        writer.field("docs_per_second", Double(size) / result.seconds)
        writer.field("mb_per_second", Double(result.inputBytes) / 1e6 / result.seconds)
        writer.field("peak_rss_mb", Double(result.peakRSSKiB) / 1024)
        writer.field("failed", result.failed)
        writer.key("stage_seconds")
        writer.value(
          .object(
            Dictionary(uniqueKeysWithValues: result.stageSeconds.map { ($0.0, .number($0.1)) })))
        writer.endObject()
        results.append(writer.string)
      }
    }
    if let json {
      try OutputFile.write(
        Array((results.joined(separator: "\n") + "\n").utf8), to: URL(fileURLWithPath: json))
    }
  }

  private func format(_ value: Double) -> String { String(format: "%.3f", value) }
}

/// The source documents of a benchmark, as ready-made JSON lines (id placeholder last).
struct BenchCorpus {
  /// Each document as a JSON object without its closing brace and without an id.
  var lines: [[UInt8]] = []
  var ids: [String] = []
  var bytes = 0

  init(spec: InputSpec) throws {
    let items = try InputItems(spec)
    let reader = DocumentReader(spec: spec)
    while let item = items.next() {
      guard let document = try? reader.read(item) else { continue }
      var writer = JSONWriter()
      writer.beginObject()
      writer.field(document.format == .text ? "text" : document.format.rawValue, document.source)
      lines.append(writer.bytes)
      ids.append(document.id)
      bytes += document.source.utf8.count
    }
    if lines.isEmpty { throw InputError("no readable documents in \(spec.displayPath)") }
  }
}

/// One measured child run.
struct BenchRun {
  let pipeline: String
  let corpus: BenchCorpus
  let documents: Int
  let jobs: Int
  /// Further options of the measured `nlpipe run`.
  let options: [String]

  struct Result {
    var seconds: Double
    var inputBytes: Int
    var peakRSSKiB: Int
    var failed: Int
    var stageSeconds: [(String, Double)]
  }

  func run() throws -> Result {
    let stats = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nlpipe-bench-\(getpid())-\(documents)-\(jobs).json")
    defer { try? FileManager.default.removeItem(at: stats) }
    let arguments =
      [
        CommandLine.arguments[0], "run", pipeline, "--stdin", "--stdout", "--quiet", "--jobs",
        String(jobs), "--stats", stats.path,
      ] + options
    var toChild: [Int32] = [0, 0]
    var fromChild: [Int32] = [0, 0]
    guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
      throw OutputError("bench: cannot create pipes")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO)
    posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO)
    for fd in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, fd) }
    let argv = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let clock = ContinuousClock()
    let start = clock.now
    let status = posix_spawn(&pid, "/proc/self/exe", &actions, nil, argv, environ)
    guard status == 0 else { throw OutputError("bench: cannot start nlpipe (errno \(status))") }
    close(toChild[0])
    close(fromChild[1])
    let writeEnd = toChild[1]
    let feeder = Thread { [corpus, documents] in
      Self.feed(corpus, count: documents, to: writeEnd)
    }
    feeder.start()
    var failed = 0
    // The last bytes of each read stay in front of the next one, so that a key split between
    // two reads is found (they are too few to hold a whole key, which then counts once).
    let keep = Self.errorKey.count - 1
    var buffer = [UInt8](repeating: 0, count: keep + (1 << 16))
    var held = 0
    while true {
      let count = buffer.withUnsafeMutableBytes { bytes in
        read(fromChild[0], bytes.baseAddress.map { $0 + held }, bytes.count - held)
      }
      if count <= 0 { break }
      let end = held + count
      failed += buffer.withUnsafeBytes {
        Self.countErrorLines(UnsafeRawBufferPointer(rebasing: $0[0..<end]), from: held)
      }
      held = min(keep, end)
      buffer.withUnsafeMutableBytes { bytes in
        if let base = bytes.baseAddress { memmove(base, base + end - held, held) }
      }
    }
    close(fromChild[0])
    var waitStatus: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &waitStatus, 0, &usage)
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    var stageSeconds: [(String, Double)] = []
    if let data = FileManager.default.contents(atPath: stats.path),
      let manifest = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let stages = manifest["stages"] as? [[String: Any]]
    {
      for stage in stages {
        stageSeconds.append((stage["name"] as? String ?? "?", stage["seconds"] as? Double ?? 0))
      }
    }
    let inputBytes = (0..<documents).reduce(0) { $0 + corpus.lines[$1 % corpus.lines.count].count }
    return Result(
      seconds: seconds, inputBytes: inputBytes, peakRSSKiB: Int(usage.ru_maxrss), failed: failed,
      stageSeconds: stageSeconds)
  }

  private static let errorKey = Array(",\"error\":{".utf8)

  /// Error records whose key ends at or after `start` in `chunk` (they hold `,"error":{`
  /// right after the source; document lines have `"format"` there instead). It looks for the
  /// key's last byte with `memchr`, many bytes at a time: byte at a time, the bench's own
  /// reading of the stream took about a tenth of the CPU of an export-only bench, competing
  /// with the run it measures.
  private static func countErrorLines(_ chunk: UnsafeRawBufferPointer, from start: Int) -> Int {
    guard let base = chunk.baseAddress, let last = errorKey.last else { return 0 }
    var count = 0
    var offset = max(start, errorKey.count - 1)
    while offset < chunk.count,
      let found = memchr(base + offset, Int32(last), chunk.count - offset)
    {
      let end = base.distance(to: UnsafeRawPointer(found)) + 1
      if chunk[(end - errorKey.count)..<end].elementsEqual(errorKey) { count += 1 }
      offset = end
    }
    return count
  }

  private static func feed(_ corpus: BenchCorpus, count: Int, to fd: Int32) {
    var buffer: [UInt8] = []
    for index in 0..<count {
      let which = index % corpus.lines.count
      buffer.append(contentsOf: corpus.lines[which])
      var id = JSONWriter()
      id.field("id", "\(corpus.ids[which])#\(index)")
      buffer.append(UInt8(ascii: ","))
      buffer.append(contentsOf: id.bytes)
      buffer.append(contentsOf: Array("}\n".utf8))
      if buffer.count > 1 << 20 || index == count - 1 {
        var offset = 0
        while offset < buffer.count {
          let written = buffer[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
          if written <= 0 { break }
          offset += written
        }
        buffer.removeAll(keepingCapacity: true)
      }
    }
    close(fd)
  }
}
