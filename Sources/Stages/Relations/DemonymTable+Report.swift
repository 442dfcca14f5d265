import Export

/// The report of the export stage counts nationality words as their country with the
/// relations stage's demonyms.
extension DemonymTable: NationalityTable {
  static func bundled() -> DemonymTable? {
    try? DemonymTable(
      url: RelationsStage.defaultDemonyms(),
      displayName: "demonyms")
  }
}

/// The export stage as the built-in registry holds it (with the bundled demonyms).
typealias BuiltinExportStage = ExportStage<DemonymTable>
