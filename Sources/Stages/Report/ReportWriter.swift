import Foundation
import Pipeline

/// Writes `report.html`: a self-contained page with the run's summary, its relation graph
/// and the first documents shown in full (see ``ReportPage``).
///
/// Runs on the executor's writer thread, in input order: it folds each document's digest
/// into a bounded ``RunTally`` and spools the first sections to a temporary file, then
/// assembles the page in ``finish()`` and renames it into place.
public final class ReportWriter: DocumentSink {
  public let directory: URL
  public let encoder: any DocumentEncoder
  private let options: ReportOptions
  private let page: OutputFile
  private let sections: OutputFile
  private var tally = RunTally()
  private var shown: [ReportPage.Entry] = []

  /// The page's file name.
  public static let fileName = "report.html"

  /// Creates the folder and the temporary files.
  public init(directory: URL, options: ReportOptions) throws {
    self.directory = directory
    self.options = options
    self.encoder = ReportEncoder(options: options)
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        "cannot create output folder \(directory.path): \(error.localizedDescription)")
    }
    page = try OutputFile(directory.appendingPathComponent(Self.fileName))
    sections = try OutputFile(directory.appendingPathComponent(".report-sections.html"))
  }

  public func write(_ encoded: EncodedDocument) throws {
    guard encoded.chunks.count == 3 else { throw DigestError() }
    let digest = try DocumentDigest(decoding: encoded.chunks[0])
    tally.add(digest)
    guard shown.count < options.documents, !encoded.chunks[1].isEmpty else { return }
    let entry = ReportPage.Entry(
      id: String(decoding: encoded.chunks[2], as: UTF8.self),
      entities: digest.labels.values.reduce(0, +), relations: digest.relations.values.reduce(0, +))
    try sections.write("<section class=\"doc\" id=\"\(ReportPage.anchor(shown.count))\">")
    try sections.write(encoded.chunks[1])
    try sections.write("</section>\n")
    shown.append(entry)
  }

  public func recordFailure(_ record: ErrorRecord) {
    tally.add(record)
  }

  public func finish() throws {
    try sections.commit()
    defer { try? FileManager.default.removeItem(at: sections.url) }
    let report = ReportPage(options: options, tally: tally, shown: shown)
    try page.write(report.head())
    try copy(sections.url, into: page)
    try page.write(report.tail())
    try page.commit()
  }

  public func abandon() {
    page.discard()
    sections.discard()
    try? FileManager.default.removeItem(at: sections.url)
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
