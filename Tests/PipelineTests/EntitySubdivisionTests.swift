import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// First-level subdivisions from ISO 3166-2 (``SubdivisionPlaces``), matched after the model.
@Suite struct EntitySubdivisionTests {
  @Test func listLeavesBundledAndCommonNamesOut() throws {
    let model = try NERModel.load(EntityResources.defaultModelURL())
    let places = try SubdivisionPlaces.load(
      bundled: EntityResources.gazetteer(), commonWords: model.commonWords)
    #expect(places.lookup("Sindh")?.label == "LOC")
    #expect(places.lookup("Helmand")?.kind == "subdivision")
    // An accented spelling links to the ASCII one news writes.
    #expect(places.lookup("Zābul")?.canonical == "Zabul")
    // Listed in regions.tsv already: the bundled gazetteer (a model feature) keeps it.
    #expect(places.lookup("Texas") == nil)
    // Made only of common lower-case words: left out.
    #expect(places.lookup("Central") == nil)
    #expect(places.lookup("North West") == nil)
  }

  @Test func provincesTheModelMistypesBecomePlaces() throws {
    let tests = EntitiesTests()
    // The bundled model calls both a PERSON, unsure (0.57 and 0.55).
    let (_, first) = try tests.run("the rains reached sindh, then Sindh again.")
    #expect(first.contains { $0.0 == "Sindh" && $0.1 == "LOC" })
    let (document, second) = try tests.run("He was born in Kandahar and moved to Helmand.")
    #expect(second.contains { $0.0 == "Helmand" && $0.1 == "LOC" })
    #expect(document.entities.first { document.slice($0) == "Helmand" }?.canonical == "Helmand")
  }
}
