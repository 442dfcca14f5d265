import Pipeline

/// What the HTML report shows (the export stage's `report_*` keys).
public struct ReportOptions: Sendable {
  /// The pipeline's name, in the title.
  public var pipelineName: String
  /// Documents shown in full (text, entities, relations), from the start of the input.
  public var documents: Int
  /// Rows in the top-entities table.
  public var topEntities: Int
  /// Most entities in the run's relation graph.
  public var graphNodes: Int

  public init(
    pipelineName: String, documents: Int = 50, topEntities: Int = 30, graphNodes: Int = 30
  ) {
    self.pipelineName = pipelineName
    self.documents = max(0, documents)
    self.topEntities = max(1, topEntities)
    self.graphNodes = max(2, graphNodes)
  }
}
