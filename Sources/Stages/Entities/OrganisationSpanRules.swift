import Pipeline

/// Organisations named by their construction: Arabic and Persian group names ("Ansar
/// al-Sharia"), and the words of an organisation's roles that mark the name before them
/// ("Salesforce founder"; used by `EntityPasses.addOrganisationsBeforeRoles`).
extension EntityTagger {
  /// Lower-cased hashes of roles in an organisation written in lower case after its name
  /// ("Salesforce founder", "Wikileaks editor-in-chief"; see
  /// `EntityPasses.addOrganisationsBeforeRoles`).
  static let organisationRoles = FeatureExtractor.commonWords(
    in: [],
    words: [
      "founder", "co-founder", "cofounder", "editor", "editor-in-chief", "executive", "chairman",
      "chairwoman", "ceo", "director", "spokesman", "spokeswoman", "spokesperson", "president",
      "correspondent", "reporter", "analyst", "researcher", "engineer", "employee",
    ])

  /// Capitalised first words of armed groups' and movements' names in Arabic and Persian
  /// ("Ansar al-Sharia", "Jaish al-Islam", "Maghawir al-Thawra", "Kataib Hezbollah"): they
  /// mean "supporters", "army", "front", "commandos", "brigades", and the name is an ORG.
  static let organisationLeads = FeatureExtractor.commonWords(
    in: [],
    words: [
      "ansar", "jaish", "jaysh", "jabhat", "harakat", "hayat", "hay'at", "liwa", "kataib",
      "kata'ib", "saraya", "asaib", "asa'ib", "maghawir", "jamaat", "jama'at", "hizb", "faylaq",
      "quwat", "tanzim",
    ])

  /// A span starting with an Arabic group word as an ORG, with the article-prefixed words
  /// right after it that the model left out ("Ansar" + "al-Sharia"; "Jaish al-Islam").
  func arabicGroupName(
    _ span: ModelSpan, _ text: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<Token>
  ) -> ModelSpan {
    var group = span
    group.label = "ORG"
    let base = tokens.startIndex
    while group.end < tokens.count, group.end - group.first < 5 {
      let token = tokens[base + group.end]
      let bytes = text[token.start..<token.end]
      let prefixed =
        bytes.count > 3
        && (bytes.starts(with: Array("al-".utf8)) || bytes.starts(with: Array("el-".utf8)))
      let article =
        bytes.elementsEqual(Array("al".utf8)) && group.end + 1 < tokens.count
        && FeatureExtractor.startsUppercase(
          text, tokens[base + group.end + 1].start, tokens[base + group.end + 1].end)
      if prefixed {
        group.end += 1
      } else if article {
        group.end += 2
      } else {
        break
      }
    }
    return group
  }
}
