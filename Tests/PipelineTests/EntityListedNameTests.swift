import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// The public name lists (``ListedNames``): GeoNames towns and US counties, stock-index
/// companies, AP state abbreviations, used after the model only. Made-up sentences through
/// the real sentence splitter, tokenizer and lists, with the model's spans and confidences
/// given by the test, so that the pass's rules, not what the bundled model happens to find,
/// are checked; two sentences run through the whole stage.
@Suite struct EntityListedNameTests {
  let constructions = EntityNewsConstructionTests()

  /// The entities of the first sentence of `text` after the model's spans `model` (text,
  /// label, confidence), the bundled lists, the subdivisions and the public lists.
  func entities(
    _ text: String, model: [(String, String, Double)] = [], addMissing: Bool = true
  ) throws -> [(text: String, label: String, origin: String, canonical: String)] {
    try constructions.withSentence(text) { tagger, buffer, tokens, sentence, matches in
      var spans: [EntityTagger.ModelSpan] = []
      for (name, label, confidence) in model {
        spans.append(
          try constructions.modelSpan(
            name, in: text, tokens: tokens, label: label, confidence: confidence))
      }
      var passes = EntityPasses(
        tagger: tagger, text: buffer, tokens: tokens, sentence: sentence, matches: matches)
      passes.addModelSpans(spans, minConfidence: 0)
      passes.addGazetteerNames()
      passes.addSubdivisions(
        tagger.places.matches(in: buffer, tokens: tokens), from: tagger.places,
        retypeBelow: EntityTagger.overrideBelow, addMissing: addMissing)
      passes.addListedNames(
        tagger.listed.matches(in: buffer, tokens: tokens), from: tagger.listed,
        addMissing: addMissing)
      return passes.entities().entities.map {
        (
          String(decoding: buffer[$0.start..<$0.end], as: UTF8.self), $0.label, $0.origin,
          $0.canonical ?? ""
        )
      }
    }
  }

  func label(
    _ name: String, _ found: [(text: String, label: String, origin: String, canonical: String)]
  )
    -> String?
  {
    found.first { $0.text == name }?.label
  }

  @Test func listsKeepWorldNamesAndLeaveListedCommonAndDateNamesOut() throws {
    let listed = try #require(EntitiesTests.stage).tagger.listed
    #expect(listed.lookup("Home Depot")?.kind == "company")
    #expect(listed.lookup("Home Depot")?.label == "ORG")
    // The listed form and the form without its legal suffix, linked to the short one.
    #expect(listed.lookup("Netflix, Inc.")?.canonical == "Netflix")
    #expect(listed.lookup("Netflix")?.kind == "company")
    #expect(listed.lookup("Lowe 's")?.canonical == "Lowe's")
    #expect(listed.lookup("Plano")?.kind == "town")
    #expect(listed.lookup("Cook County")?.kind == "county")
    #expect(listed.lookup("Calif.")?.canonical == "California")
    // In the bundled lists (a model feature) or the subdivisions: left to them.
    #expect(listed.lookup("Paris") == nil)
    #expect(listed.lookup("Sindh") == nil)
    // Common lower-case words ("reading"; "target" of Target Corporation) and dates.
    #expect(listed.lookup("Reading") == nil)
    #expect(listed.lookup("Target") == nil)
    #expect(listed.lookup("August") == nil)
    // A company named like a listed town ("The Hartford") stays the town.
    #expect(listed.lookup("Hartford")?.kind == "town")
  }

