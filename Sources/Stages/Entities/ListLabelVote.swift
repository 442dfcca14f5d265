import Pipeline

/// One label per list: names coordinated in one sentence ("Astrobotic, Deep Space Systems,
/// Draper, Firefly Aerospace and Lockheed Martin") are things of one kind, so in a list of
/// at least ``minimumMembers`` names where all but one share a label, the odd model name
/// takes that label. Members are named entities (PERSON, ORG, LOC, MISC) separated only by
/// ",", "and", "or", ", and" or ", or"; a name in parentheses right after a member ("Sierra
/// Nevada Corporation (SNC), SpaceX") is skipped, not a member. Shorter lists are left
/// alone: "Greenbelt, Maryland, and American University" mixes places and an organisation.
/// Names from the bundled or the user's lists, and labels a construction gave
/// (`byContext`), vote but never change; a relabelled name is marked as labelled by its
/// construction, so its other mentions in the document take the list's label
/// (``LabelVote``).
enum ListLabelVote {
  /// The fewest members of a list whose odd name is relabelled.
  static let minimumMembers = 4

  /// Relabels the odd model name of each list among one sentence's entities (sorted by
  /// start, as ``EntityTagger`` returns them).
  static func apply(
    _ entities: inout [Entity], byContext: inout [Bool], text: UnsafeBufferPointer<UInt8>
  ) {
    let named = entities.indices.filter { LabelVote.labels.contains(entities[$0].label) }
    var list: [Int] = []
    var position = 0
    while position < named.count {
      let index = named[position]
      guard let last = list.last else {
        list = [index]
        position += 1
        continue
      }
      if isSeparator(text, from: entities[last].end, to: entities[index].start) {
        list.append(index)
        position += 1
        continue
      }
      // "Sierra Nevada Corporation (SNC), SpaceX": skip the name in parentheses.
      if position + 1 < named.count,
        trimmed(text, from: entities[last].end, to: entities[index].start).elementsEqual([0x28])
      {
        let next = named[position + 1]
        let after = trimmed(text, from: entities[index].end, to: entities[next].start)
        if after.first == 0x29, isSeparator(after.dropFirst()) {
          list.append(next)
          position += 2
          continue
        }
      }
      relabel(list, &entities, &byContext)
      list = []
    }
    relabel(list, &entities, &byContext)
  }

  /// Gives the odd member of a long enough list the label all the others share.
  private static func relabel(
    _ list: [Int], _ entities: inout [Entity], _ byContext: inout [Bool]
  ) {
    guard list.count >= minimumMembers else { return }
    var counts: [String: Int] = [:]
    for index in list { counts[entities[index].label, default: 0] += 1 }
    guard let label = counts.first(where: { $0.value == list.count - 1 })?.key else { return }
    for index in list where entities[index].label != label {
      let decided = index < byContext.count && byContext[index]
      guard entities[index].origin == "model", !decided else { continue }
      entities[index].label = label
      if index < byContext.count { byContext[index] = true }
    }
  }

  /// The bytes in `from..<to` without surrounding ASCII spaces.
  private static func trimmed(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int)
    -> ArraySlice<UInt8>
  {
    guard from <= to, to <= text.count else { return [] }
    var slice = ArraySlice(text[from..<to])
    while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
    while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
    return slice
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
  }

  private static func isSeparator(_ text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
    isSeparator(trimmed(text, from: from, to: to))
  }

  /// Whether the bytes (already without spaces at their ends) are ",", "and", "or", ", and"
  /// or ", or".
  private static func isSeparator(_ gap: ArraySlice<UInt8>) -> Bool {
    var rest = gap
    while let first = rest.first, isSpace(first) { rest = rest.dropFirst() }
    if rest.elementsEqual([0x2C]) { return true }
    if rest.first == 0x2C {
      rest = rest.dropFirst()
      while let first = rest.first, isSpace(first) { rest = rest.dropFirst() }
    }
    return rest.elementsEqual(Array("and".utf8)) || rest.elementsEqual(Array("or".utf8))
  }
}
