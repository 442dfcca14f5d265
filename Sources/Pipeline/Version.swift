/// The tool's name and version, recorded in every run manifest.
public enum NLPipe {
  public static let name = "nlpipe"
  public static let version = "0.1.0"
  /// The version of the dataset's JSON and CSV schema (`dataset_schema` in the manifest),
  /// bumped whenever a file's keys or columns change. 1: the first release. 2: the records
  /// nested in a document object use the CSV column names, in the CSV column order
  /// (`sentence_id`, `entity_id`, `relation_id`, `head_id`, `tail_id`).
  public static let datasetSchema = 2
}
