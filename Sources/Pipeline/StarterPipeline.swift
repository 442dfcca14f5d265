import Foundation

/// The starter pipeline `nlpipe init FOLDER` writes: input settings that fit what the folder
/// holds (a glob when the files share an extension, `recursive` when they sit in
/// sub-folders, boilerplate removal for markup), then sentences, entities, relations and an
/// export of CSV, JSON lines and the HTML report, each line commented.
public struct StarterPipeline {
  /// What the folder holds.
  public struct Survey: Equatable, Sendable {
    /// Files by read format (`text`, `html`, `xml`, `jsonl`).
    public var counts: [String: Int] = [:]
    /// File extensions seen (lower case, `.gz` kept: `txt`, `html.gz`).
    public var extensions: Set<String> = []
    /// Whether some files are in sub-folders.
    public var nested = false
    /// Whether JSON-lines documents carry markup (`"html"` or `"xml"` keys).
    public var jsonlMarkup = false
    /// The extra keys of the first JSON line (`url`, `title`, ...): document fields.
    public var jsonlFields: [String] = []

    public var total: Int { counts.values.reduce(0, +) }
  }

  /// The input folder.
  public var folder: URL
  /// Where the pipeline file will be written (input and output paths are relative to it).
  public var file: URL

  public init(folder: URL, file: URL) {
    self.folder = folder.standardizedFileURL
    self.file = file.standardizedFileURL
  }

  /// Lists the folder (hidden files skipped).
  public func survey() throws -> Survey {
    var survey = Survey()
    let spec = InputSpec(path: folder, displayPath: folder.path)
    guard
      let walker = FileManager.default.enumerator(
        at: folder, includingPropertiesForKeys: [.isRegularFileKey],
        options: [.skipsHiddenFiles])
    else { throw InputError("cannot list \(folder.path)") }
    for case let url as URL in walker {
      guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else {
        continue
      }
      let name = url.lastPathComponent.lowercased()
      let format = spec.format(of: name)
      survey.counts[format.rawValue, default: 0] += 1
      var ext = (name as NSString).pathExtension
      if ext == "gz" {
        ext = ((name as NSString).deletingPathExtension as NSString).pathExtension + ".gz"
      }
      survey.extensions.insert(ext)
      if url.deletingLastPathComponent().standardizedFileURL.path != folder.path {
        survey.nested = true
      }
      if format == .jsonl, survey.jsonlFields.isEmpty, !survey.jsonlMarkup,
        let head = Self.head(of: url)
      {
        survey.jsonlMarkup = head.contains("\"html\"") || head.contains("\"xml\"")
        let line = head.split(separator: "\n", maxSplits: 1).first.map { Array($0.utf8) } ?? []
        if case .object(let object)? = try? JSONParser.parse(line) {
          survey.jsonlFields = DocumentReader.extraFields(object).keys.sorted()
        }
      }
    }
    return survey
  }

  /// The pipeline file's text for a survey.
  public func yaml(for survey: Survey) -> String {
    let name = Self.identifier(folder.lastPathComponent)
    let input = Self.relativePath(from: file.deletingLastPathComponent(), to: folder)
    var inputKeys = ["path: \(Self.quoted(input))"]
    if survey.extensions.count == 1, let ext = survey.extensions.first, !ext.isEmpty,
      !ext.hasPrefix(".")
    {
      inputKeys.append("glob: \(Self.quoted("*." + ext))")
    }
    if survey.nested { inputKeys.append("recursive: true") }
    if !survey.jsonlFields.isEmpty {
      inputKeys.append("fields: [\(survey.jsonlFields.map(Self.quoted).joined(separator: ", "))]")
    }
    let markup =
      (survey.counts["html"] ?? 0) + (survey.counts["xml"] ?? 0) > 0 || survey.jsonlMarkup
    let found = survey.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
      .joined(separator: ", ")
    var lines = [
      "# Starter pipeline written by `nlpipe init` for \(input) (\(found.isEmpty ? "no files yet" : found)).",
      "# Check it: nlpipe validate FILE;  try it: nlpipe run FILE --limit 20;",
      "# change a setting without editing: --set entities.min_confidence=0.6",
      "# Every stage's keys: nlpipe stages.",
      "name: \(name)",
      "input: {\(inputKeys.joined(separator: ", "))}",
      "stages:",
    ]
    if markup {
      lines.append(
        "  # HTML/XML -> the article text (menus, ads, footers dropped); `cleanup` keeps all.")
      lines.append("  - boilerplate: {}")
    } else {
      lines.append("  # Plain text is used as it is. For pages saved as text with their menus and")
      lines.append("  # promos, uncomment boilerplate to keep the article text only.")
      lines.append("  # - boilerplate: {}")
    }
    lines += [
      "  - sentences: {}",
      "  - entities: {min_confidence: 0}       # PERSON, ORG, LOC, MISC, DATE, MONEY, ...",
      "  - relations: {open: true}             # typed relations and open verb triples",
      "  # formats: csv, json, jsonl, sqlite (one database with full-text search), html (report)",
      "  - export: {formats: [csv, jsonl, html], dir: \(Self.quoted("out/" + name))}",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// The first 256 KiB of a file, as text (a JSON line with a whole page can be long).
  private static func head(of url: URL) -> String? {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: 1 << 18) else { return nil }
    return String(decoding: data, as: UTF8.self)
  }

  /// A pipeline name from a folder name (letters, digits, `-`, `_`).
  static func identifier(_ text: String) -> String {
    let kept = String(
      text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    return kept.isEmpty ? "pipeline" : kept
  }

  /// A YAML scalar, quoted when it is not a plain word or path.
  static func quoted(_ text: String) -> String {
    let plain =
      !text.isEmpty && text.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) }
    guard !plain else { return text }
    return "\""
      + text.replacingOccurrences(of: "\\", with: "\\\\")
      .replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }

  /// `to` relative to the folder `from` (`.`, `docs`, `../data/docs`).
  static func relativePath(from base: URL, to target: URL) -> String {
    let from = base.standardizedFileURL.pathComponents
    let to = target.standardizedFileURL.pathComponents
    var common = 0
    while common < min(from.count, to.count), from[common] == to[common] { common += 1 }
    // Nothing in common but the root: the absolute path reads better than ../../..
    if common <= 1 { return target.standardizedFileURL.path }
    let parts = Array(repeating: "..", count: from.count - common) + to[common...]
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }
}
