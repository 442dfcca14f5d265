/// Nationality words and the countries they name ("Israeli": Israel), which the report
/// counts as their country. The relations stage's demonym table is one (in the Stages module,
/// which hands its type to ``ExportStage``).
public protocol NationalityTable: Sendable {
  /// The country a nationality word names, nil for any other word.
  func state(of word: String) -> String?
  /// The bundled table, nil when it is missing.
  static func bundled() -> Self?
}