  @Test func anUnsureModelLabelTakesTheListsType() throws {
    let unsure = try entities(
      "Shares of Netflix rose after the report.", model: [("Netflix", "LOC", 0.6)])
    #expect(
      unsure.contains { $0.text == "Netflix" && $0.label == "ORG" && $0.origin == "gazetteer" })
    // At or above the company threshold (0.9) the model keeps its label.
    let sure = try entities(
      "Shares of Netflix rose after the report.", model: [("Netflix", "LOC", 0.95)])
    #expect(label("Netflix", sure) == "LOC")
    let county = try entities(
      "Officials in Cook County voted.", model: [("Cook County", "ORG", 0.7)])
    #expect(label("Cook County", county) == "LOC")
  }

  @Test func aTownNeverRetypesAModelOrganisation() throws {
    // A team or a town's government: the model's ORG stays, however unsure.
    let found = try entities(
      "Plano beat the visitors 3-1 on Sunday.", model: [("Plano", "ORG", 0.4)])
    #expect(label("Plano", found) == "ORG")
  }

  @Test func aOneWordTownTypedPersonNeedsALocativePreposition() throws {
    let moved = try entities(
      "The family moved to Plano last year.", model: [("Plano", "PERSON", 0.6)])
    #expect(label("Plano", moved) == "LOC")
    // No preposition before it: a surname or a given name as likely as the town.
    let alone = try entities(
      "Plano , 27 , joined the club last year.", model: [("Plano", "PERSON", 0.6)])
    #expect(label("Plano", alone) == "PERSON")
    // A verb of saying after it: a person.
    let said = try entities(
      "The letter went to Plano who said no.", model: [("Plano", "PERSON", 0.6)])
    #expect(label("Plano", said) == "LOC")
    let speaker = try entities(
      "He gave it to Plano said the report.", model: [("Plano", "PERSON", 0.6)])
    #expect(label("Plano", speaker) == "PERSON")
  }

  @Test func anUntaggedListedNameIsAddedUnlessACapitalisedWordTouchesIt() throws {
    let found = try entities("Sales at Home Depot rose in the quarter.")
    #expect(
      found.contains { $0.text == "Home Depot" && $0.label == "ORG" && $0.origin == "gazetteer" })
    // Part of a longer name the model missed.
    let longer = try entities("He shopped at Home Depot Supply Centre on Monday.")
    #expect(label("Home Depot", longer) == nil)
    // Only where the stage reports gazetteer names (`gazetteer_entities`).
    #expect(
      label("Home Depot", try entities("Sales at Home Depot rose.", addMissing: false)) == nil)
  }

  @Test func aPossessiveBrandNameKeepsItsPossessive() throws {
    let found = try entities(
      "Sales at Lowe's rose in the quarter.", model: [("Lowe", "PERSON", 0.65)])
    #expect(found.contains { $0.text == "Lowe's" && $0.label == "ORG" })
    #expect(label("Lowe", found) == nil)
  }

  @Test func aStateAbbreviationIsAPlaceOnlyAfterATown() throws {
    let found = try entities(
      "The plant in Charleston, W.Va., closed.", model: [("W.Va.", "PERSON", 0.95)])
    #expect(
      found.contains { $0.text == "W.Va." && $0.label == "LOC" && $0.canonical == "West Virginia" })
    let added = try entities("The plant in Charleston, W.Va., closed.")
    #expect(label("W.Va.", added) == "LOC")
    // Not after "Town,": nothing says it is the state.
    let alone = try entities("He read Wash. Post columns.")
    #expect(label("Wash.", alone) == nil)
  }

  @Test func theDocumentsPersonKeepsASurnameThatIsATown() throws {
    func entity(_ start: Int, _ end: Int, _ label: String, _ origin: String) -> Entity {
      Entity(start: start, end: end, label: label, origin: origin, confidence: 0.9)
    }
    let text = "Michael Jackson sang. Jackson left. Home Depot rose."
    let model = entity(22, 29, "PERSON", "model")
    var entities = [
      entity(0, 15, "PERSON", "model"), entity(22, 29, "LOC", "gazetteer"),
      entity(36, 46, "ORG", "gazetteer"),
    ]
    var byContext = [false, false, false]
    let listed: [ListedName?] = [nil, ListedName(modelEntity: model), ListedName(modelEntity: nil)]
    ListedNameDoubts.apply(&entities, byContext: &byContext, listed: listed, text: Array(text.utf8))
    // "Jackson" is the surname of the PERSON "Michael Jackson": the model's label comes back.
    #expect(entities.count == 3)
    #expect(entities[1].label == "PERSON" && entities[1].origin == "model")
    // Nothing in the document speaks against the added company.
    #expect(entities[2].label == "ORG")
    // An added name the document's PERSON contains is dropped.
    var added = [entity(0, 15, "PERSON", "model"), entity(22, 29, "LOC", "gazetteer")]
    var flags = [false, false]
    ListedNameDoubts.apply(
      &added, byContext: &flags, listed: [nil, ListedName(modelEntity: nil)], text: Array(text.utf8)
    )
    #expect(added.count == 1 && flags.count == 1)
    // A construction elsewhere in the document labels the same name otherwise ("Plano
    // founder ...": an ORG by construction): the list's place is left to it.
    let plano = "Plano founder Ann Lee spoke. Plano grew."
    var stated = [entity(0, 5, "ORG", "pattern"), entity(29, 34, "LOC", "gazetteer")]
    var statedFlags = [true, false]
    ListedNameDoubts.apply(
      &stated, byContext: &statedFlags,
      listed: [nil, ListedName(modelEntity: entity(29, 34, "ORG", "model"))],
      text: Array(plano.utf8))
    #expect(stated[1].label == "ORG" && stated[1].origin == "model")
    // Without the construction, the list's place stays.
    var unstated = [entity(0, 5, "ORG", "model"), entity(29, 34, "LOC", "gazetteer")]
    var unstatedFlags = [false, false]
    ListedNameDoubts.apply(
      &unstated, byContext: &unstatedFlags,
      listed: [nil, ListedName(modelEntity: entity(29, 34, "ORG", "model"))],
      text: Array(plano.utf8))
    #expect(unstated[1].label == "LOC")
  }

  @Test func theWholeStageTypesListedCompanies() throws {
    let tests = EntitiesTests()
    let listsOff = try EntitiesTests.makeStage { $0.publicLists = false }
    // The bundled model (stop 34) calls "Centene" (in no training set) a PERSON here: the list
    // retypes it.
    let retyped = "Centene and Tootsie Roll Industries sold shares in Charleston on Tuesday."
    let (_, found) = try tests.run(retyped)
    let (_, without) = try tests.run(retyped, stage: listsOff)
    #expect(tests.has(found, "Centene", "ORG"))
    #expect(!tests.has(without, "Centene", "ORG"))
    // ... and misses "Sartorius" opening the sentence: the list adds it.
    let added = "Sartorius and Nestlé SA sold shares in Charleston on Tuesday."
    let (_, foundAdded) = try tests.run(added)
    let (_, withoutAdded) = try tests.run(added, stage: listsOff)
    #expect(tests.has(foundAdded, "Sartorius", "ORG"))
    #expect(!tests.has(withoutAdded, "Sartorius", "ORG"))
  }
}
