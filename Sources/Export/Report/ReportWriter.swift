import Foundation
import Pipeline

/// The report an export stage writes with `html`: `report.html`, a self-contained page with
/// the run's summary, its relation graph and the first documents shown in full (see
/// ``ReportPage``), known with its encoder before any file is opened.
public struct ReportOutput: DocumentOutput {
  public let directory: URL?
  public let encoder: any DocumentEncoder
  let folder: URL
  let options: ReportOptions

  public init(
    directory: URL, options: ReportOptions, demonyms: (any NationalityTable)?,
    documentsInFlight: Int
  ) {
    self.directory = directory
    self.folder = directory
    self.options = options
    self.encoder = ReportEncoder(
      options: options, demonyms: demonyms, documentsInFlight: documentsInFlight)
  }

  public func openSink(_ files: OutputFiles) throws -> any DocumentSink {
    try ReportWriter(directory: folder, options: options, files: files)
  }
}

/// Writes the page of a ``ReportOutput``.
///
/// Runs on the executor's writer thread, in input order: it folds each document's digest
/// into a bounded ``RunTally``, spools the first sections to a temporary file and notes
/// both in a journal (so `--resume` can rebuild the tally), then assembles the page in
/// ``finish()`` and renames it into place. All three files are opened through the run's
/// ``OutputFiles``, so they are checkpointed with the dataset.
public final class ReportWriter: DocumentSink {
  private let options: ReportOptions
  private let page: OutputFile
  private let sections: OutputFile
  private let journal: OutputFile
  private var tally = RunTally()
  private var shown: [ReportPage.Entry] = []
  private var record = ByteEncoder()

  /// The page's file name.
  public static let fileName = "report.html"

  /// Opens the files (and, when the run resumes, replays the journal).
  init(directory: URL, options: ReportOptions, files: OutputFiles) throws {
    self.options = options
    page = try files.open(directory.appendingPathComponent(Self.fileName))
    sections = try files.open(directory.appendingPathComponent("report-sections"))
    journal = try files.open(directory.appendingPathComponent("report-journal"))
    if journal.resumedSize > 0 { try replay() }
  }

  public func write(_ encoded: EncodedDocument) throws {
    let digestBytes = try encoded.part(ReportEncoder.digestPart).bytes
    try apply(.digest(digestBytes))
    guard shown.count < options.documents, let section = encoded[ReportEncoder.sectionPart],
      let title = encoded[ReportEncoder.titlePart]
    else { return }
    let digest = try DocumentDigest(decoding: digestBytes)
    let entry = ReportPage.Entry(
      id: String(decoding: title.bytes, as: UTF8.self),
      entities: digest.labels.values.reduce(0, +), relations: digest.relations.values.reduce(0, +))
    try sections.write("<section class=\"doc\" id=\"\(ReportPage.anchor(shown.count))\">")
    try sections.write(section.bytes)
    try sections.write("</section>\n")
    try apply(.shown(entry))
  }

  public func recordFailure(_ record: ErrorRecord) throws {
    try apply(.failure(record))
  }

  public func finish() throws {
    try sections.flush()
    let report = ReportPage(options: options, tally: tally, shown: shown)
    try page.write(report.head())
    try copy(sections.temporary, into: page)
    try page.write(report.tail())
    try page.seal()
    sections.discard()
    journal.discard()
  }

  /// Takes a record in and appends it to the journal.
  private func apply(_ entry: ReportJournal.Record, journaled: Bool = true) throws {
    switch entry {
    case .digest(let bytes): tally.add(try DocumentDigest(decoding: bytes))
    case .failure(let failure): tally.add(failure)
    case .shown(let shownEntry): shown.append(shownEntry)
    }
    guard journaled else { return }
    record.bytes.removeAll(keepingCapacity: true)
    ReportJournal.append(entry, to: &record)
    try journal.write(record.bytes)
  }

  /// Rebuilds the tally from the journal an interrupted run left (up to its checkpoint).
  private func replay() throws {
    guard let handle = FileHandle(forReadingAtPath: journal.temporary.path) else {
      throw OutputError("cannot resume: \(journal.temporary.path) is missing")
    }
    defer { try? handle.close() }
    let data: Data?
    do {
      data = try handle.read(upToCount: journal.resumedSize)
    } catch {
      throw OutputError("cannot read \(journal.temporary.path): \(error.localizedDescription)")
    }
    let bytes = [UInt8](data ?? Data())
    guard bytes.count == journal.resumedSize else {
      throw OutputError("cannot resume: \(journal.temporary.path) is shorter than its checkpoint")
    }
    do {
      for entry in try ReportJournal.records(bytes) { try apply(entry, journaled: false) }
    } catch {
      throw OutputError("cannot resume: \(journal.temporary.path) is damaged")
    }
  }

  /// Appends a file's bytes to the page, a megabyte at a time.
  private func copy(_ url: URL, into output: OutputFile) throws {
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw OutputError("cannot read \(url.path)")
    }
    defer { try? handle.close() }
    while true {
      let data: Data?
      do {
        data = try handle.read(upToCount: 1 << 20)
      } catch {
        throw OutputError("cannot read \(url.path): \(error.localizedDescription)")
      }
      guard let data, !data.isEmpty else { break }
      try output.write([UInt8](data))
    }
  }
}
