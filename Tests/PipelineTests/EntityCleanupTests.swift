import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// The clean-up of model spans and the per-document label vote, through the real sentence
/// splitter and tokenizer and the bundled model (typographic quotes and apostrophes as they
/// come in web text).
@Suite struct EntityCleanupTests {
  static let sentences: SentencesStage? = {
    var reader = ConfigReader.describing("sentences")
    guard let config = try? SentencesStage.Config(reading: &reader) else { return nil }
    return try? SentencesStage(
      config: config,
      context: StageContext(
        baseDirectory: URL(fileURLWithPath: "/tmp"), pipelineName: "test", jobs: 1))
  }()

  func entities(_ text: String) throws -> [(text: String, label: String, entity: Entity)] {
    let sentences = try #require(Self.sentences)
    let stage = try #require(EntitiesTests.stage)
    var document = Document(id: "d", location: "d.txt", format: .text, source: text)
    try sentences.process(&document)
    try stage.process(&document)
    return document.entities.map { (document.slice($0), $0.label, $0) }
  }

  @Test func curlyPossessiveAndQuotesStayOutOfNames() throws {
    let found = try entities(
      "On Friday, Iran’s Ministry of Foreign Affairs criticized the display. “Israel and Azerbaijan share the same values,” he said."
    )
    #expect(found.contains { $0.text == "Iran" && $0.label == "LOC" })
    #expect(found.contains { $0.text == "Ministry of Foreign Affairs" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Israel" && $0.label == "LOC" })
    for entity in found {
      #expect(!entity.text.hasPrefix("’") && !entity.text.hasPrefix("“"))
      #expect(!entity.text.hasSuffix("’s") && !entity.text.hasSuffix("."))
    }
  }

  @Test func sentenceOpeningConnectivesAreNotNames() throws {
    let found = try entities(
      "Therefore, the country agreed to sign. Moreover, Iran said no. Unlike Tehran, Baku did not."
    )
    #expect(
      !found.contains { ["Therefore", "Moreover", "Unlike", "Unlike Tehran"].contains($0.text) })
    #expect(found.contains { $0.text == "Iran" && $0.label == "LOC" })
    #expect(found.contains { $0.text == "Tehran" && $0.label == "LOC" })
  }

  @Test func titlesAreSplitFromNames() throws {
    let found = try entities(
      "Azerbaijan condemned remarks made by Iranian Army commander Kiumars Heydari on Monday. In Turkey, Special Advisor Thames will deliver remarks."
    )
    #expect(found.contains { $0.text == "Kiumars Heydari" && $0.label == "PERSON" })
    #expect(!found.contains { $0.text.contains("commander") })
    #expect(found.contains { $0.text == "Thames" && $0.label == "PERSON" })
    let dermer = try entities(
      "The visit was arranged by Strategic Affairs Minister Ron Dermer and his staff.")
    #expect(dermer.contains { $0.text == "Ron Dermer" && $0.label == "PERSON" })
    #expect(!dermer.contains { $0.text.contains("Minister") })
  }

  @Test func bundledOrganisationNamesJoinAndWin() throws {
    let found = try entities(
      "On December 11, the president of the American Israel Public Affairs Committee, Michael Tuchin, arrived. SOCAR signed the deal."
    )
    let aipac = try #require(found.first { $0.text == "American Israel Public Affairs Committee" })
    #expect(aipac.label == "ORG")
    #expect(found.contains { $0.text == "SOCAR" && $0.label == "ORG" })
  }

  @Test func placeBeforeAPlaceNoun() throws {
    let found = try entities("In 2021, President Ilham Aliyev visited Jabrayil district.")
    #expect(found.contains { $0.text == "Jabrayil" && $0.label == "LOC" })
  }

  @Test func aNamesLastWordDecidesPlaceOrOrganisation() throws {
    let found = try entities(
      "With the recent liberation of Fallujah and other parts of Anbar Province in Iraq, the Iraqi Army moved on. In Turkey Minister Ellwood met with the Syrian National Coalition. The airmen flew to Incirlik Air Base."
    )
    #expect(found.contains { $0.text == "Anbar Province" && $0.label == "LOC" })
    #expect(found.contains { $0.text == "Iraqi Army" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Syrian National Coalition" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Incirlik Air Base" && $0.label == "LOC" })
  }

  @Test func aMiddleInitialMakesAPersonButNotACompany() throws {
    let found = try entities(
      "We mourn the loss of Navy Special Warfare Operator 1st Class Charles H. Keating IV, who was killed yesterday. Analysts at Edward D. Jones & Co. said the shares were cheap."
    )
    #expect(found.contains { $0.text.hasSuffix("Charles H. Keating IV") && $0.label == "PERSON" })
    #expect(found.contains { $0.text == "Edward D. Jones & Co." && $0.label == "ORG" })
  }

  @Test func namesThatStartWithANonASCIICapital() throws {
    let found = try entities(
      "Turkish Foreign Minister Mevlüt Çavuşoğlu met Azerbaijani President İlham Əliyev in Şuşa. Çavuşoğlu said the talks went well. Ömer Çelik also visited Ağdam."
    )
    #expect(found.contains { $0.text == "Mevlüt Çavuşoğlu" && $0.label == "PERSON" })
    #expect(found.contains { $0.text == "İlham Əliyev" && $0.label == "PERSON" })
    #expect(found.contains { $0.text == "Ömer Çelik" && $0.label == "PERSON" })
    #expect(
      found.contains { $0.text == "Şuşa" && $0.label == "LOC" && $0.entity.canonical == "Shusha" })
    #expect(found.contains { $0.text == "Ağdam" && $0.label == "LOC" })
    // The short name links to the full one.
    #expect(
      found.contains { $0.text == "Çavuşoğlu" && $0.entity.canonical == "Mevlüt Çavuşoğlu" })
  }

  @Test func bornWordsAreNationalities() throws {
    let found = try entities(
      "Abu Musab al-Zarqawi was the leader of Al Qaeda in Iraq, Jordanian-born and feared.")
    #expect(!found.contains { $0.text == "Jordanian-born" && $0.label == "LOC" })
  }

  @Test func oneLabelPerNameInADocument() {
    var entities = [
      Entity(start: 0, end: 6, label: "LOC", origin: "model", confidence: 0.9),
      Entity(start: 10, end: 16, label: "PERSON", origin: "model", confidence: 0.4),
      Entity(start: 19, end: 27, label: "PERSON", origin: "model", confidence: 0.3),
      Entity(start: 28, end: 34, label: "ORG", origin: "user", confidence: 1),
    ]
    let text = "Sinjar is Sinjar's Sinjar's Sinjar ok"
    LabelVote.apply(&entities, text: text)
    #expect(entities.map(\.label) == ["LOC", "LOC", "LOC", "ORG"])
    // A tie keeps the earlier-sorted label, deterministically; other names are untouched.
    var other = [
      Entity(start: 0, end: 6, label: "LOC", origin: "model", confidence: 0.5),
      Entity(start: 7, end: 13, label: "ORG", origin: "model", confidence: 0.5),
      Entity(start: 14, end: 19, label: "PERSON", origin: "model", confidence: 0.9),
    ]
    LabelVote.apply(&other, text: "Sinjar Sinjar Baku.")
    #expect(other.map(\.label) == ["LOC", "LOC", "PERSON"])
  }

  @Test func aLabelStatedByItsContextWinsTheVote() {
    var entities = [
      Entity(start: 0, end: 7, label: "PERSON", origin: "model", confidence: 0.9),
      Entity(start: 8, end: 15, label: "PERSON", origin: "model", confidence: 0.9),
      Entity(start: 16, end: 23, label: "ORG", origin: "model", confidence: 0.5),
    ]
    LabelVote.apply(
      &entities, text: "Ennahda Ennahda Ennahda members", byContext: [false, false, true])
    #expect(entities.map(\.label) == ["ORG", "ORG", "ORG"])
  }

  @Test func commonWordLexiconReadsWholeLowerCaseWords() {
    let words = FeatureExtractor.commonWords(
      in: [], texts: ["the cat and The dog, the café; the cat"], words: ["Therefore"])
    func hash(_ word: String) -> UInt64 {
      FeatureExtractor.commonWords(in: [], words: [word]).first ?? 0
    }
    #expect(words.contains(hash("the")))
    #expect(words.contains(hash("cat")))
    #expect(!words.contains(hash("dog")))  // once only
    #expect(!words.contains(hash("caf")))  // part of "café"
    #expect(words.contains(hash("therefore")))
  }
}

