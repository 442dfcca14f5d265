import Foundation
import Pipeline

/// Nationality words and the states they name ("Israeli" -> Israel, "Azeri" -> Azerbaijan),
/// read from a two-column TSV (`demonym<TAB>state`, `#` comments).
struct DemonymTable: Sendable {
  private var states: [String: String] = [:]

  init(entries: [String: String]) {
    for (word, state) in entries { states[word.lowercased()] = state }
  }

  /// Reads a TSV file; malformed lines are load errors.
  init(url: URL, displayName: String) throws {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw LoadError(
        file: displayName, message: "cannot read demonyms: \(error.localizedDescription)")
    }
    var entries: [String: String] = [:]
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      let trimmed = line.trimmingCharacters(in: CharacterSet(charactersIn: " \r"))
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let columns = trimmed.split(separator: "\t", omittingEmptySubsequences: false)
        .map { $0.trimmingCharacters(in: .whitespaces) }
      // A nationality with no state of its own ("Kurdish<TAB>") is listed but not resolved.
      if columns.count == 1 || (columns.count == 2 && columns[1].isEmpty) { continue }
      guard columns.count >= 2, !columns[0].isEmpty, !columns[1].isEmpty else {
        throw LoadError(
          file: displayName, line: number + 1, column: 1, message: "expected `demonym<TAB>state`")
      }
      entries[columns[0]] = columns[1]
    }
    self.init(entries: entries)
  }

  /// The state a nationality word names, if it is one ("Israeli", "Azerbaijani's",
  /// "then-Israeli", "Israeli-made" too).
  func state(of text: String) -> String? {
    var key = text.replacingApostrophes().lowercased()
    if key.hasSuffix("'s") { key.removeLast(2) }
    if let state = states[key] { return state }
    // "then-Israeli", "Israeli-made", "Turkish-backed": the nationality word inside.
    for prefix in ["then-", "ex-", "former-"] where key.hasPrefix(prefix) {
      key.removeFirst(prefix.count)
    }
    for suffix in ["-born", "-made", "-backed", "-led", "-based", "-built", "-funded"]
    where key.hasSuffix(suffix) {
      key.removeLast(suffix.count)
    }
    return states[key]
  }

  var count: Int { states.count }

  /// The states the list names, lower-cased ("afghanistan", "united states").
  var stateNames: Set<String> { Set(states.values.map { $0.lowercased() }) }
}
