import Foundation
import Testing

@testable import Pipeline
@testable import Stages

/// "City, ST" (``PostalCodePlaces``): the place and the postal abbreviation typed LOC, marked as
/// found by rule and left out of the group classifier's name groups. Made-up texts through the
/// real sentence splitter and tokenizer, with the model's names given by the test.
@Suite struct EntityPostalCodePlaceTests {
  /// The names kept by ``PostalCodePlaces/apply(_:text:tokens:)``, in order, with their labels.
  func kept(_ text: String, names: [(String, String)]) throws -> [String] {
    try EntityDocumentPassHelper().kept(text, names: names) { entities, text, tokens in
      PostalCodePlaces.apply(&entities, text: text, tokens: tokens)
    }
  }

  @Test func aPlaceAndItsPostalCodeAreTypedLOC() throws {
    // The model's place typed ORG or PERSON, its code ORG or not found.
    #expect(
      try kept(
        "August 4 – Cincinnati, OH @ Riverbend Music Center\nJune 27 – Camden, NJ @ BB&T Pavilion",
        names: [("Cincinnati", "ORG"), ("OH", "ORG"), ("Camden", "PERSON")])
        == ["Cincinnati LOC", "OH LOC", "Camden LOC", "NJ LOC"])
    // In running text, before a lower-case word, a comma or a ZIP code.
    #expect(
      try kept(
        "The show moves to Mountain View, CA for a night. It ends in Harrisburg, PA, in May.",
        names: [("Mountain View", "ORG")])
        == ["Mountain View LOC", "CA LOC", "Harrisburg LOC", "PA LOC"])
    #expect(
      try kept("Write to Dayton, OH 45402 today.", names: []) == ["Dayton LOC", "OH LOC"])
  }

  @Test func aPlaceTheModelMissedIsTheRunOfCapitalisedWordsBeforeTheComma() throws {
    #expect(
      try kept("June 30 – Wantagh, NY\nJuly 22 – Cuyahoga Falls, OH", names: [])
        == ["Wantagh LOC", "NY LOC", "Cuyahoga Falls LOC", "OH LOC"])
    // An opening function word is no part of it.
    #expect(try kept("In Tampa, FL the tour starts.", names: []) == ["Tampa LOC", "FL LOC"])
  }

  @Test func aPlaceCutShortTakesTheCapitalisedWordsBeforeIt() throws {
    #expect(
      try kept("June 9 – West Palm Beach, FL @ Coral Sky", names: [("Palm Beach", "PERSON")])
        == ["West Palm Beach LOC", "FL LOC"])
  }

  @Test func noPlaceWhereTheCodeIsNoCode() throws {
    // A degree after a person's full name.
    #expect(
      try kept(
        "says Katie Allen, MD. She agrees.", names: [("Katie Allen", "PERSON")])
        == ["Katie Allen PERSON"])
    // A list of degrees, a capitalised word going on, capitals before the comma, no space.
    #expect(
      try kept("says Anna Berg, MD, PhD, today.", names: [("Anna Berg", "PERSON")])
        == ["Anna Berg PERSON"])
    #expect(try kept("Salem, OR Smith said.", names: []) == [])
    #expect(try kept("ATLANTA, GA - Rain fell.", names: []) == [])
    #expect(try kept("Portland,OR is wet.", names: []) == [])
    // No comma, or a word that is no postal code.
    #expect(try kept("Portland OR Salem.", names: []) == [])
    #expect(try kept("Paris, XY is far.", names: []) == [])
  }

  @Test func itsMentionsAreInNoNameGroup() {
    let text = Array("Cincinnati, OH and Acme".utf8)
    let entities = [
      Entity(start: 0, end: 10, label: "LOC", origin: PostalCodePlaces.origin),
      Entity(start: 12, end: 14, label: "LOC", origin: PostalCodePlaces.origin),
      Entity(start: 19, end: 23, label: "ORG", origin: "model"),
    ]
    #expect(EntityGroup.groups(of: entities, text: text).map(\.name) == ["Acme"])
  }
}
