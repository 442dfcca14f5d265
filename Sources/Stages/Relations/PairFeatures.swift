import Pipeline

/// Candidate entity pairs of one sentence and the features ``PairClassifier`` scores them by:
/// the two labels and their order, the token distance, the words between (all of them, the
/// first and the last), the words just outside, the names and commas between, and what the
/// rules found for the pair. Features are strings ("T=PERSON>ORG", "B=visited"); the
/// relations stage and `nlpipe train relations` build them the same way.
package enum PairFeatures {
  /// Entity labels that may be a typed relation's argument.
  static let argumentLabels: Set<String> = ["PERSON", "ORG", "LOC", "MISC"]
  /// Pairs with more tokens than this between them are no candidates.
  static let maxGap = 30

  /// One ordered candidate pair: document entity indices and features.
  package struct Candidate {
    package var head: Int
    package var tail: Int
    package var features: [String]
  }

  /// Every ordered pair of argument entities of a sentence (tokens `tokenRange`, entities
  /// `entityRange` of `document`) at most `maxGap` tokens apart, with `rules` the typed
  /// relations the rule book found in the sentence.
  package static func candidates(
    in document: Document, tokenRange: Range<Int>, entityRange: Range<Int>, rules: [Relation]
  ) -> [Candidate] {
    var verdicts: [Int: [Int: String]] = [:]
    for relation in rules {
      verdicts[relation.head, default: [:]][relation.tail] = relation.relation
    }
    let tokens = document.tokens[tokenRange]
    let arguments = entityRange.filter {
      argumentLabels.contains(document.entities[$0].label)
    }
    // Token positions (in `tokens`) of each argument: the first token it starts in and the
    // first token after it.
    var firstToken: [Int: Int] = [:]
    var endToken: [Int: Int] = [:]
    for index in arguments {
      let entity = document.entities[index]
      firstToken[index] = tokens.firstIndex { $0.end > entity.start } ?? tokens.endIndex
      endToken[index] = tokens.firstIndex { $0.start >= entity.end } ?? tokens.endIndex
    }
    var result: [Candidate] = []
    for head in arguments {
      for tail in arguments where tail != head {
        let (left, right) = head < tail ? (head, tail) : (tail, head)
        guard let from = endToken[left], let to = firstToken[right], from <= to,
          to - from <= maxGap
        else { continue }
        var features = [String]()
        let forward = head < tail
        let labels =
          document.entities[head].label + (forward ? ">" : "<") + document.entities[tail].label
        features.append("T=" + labels)
        features.append("D=\(bucket(to - from))|" + labels)
        var commas = 0
        var names = 0
        for position in from..<to {
          let word = self.word(document, tokens[position])
          if word == "," { commas += 1 }
          features.append("B=" + word)
          features.append("BT=" + labels + "|" + word)
        }
        for index in arguments where index != head && index != tail {
          let start = document.entities[index].start
          if start >= document.entities[left].end && start < document.entities[right].start {
            names += 1
          }
        }
        if from < to {
          features.append("B1=" + labels + "|" + word(document, tokens[from]))
          features.append("BL=" + labels + "|" + word(document, tokens[to - 1]))
        } else {
          features.append("B0=" + labels)
        }
        if let start = firstToken[left], start > tokens.startIndex {
          features.append("L=" + labels + "|" + word(document, tokens[start - 1]))
        }
        if let end = endToken[right], end < tokens.endIndex {
          features.append("R=" + labels + "|" + word(document, tokens[end]))
        }
        features.append("C=\(min(commas, 3))|" + labels)
        features.append("N=\(min(names, 2))|" + labels)
        let verdict = verdicts[head]?[tail] ?? "none"
        let reverse = verdicts[tail]?[head] ?? "none"
        features.append("V=" + verdict)
        features.append("VT=" + verdict + "|" + labels)
        features.append("VR=" + reverse)
        result.append(Candidate(head: head, tail: tail, features: features))
      }
    }
    return result
  }

  /// A token's word for features: lower-cased, digits as `0`.
  static func word(_ document: Document, _ token: Token) -> String {
    var word = ""
    for character in document.slice(token.start, token.end).lowercased() {
      word.append(character.isNumber ? "0" : character)
    }
    return word
  }

  /// Distance buckets: 0, 1, 2, 3, 4-5, 6-8, 9-12, 13+ tokens.
  static func bucket(_ distance: Int) -> Int {
    switch distance {
    case 0...3: return distance
    case 4...5: return 4
    case 6...8: return 6
    case 9...12: return 9
    default: return 13
    }
  }
}
