import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Span hygiene on news text (made-up sentences): abbreviated titles out of names, a date or
/// a place glued onto a name by a preposition cut off, listed government bodies as
/// organisations.
@Suite struct EntityNewsSpanTests {
  func entities(_ text: String) throws -> [(text: String, label: String)] {
    try EntityCleanupTests().entities(text).map { ($0.text, $0.label) }
  }

  @Test func abbreviatedTitlesStayOutOfPersonNames() throws {
    let found = try entities("Hon. Mary Okafor spoke first, and then Mr Peter Walsh replied.")
    #expect(found.contains { $0.text == "Mary Okafor" && $0.label == "PERSON" })
    #expect(!found.contains { $0.text.hasPrefix("Hon.") || $0.text.hasPrefix("Mr ") })
  }

  @Test func facilityNameAndPlaceAreTwoNames() throws {
    let found = try entities(
      "She works at the Marshall Space Flight Center in Huntsville and teaches there.")
    #expect(!found.contains { $0.text.contains(" in ") })
    #expect(found.contains { $0.text == "Huntsville" && $0.label == "LOC" })
  }

  @Test func aGluedDateIsNotPartOfAName() throws {
    let found = try entities("The report by Business Insider in October was denied.")
    #expect(!found.contains { $0.text.contains("October") && $0.label != "DATE" })
  }

  @Test func governmentBodiesAreOrganisations() throws {
    let found = try entities("A White House spokesman said the Pentagon agreed.")
    #expect(found.contains { $0.text == "White House" && $0.label == "ORG" })
  }

  @Test func arabicArticlePlaceAfterAPreposition() throws {
    let found = try entities("U.S. troops are based at al-Tanf, near the border.")
    #expect(found.contains { $0.text == "al-Tanf" && $0.label == "LOC" })
  }

  @Test func oneNameBeforeCompanyNounIsAnOrganisation() throws {
    let found = try entities("He met Burisma executives in Kyiv.")
    #expect(!found.contains { $0.text == "Burisma" && $0.label == "PERSON" })
  }

  @Test func oneNameBeforeAMembersNounIsAnOrganisationInTheWholeDocument() throws {
    let found = try entities(
      "Zorbanda won the vote. Voters backed Zorbanda again. Zorbanda members cheered.")
    let labels = Set(found.filter { $0.text == "Zorbanda" }.map(\.label))
    #expect(labels == ["ORG"])
  }

  @Test func institutionOfAPlaceIsOneOrganisation() throws {
    let found = try entities("Both teach at the American University of Kabul.")
    #expect(found.contains { $0.text == "American University of Kabul" && $0.label == "ORG" })
  }

  @Test func partyStateTagGivesThePlaceOnly() throws {
    let found = try entities("Rep. Jo Doe (D-Minn.) and Sen. Al Roe, R-Calif., spoke.")
    #expect(found.contains { $0.text == "Minn" && $0.label == "LOC" })
    #expect(found.contains { $0.text == "Calif" && $0.label == "LOC" })
    #expect(!found.contains { $0.text.hasPrefix("R-") || $0.text.hasPrefix("D-") })
  }

  @Test func placeInABasedCompound() throws {
    let found = try entities("Amnesty International, a London-based rights group, said so.")
    #expect(found.contains { $0.text == "London" && $0.label == "LOC" })
  }

  @Test func nameBeforeALowerCasePlaceNounIsAPlace() throws {
    // A name no training set holds. Since stop 33 the model has learned the dev gold's forms
    // ("Bardo museum" is one), so it may take the lower-case place noun into the span: either
    // way the name is a place, never an organisation or a person.
    let found = try entities("Gunmen attacked the Kelvingrove museum and fled.")
    #expect(found.contains { $0.text.hasPrefix("Kelvingrove") && $0.label == "LOC" })
    #expect(!found.contains { $0.text.hasPrefix("Kelvingrove") && $0.label != "LOC" })
  }
}
