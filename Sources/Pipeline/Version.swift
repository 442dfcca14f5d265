/// The tool's name and version, recorded in every run manifest.
public enum NLPipe {
  public static let name = "nlpipe"
  public static let version = "0.1.0"
}
