import Foundation
import Pipeline
import Stages

/// The shipped stages with their default configuration, for trainers that run them over texts
/// (self-training of the entity model, the relation pair classifier's candidate pairs).
enum ShippedStages {
  /// A stage context for a trainer named `name` (paths relative to the working directory).
  static func context(_ name: String) -> StageContext {
    StageContext(baseDirectory: URL(fileURLWithPath: "."), pipelineName: name, jobs: 1)
  }

  /// The sentences stage, default configuration.
  static func sentences(_ context: StageContext) throws -> SentencesStage {
    var reader = try ConfigReader(node: nil, file: "train", section: "sentences", origin: nil)
    return try SentencesStage(config: SentencesStage.Config(reading: &reader), context: context)
  }

  /// The entities stage's default configuration; with `groupClassifier` false, the name group
  /// classifier off (the trainers that tag texts for the classifier or with a model in training).
  static func entitiesConfig(groupClassifier: Bool = true) throws -> EntitiesStage.Config {
    var reader = try ConfigReader(node: nil, file: "train", section: "entities", origin: nil)
    var config = try EntitiesStage.Config(reading: &reader)
    if !groupClassifier { config.groupClassifier = false }
    return config
  }
}
