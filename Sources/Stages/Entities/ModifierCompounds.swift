import Pipeline

/// A name joined by a hyphen to a lower-case word is a modifier, not a name of its own: in
/// "Amazon-owned Whole Foods", "the Trump-era tariffs", "a Sugar Land-based provider" or "the
/// NBA-leading Lakers" the name is the part before the hyphen. A model name holding such a
/// token is cut there (``apply(_:text:tokens:)``): the words up to the hyphen are the name,
/// labelled as the document's other mentions of it are, a PERSON, ORG or LOC (a "-based"
/// place is a LOC, as a one-token "London-based" is; a nationality is left alone), and the words after the token, if any, are a name of their
/// own when they start with a capital ("Kroger-owned QFC": "Kroger" and "QFC"). A name whose
/// part before the hyphen the document names nowhere else stays as it is: it may be written
/// so ("Moon Jae-in", "Kim Jong-un"), or be a word the model took for one ("Oscar-winning").
enum ModifierCompounds {
  /// The entities with each such model name cut at its modifier token. `tokens` are the
  /// document's; the entities are those after the document's label vote.
  static func apply(_ entities: inout [Entity], text: UnsafeBufferPointer<UInt8>, tokens: [Token]) {
    // Most documents have no such name: nothing more to do for them.
    let found = EntityParts.modelNames(in: entities) {
      compound(in: $0, text: text, tokens: tokens)
    }
    guard !found.isEmpty else { return }
    let names = DocumentNameLabels(
      entities, text: text, wanted: found.flatMap { [$0.1.name] + ($0.1.rest.map { [$0] } ?? []) })
    func label(_ range: Range<Int>) -> String? { names.label(range, text) }
    var replacements: [Int: [Entity]] = [:]
    for (index, compound) in found {
      let entity = entities[index]
      // A nationality before the hyphen ("Brazilian-born", "British-ruled") is a word of its
      // own (MISC), as CoNLL tags the whole token.
      guard let name = label(compound.name) ?? (compound.based ? "LOC" : nil), name != "MISC"
      else { continue }
      var parts = [EntityParts.part(compound.name, name, of: entity)]
      if let rest = compound.rest {
        parts.append(EntityParts.part(rest, label(rest) ?? entity.label, of: entity))
      }
      replacements[index] = parts
    }
    EntityParts.replace(&entities, by: replacements)
  }

  /// A model name's modifier: the byte range of the name before the hyphen, whether the
  /// lower-case word is "based", and the byte range of the words after the token, if any.
  struct Compound: Equatable {
    var name: Range<Int>
    var based: Bool
    var rest: Range<Int>?
  }

  static let based = Array("based".utf8)

  /// The first token of `entity` written as a capitalised word of two or more letters (with
  /// full stops or hyphens: "U.S.", "Coca-Cola"), a hyphen and a word of two or more lower-case
  /// letters ("Amazon-owned", "Land-based"), as a ``Compound``; `nil` when it has none.
  static func compound(in entity: Entity, text: UnsafeBufferPointer<UInt8>, tokens: [Token])
    -> Compound?
  {
    guard let first = CommonWordOpeners.tokenIndex(startingAt: entity.start, in: tokens) else {
      return nil
    }
    var position = first
    while position < tokens.count, tokens[position].end <= entity.end {
      let token = tokens[position]
      defer { position += 1 }
      guard let hyphen = text[token.start..<token.end].lastIndex(of: 0x2D),
        hyphen - token.start >= 2, token.end - hyphen > 2,
        ASCII.isUpper(text[token.start]),
        text[(hyphen + 1)..<token.end].allSatisfy(ASCII.isLower),
        text[token.start..<hyphen].allSatisfy({ ASCII.isLetter($0) || $0 == 0x2E || $0 == 0x2D })
      else { continue }
      let rest =
        position + 1 < tokens.count && tokens[position + 1].end <= entity.end
          && ASCII.isUpper(text[tokens[position + 1].start])
        ? tokens[position + 1].start..<entity.end : nil
      return Compound(
        name: entity.start..<hyphen,
        based: text[(hyphen + 1)..<token.end].elementsEqual(based), rest: rest)
    }
    return nil
  }
}
