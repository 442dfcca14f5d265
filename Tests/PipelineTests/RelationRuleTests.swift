import Foundation
import Pipeline
import Testing

@testable import Stages

@Suite struct RelationRuleTests {
  typealias T = RelationTestSupport

  @Test func roleFromDemonymTitleName() throws {
    let found = try T.triples("[Israeli|MISC] Defense Minister [Benny Gantz|PERSON] arrived.")
    #expect(found == ["Benny Gantz role_in Israel [Defense Minister]"])
  }

  @Test func roleFromPossessiveState() throws {
    let found = try T.triples("He thanked [Azerbaijan|LOC]'s President [Ilham Aliyev|PERSON].")
    #expect(found == ["Ilham Aliyev role_in Azerbaijan [President]"])
  }

  @Test func roleFromCurlyPossessive() throws {
    let found = try T.triples("He thanked [Azerbaijan|LOC]’s President [Ilham Aliyev|PERSON].")
    #expect(found == ["Ilham Aliyev role_in Azerbaijan [President]"])
  }

  @Test func roleFromAppositive() throws {
    let found = try T.triples("[Michael Tuchin|PERSON], president of [AIPAC|ORG], spoke.")
    #expect(found == ["Michael Tuchin role_in AIPAC [president]"])
  }

  @Test func roleFromTitleOfOrganisationThenName() throws {
    let found = try T.triples(
      "the president of the [American Israel Public Affairs Committee|ORG] ([AIPAC|ORG]), [Michael Tuchin|PERSON], traveled."
    )
    #expect(
      found.contains("Michael Tuchin role_in American Israel Public Affairs Committee [president]"))
  }

  @Test func metWithIsSymmetricAndCoordinated() throws {
    let found = try T.triples(
      "[Israeli|MISC] Defense Minister [Benny Gantz|PERSON] met with [Aliyev|PERSON|Ilham Aliyev] and his [Azeri|MISC] Defense Minister [Zakir Hasanov|PERSON] in [Baku|LOC] in October."
    )
    #expect(found.contains("Benny Gantz met_with Ilham Aliyev"))
    #expect(found.contains("Benny Gantz met_with Zakir Hasanov"))
    #expect(found.contains("Zakir Hasanov role_in Azerbaijan [Defense Minister]"))
    #expect(found.contains("Benny Gantz visited Baku"))
    // Symmetric: the same pair written the other way round in one sentence is one relation.
    let both = try T.triples(
      "[Gantz|PERSON] met with [Aliyev|PERSON] after a meeting between [Aliyev|PERSON] and [Gantz|PERSON]."
    )
    #expect(both == ["Gantz met_with Aliyev"])
  }

  @Test func visitVerbNounAndNegation() throws {
    #expect(
      try T.triples("[Gantz|PERSON] visited [Azerbaijan|LOC] last October.") == [
        "Gantz visited Azerbaijan"
      ])
    #expect(try T.triples("[Gantz|PERSON] traveled to [Baku|LOC].") == ["Gantz visited Baku"])
    #expect(
      try T.triples("[Gantz|PERSON]'s unexpected visit to [Baku|LOC] was a surprise.") == [
        "Gantz visited Baku"
      ])
    #expect(try T.triples("[Gantz|PERSON] did not visit [Baku|LOC].").isEmpty)
    #expect(try T.triples("[Gantz|PERSON] has never traveled to [Baku|LOC].").isEmpty)
    #expect(
      try T.triples("[Gantz|PERSON] said [Aliyev|PERSON] visited [Baku|LOC].") == [
        "Aliyev visited Baku"
      ])
  }

  @Test func invisibleMarksDoNotBreakTitles() throws {
    let found = try T.triples("[Iraqi|MISC] Prime Minister\u{200E} [Haider al-Abadi|PERSON] spoke.")
    #expect(found == ["Haider al-Abadi role_in Iraq [Prime Minister\u{200E}]"])
  }

  @Test func visitWithCoordinatedHeads() throws {
    let found = try T.triples(
      "Both Prime Minister [Benjamin Netanyahu|PERSON] and President [Shimon Peres|PERSON] have traveled to [Azerbaijan|LOC]."
    )
    #expect(found == ["Benjamin Netanyahu visited Azerbaijan", "Shimon Peres visited Azerbaijan"])
  }

  @Test func embassyOpenedAndNegated() throws {
    #expect(
      try T.triples("[Azerbaijan|LOC] decided today to open an embassy in [Tel Aviv|LOC].")
        == ["Azerbaijan embassy_in Tel Aviv"])
    #expect(
      try T.triples("[Israel|LOC] opened an embassy in [Baku|LOC] in 1993.")
        == ["Israel embassy_in Baku"])
    #expect(
      try T.triples("[Azerbaijan|LOC] abstained from opening an embassy in [Tel Aviv|LOC].").isEmpty
    )
    #expect(
      try T.triples("[Azerbaijan|LOC] doesn't yet have an embassy in [Israel|LOC].").isEmpty)
  }

  @Test func locatedIn() throws {
    #expect(
      try T.triples("a land route through [Armenia|LOC]'s [Syunik|LOC] province.")
        == ["Syunik located_in Armenia"])
    #expect(
      try T.triples("[SOCAR|ORG], the oil company from [Azerbaijan|LOC], is taking part.")
        == ["SOCAR located_in Azerbaijan"])
    #expect(
      try T.triples("The meeting took place in [Rome|LOC], [Italy|LOC].") == [
        "Rome located_in Italy"
      ])
    #expect(try T.triples("attacks in [Qamenas|LOC], [Sarmin|LOC] and [Talamenes|LOC].").isEmpty)
  }

  @Test func memberOf() throws {
    #expect(
      try T.triples("[Turkey|LOC], a member of [NATO|ORG], objected.") == ["Turkey member_of NATO"])
    #expect(
      try T.triples("[Booker|PERSON] was assigned to [2nd Battalion|ORG].")
        == ["Booker member_of 2nd Battalion"])
  }

  @Test func fightsIsSymmetricAndNegatable() throws {
    #expect(
      try T.triples(
        "[Syrian opposition forces|ORG] liberated the town of [Dabiq|LOC] from [ISIL|ORG] control.")
        == ["Syrian opposition forces fights ISIL"])
    #expect(
      try T.triples(
        "an end to the [Asad regime|ORG]'s escalating attacks on [Aleppo|LOC] and [Daraya|LOC].")
        == ["Asad regime fights Aleppo", "Asad regime fights Daraya"])
    #expect(try T.triples("[Israel|LOC] has never attacked [Azerbaijan|LOC].").isEmpty)
  }

  @Test func demonymsResolveToStates() throws {
    var document = T.document("[Azeri|MISC] officials met [Israeli|MISC] diplomats.")
    try T.stage().process(&document)
    #expect(document.entities.map { $0.canonical } == ["Azerbaijan", "Israel"])
    var marked = T.document(
      "[then-Israeli|MISC] premier and [Israeli-made|MISC|Israeli-made] drones")
    try T.stage().process(&marked)
    #expect(marked.entities.map { $0.canonical } == ["Israel", "Israel"])
  }

  @Test func evidenceSlicesTheMatchedText() throws {
    var document = T.document("Yesterday [Gantz|PERSON] visited [Baku|LOC] again.")
    try T.stage().process(&document)
    let relation = try #require(document.relations.first)
    let start = try #require(relation.evidenceStart)
    let end = try #require(relation.evidenceEnd)
    #expect(document.slice(start, end) == "Gantz visited Baku")
    #expect(relation.sentence == 0)
    #expect(relation.rule == "visit.verb")
  }

  @Test func openTriples() throws {
    let found = try T.triples(
      "[Israel|LOC] buys oil from [Azerbaijan|LOC] and [Azerbaijan|LOC] buys [Israeli|MISC] weapons.",
      config: .init(open: true))
    #expect(found == ["Israel open Azerbaijan {buys oil from}"])
    let none = try T.triples(
      "[Israel|LOC] and [Azerbaijan|LOC] did not sign anything.", config: .init(open: true))
    #expect(none.isEmpty)
  }

  @Test func overlongSentencesAreSkippedWithAWarning() throws {
    let filler = Array(repeating: "word", count: 40).joined(separator: " ")
    var document = T.document("[Gantz|PERSON] visited [Baku|LOC] \(filler).")
    try T.stage(.init(open: false, maxSentenceTokens: 20)).process(&document)
    #expect(document.relations.isEmpty)
    #expect(document.warnings.count == 1)
  }

  @Test func badAnnotationsDoNotCrash() throws {
    var document = T.document("[Gantz|PERSON] visited [Baku|LOC].")
    document.entities.append(Entity(start: 500, end: 400, label: "LOC", origin: "test"))
    document.entities.append(Entity(start: 0, end: 900, label: "PERSON", origin: "test"))
    document.tokens.append(Token(start: 800, end: 900))
    try T.stage(.init(open: true)).process(&document)
    #expect(document.relations.count <= 2)
  }

  @Test func minConfidenceFilters() throws {
    let markup =
      "[Ilham Aliyev|PERSON] visited [Jabrayil|LOC].\n[Israel|LOC] buys oil from [Azerbaijan|LOC]."
    let all = try T.triples(markup, config: .init(open: true))
    let confident = try T.triples(markup, config: .init(open: true, minConfidence: 0.7))
    #expect(all.contains("Israel open Azerbaijan {buys oil from}"))
    #expect(confident == ["Ilham Aliyev visited Jabrayil"])
  }
}