extension EntityCleanupTests {
  @Test func militaryUnitNamesAreOrganisations() throws {
    let found = try entities(
      "Booker was assigned to 2nd Battalion, 5th Special Forces Group, Fort Campbell, Kentucky. He finished 3rd in the race."
    )
    #expect(found.contains { $0.text == "2nd Battalion" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "5th Special Forces Group" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Fort Campbell" && $0.label == "LOC" })
    #expect(!found.contains { $0.text.hasPrefix("3rd") })
  }

  @Test func aTitleAloneIsNoName() throws {
    let found = try entities("Brig. Gen. Richard Coe said the strike was lawful.")
    #expect(!found.contains { $0.text == "Brig." })
  }

  @Test func aNameBeforeAdministrationIsAPerson() throws {
    let found = try entities(
      "The partnership is critical to Israel’s security but reportedly undervalued by the Biden administration."
    )
    #expect(found.contains { $0.text == "Biden" && $0.label == "PERSON" })
  }

  @Test func oneWordOrganisationsAndLowerCaseInitialNames() throws {
    let found = try entities(
      "The Israeli TV channel i24News published an article on Mossad and SOCAR, the oil company."
    )
    #expect(found.contains { $0.text == "i24News" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "Mossad" && $0.label == "ORG" })
    #expect(found.contains { $0.text == "SOCAR" && $0.label == "ORG" })
    // Lower-case initial names match only as written.
    #expect(
      try !entities("the i24news channel").contains { $0.text == "i24news" && $0.label == "ORG" })
  }

  @Test func namesDoNotEndInAnAdverb() throws {
    let found = try entities("The Iranian MFA unexpectedly summoned the ambassador.")
    #expect(!found.contains { $0.text.hasSuffix("unexpectedly") })
  }
}
