import Foundation
import Pipeline

/// The stages' bundled data (`Sources/Stages/Resources`, copied into the build's resource
/// bundle): one folder per stage.
enum BundledResources {
  /// The bundled folder `name` ("boilerplate", "entities", "relations", "sentences", "tagger").
  static func folder(_ name: String) throws -> URL {
    guard let resources = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
      throw LoadError(
        file: name, message: "the Stages resource bundle has no Resources folder (a broken build)")
    }
    return resources.appendingPathComponent(name)
  }
}
