import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// Names typed by the construction around them, on made-up news sentences (none from a dev
/// set): a country's mission, a place before a title, an organisation before a role and a
/// person, an organisation's short form, Arabic group names.
@Suite struct EntityGeneralNameTests {
  func entities(_ text: String) throws -> [(text: String, label: String)] {
    try EntityCleanupTests().entities(text).map { ($0.text, $0.label) }
  }

  @Test func aCountrysMissionIsTheCountry() throws {
    let found = try entities("Protesters gathered outside the U.S. Embassy in Tunis on Friday.")
    #expect(found.contains { $0.text == "U.S." && $0.label == "LOC" })
    #expect(!found.contains { $0.text.contains("Embassy") })
    #expect(found.contains { $0.text == "Tunis" && $0.label == "LOC" })
  }

  @Test func aListedPlaceBeforeATitleIsAPlace() throws {
    let found = try entities("The bill was signed by Kentucky GOP Gov. Matt Bevin last year.")
    #expect(found.contains { $0.text == "Kentucky" && $0.label == "LOC" })
    #expect(found.contains { $0.text == "Matt Bevin" && $0.label == "PERSON" })
  }

  @Test func aWordBeforeARoleAndAPersonIsAnOrganisation() throws {
    let found = try entities("Zentrix founder Marc Okonjo said the deal was done.")
    #expect(found.contains { $0.text == "Zentrix" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Marc Okonjo" && $0.label == "PERSON" })
    // A common word opening the sentence is not a name.
    let former = try entities("Former editor Jane Roe said the deal was done.")
    #expect(!former.contains { $0.text == "Former" })
  }

  @Test func aShortFormOfAnOrganisationIsThatOrganisation() throws {
    let found = try EntityCleanupTests().entities(
      "Zentrix Holdings reported a loss. Analysts said Zentrix would recover.")
    #expect(found.contains { $0.text == "Zentrix Holdings" && $0.label == "ORG" })
    let short = found.filter { $0.text == "Zentrix" }
    #expect(short.count == 1)
    for mention in short {
      #expect(mention.label == "ORG")
      #expect(mention.entity.canonical == "Zentrix Holdings")
    }
  }

  @Test func aSurnameStaysAPerson() throws {
    let found = try entities("Donald Trump spoke. The Trump Organization agreed, and Trump left.")
    #expect(found.contains { $0.text == "Trump" && $0.label == "PERSON" })
  }

  @Test func anUnsureNameAfterInIsAPlace() throws {
    let found = try entities("Workers in Marlton joined the strike.")
    #expect(found.contains { $0.text == "Marlton" && $0.label == "LOC" })
    let sure = try entities("He served in Congress for years.")
    #expect(sure.contains { $0.text == "Congress" && $0.label == "ORG" })
  }

  @Test func aPlacesChamberIsAnOrganisation() throws {
    let found = try entities("Indiana House Speaker Brian Bosma spoke. The Ohio Senate voted.")
    #expect(found.contains { $0.text == "Indiana House" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Ohio Senate" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Brian Bosma" && $0.label == "PERSON" })
  }

  @Test func arabicGroupNamesAreOrganisations() throws {
    let found = try entities(
      "Fighters of Jaish al-Islam and Maghawir al Thawra attacked, officials said.")
    #expect(found.contains { $0.text == "Jaish al-Islam" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Maghawir al Thawra" && $0.label == "ORG" })
  }
}
