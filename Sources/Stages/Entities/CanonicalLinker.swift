import Pipeline

/// Gives each entity a canonical name within its document.
///
/// * Names a gazetteer knows link to its canonical form ("Türkiye" -> "Turkey", "U.S." ->
///   "United States"); demonyms get a `country` attribute.
/// * A person mention whose words all occur, in order, at the end of a longer person name in
///   the same document links to that name ("Aliyev" -> "Ilham Aliyev"); a single-word model
///   mention tagged otherwise that equals a known person's surname becomes PERSON.
/// * An organisation mention that is the acronym of a longer organisation in the document
///   links to it ("IDF" -> "Israel Defense Forces"); a single-word model mention tagged
///   PERSON or LOC, not a gazetteer name nor a known person's surname, that is the first word
///   of a longer organisation becomes that organisation ("Tyvak" -> "Tyvak Nano-Satellite
///   Systems").
/// * Otherwise the canonical name is the mention's own text, without a trailing possessive.
struct CanonicalLinker: Sendable {
  let gazetteer: Gazetteer

  func link(_ entities: inout [Entity], text: String) {
    let bytes = Array(text.utf8)
    var words: [[String]] = []
    for entity in entities {
      let surface = String(decoding: bytes[entity.start..<entity.end], as: UTF8.self)
      words.append(Self.words(surface))
    }
    // The first longer person name that ends with given words, and the first organisation
    // with a given acronym, in mention order: indexed once, so that linking is linear in the
    // number of mentions (a long document has thousands).
    var personBySuffix: [[String]: [String]] = [:]
    var organisationByAcronym: [String: [String]] = [:]
    var organisationByFirstWord: [String: [String]] = [:]
    for (index, entity) in entities.enumerated() where words[index].count > 1 {
      let name = words[index]
      if entity.label == "PERSON" {
        for length in 1..<name.count where personBySuffix[Array(name.suffix(length))] == nil {
          personBySuffix[Array(name.suffix(length))] = name
        }
      }
      if entity.label == "ORG", organisationByAcronym[Self.acronym(name)] == nil {
        organisationByAcronym[Self.acronym(name)] = name
      }
      if entity.label == "ORG", organisationByFirstWord[name[0]] == nil,
        name[0].first?.isUppercase == true
      {
        organisationByFirstWord[name[0]] = name
      }
    }
    for index in entities.indices {
      let mention = words[index]
      guard !mention.isEmpty else { continue }
      let label = entities[index].label
      if entities[index].canonical == nil, ["LOC", "ORG", "MISC"].contains(label),
        let entry = gazetteer.lookup(mention.joined(separator: " ")), entry.label == label
      {
        entities[index].canonical = entry.canonical
        if let country = entry.country, entry.kind == "demonym" {
          entities[index].attributes["country"] = country
        }
        continue
      }
      if label == "PERSON" || (mention.count == 1 && entities[index].origin == "model") {
        if let full = personBySuffix[mention] {
          entities[index].canonical = full.joined(separator: " ")
          entities[index].label = "PERSON"
          continue
        }
      }
      if label == "PERSON" || label == "LOC", mention.count == 1,
        entities[index].origin == "model", gazetteer.lookup(mention[0]) == nil,
        let full = organisationByFirstWord[mention[0]]
      {
        // A short form of a longer organisation ("Tyvak" of "Tyvak Nano-Satellite
        // Systems") that the model, seeing the word alone, took for a person or place.
        entities[index].canonical = full.joined(separator: " ")
        entities[index].label = "ORG"
        continue
      }
      if label == "ORG", mention.count == 1,
        let full = organisationByAcronym[mention[0]]
      {
        entities[index].canonical = full.joined(separator: " ")
        continue
      }
      if entities[index].canonical == nil {
        entities[index].canonical = mention.joined(separator: " ")
      }
    }
  }

  /// The words of a mention: whitespace-separated, with a trailing possessive removed.
  static func words(_ surface: String) -> [String] {
    var words = surface.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(
      String.init)
    if let last = words.last {
      for suffix in ["'s", "’s"] where last.hasSuffix(suffix) {
        let trimmed = String(last.dropLast(suffix.count))
        if trimmed.isEmpty { words.removeLast() } else { words[words.count - 1] = trimmed }
      }
    }
    return words
  }

  /// Initials of the capitalised words ("Israel Defense Forces" -> "IDF").
  static func acronym(_ words: [String]) -> String {
    String(words.compactMap { word in word.first.flatMap { $0.isUppercase ? $0 : nil } })
  }
}
