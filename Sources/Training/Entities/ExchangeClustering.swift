import Foundation

/// Word classes by the exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney 1998):
/// the partition of the vocabulary into `classes` classes that maximises the likelihood of
/// a class bigram model of the text, found by moving one word at a time to the class that
/// raises it most, over the words in order of frequency, until few words move. Words that
/// share their neighbours share a class: "Reuters" with other news agencies, "Tuesday" with
/// the other days, unseen surnames with the known ones they follow and precede. The same
/// objective as Brown clustering, without its hierarchy; deterministic (no random start).
struct ExchangeClustering {
  /// A corpus of word ids: `sentences` of ids in `0..<vocabulary`.
  let vocabulary: Int
  /// Bigram counts, per word: successors and predecessors with counts (sentence boundaries
  /// are the word `vocabulary`, which keeps its own class).
  private let successors: [[(word: Int32, count: Int32)]]
  private let predecessors: [[(word: Int32, count: Int32)]]
  /// Occurrences of each word as the left / right member of a bigram.
  private let leftCounts: [Int]
  private let rightCounts: [Int]
  /// `x log x` for every count up to the number of bigrams.
  private let xlogx: [Double]

  init(sentences: [[Int32]], vocabulary: Int) {
    self.vocabulary = vocabulary
    let boundary = Int32(vocabulary)
    var pairs: [Int64: Int32] = [:]
    var total = 0
    for sentence in sentences where !sentence.isEmpty {
      var previous = boundary
      for word in sentence + [boundary] {
        pairs[Int64(previous) << 32 | Int64(word), default: 0] += 1
        previous = word
        total += 1
      }
    }
    var successors = [[(word: Int32, count: Int32)]](repeating: [], count: vocabulary + 1)
    var predecessors = [[(word: Int32, count: Int32)]](repeating: [], count: vocabulary + 1)
    var left = [Int](repeating: 0, count: vocabulary + 1)
    var right = [Int](repeating: 0, count: vocabulary + 1)
    for (key, count) in pairs.sorted(by: { $0.key < $1.key }) {
      let first = Int(key >> 32)
      let second = Int(key & 0xFFFF_FFFF)
      successors[first].append((Int32(second), count))
      predecessors[second].append((Int32(first), count))
      left[first] += Int(count)
      right[second] += Int(count)
    }
    self.successors = successors
    self.predecessors = predecessors
    leftCounts = left
    rightCounts = right
    xlogx = (0...total).map { $0 > 0 ? Double($0) * log(Double($0)) : 0 }
  }

  /// The class (`0..<classes`) of every word `0..<vocabulary`; `order` lists the words by
  /// decreasing frequency (the first `classes - 1` start in classes of their own, the rest
  /// in the last class). `log` gets one line per pass.
  func cluster(classes: Int, order: [Int], passes: Int, log: (String) -> Void) -> [Int] {
    let count = classes + 1  // class `classes` holds the sentence boundary alone
    let boundaryClass = classes
    var assignment = [Int](repeating: classes - 1, count: vocabulary + 1)
    for (rank, word) in order.enumerated() where rank < classes - 1 { assignment[word] = rank }
    assignment[vocabulary] = boundaryClass
    var pairCounts = [Int](repeating: 0, count: count * count)
    var classLeft = [Int](repeating: 0, count: count)
    var classRight = [Int](repeating: 0, count: count)
    for word in 0...vocabulary {
      classLeft[assignment[word]] += leftCounts[word]
      classRight[assignment[word]] += rightCounts[word]
      for (next, pairs) in successors[word] {
        pairCounts[assignment[word] * count + assignment[Int(next)]] += Int(pairs)
      }
    }
    var after = [Int](repeating: 0, count: count)
    var before = [Int](repeating: 0, count: count)
    var afterClasses: [Int] = []
    var beforeClasses: [Int] = []
    let f = xlogx
    for pass in 1...max(1, passes) {
      var moved = 0
      for word in order {
        // The word's neighbours by class, itself aside.
        var selfPairs = 0
        afterClasses.removeAll(keepingCapacity: true)
        beforeClasses.removeAll(keepingCapacity: true)
        for (next, pairs) in successors[word] {
          if Int(next) == word {
            selfPairs += Int(pairs)
            continue
          }
          let cls = assignment[Int(next)]
          if after[cls] == 0 { afterClasses.append(cls) }
          after[cls] += Int(pairs)
        }
        for (previous, pairs) in predecessors[word] where Int(previous) != word {
          let cls = assignment[Int(previous)]
          if before[cls] == 0 { beforeClasses.append(cls) }
          before[cls] += Int(pairs)
        }
        let left = leftCounts[word]
        let right = rightCounts[word]
        // Take the word out of its class.
        let current = assignment[word]
        for cls in afterClasses { pairCounts[current * count + cls] -= after[cls] }
        for cls in beforeClasses { pairCounts[cls * count + current] -= before[cls] }
        pairCounts[current * count + current] -= selfPairs
        classLeft[current] -= left
        classRight[current] -= right
        // The gain in log-likelihood of putting it into each class.
        var best = current
        var bestGain = -Double.infinity
        for candidate in 0..<classes {
          let row = candidate * count
          var gain = 0.0
          for cls in afterClasses where cls != candidate {
            let old = pairCounts[row + cls]
            gain += f[old + after[cls]] - f[old]
          }
          for cls in beforeClasses where cls != candidate {
            let old = pairCounts[cls * count + candidate]
            gain += f[old + before[cls]] - f[old]
          }
          let diagonal = pairCounts[row + candidate]
          gain += f[diagonal + after[candidate] + before[candidate] + selfPairs] - f[diagonal]
          gain -= f[classLeft[candidate] + left] - f[classLeft[candidate]]
          gain -= f[classRight[candidate] + right] - f[classRight[candidate]]
          // Ties keep the current class, then the lowest class.
          if gain > bestGain + 1e-9 || (candidate == current && gain >= bestGain - 1e-9) {
            best = candidate
            bestGain = gain
          }
        }
        // Put it into the best one.
        for cls in afterClasses { pairCounts[best * count + cls] += after[cls] }
        for cls in beforeClasses { pairCounts[cls * count + best] += before[cls] }
        pairCounts[best * count + best] += selfPairs
        classLeft[best] += left
        classRight[best] += right
        if best != current {
          assignment[word] = best
          moved += 1
        }
        for cls in afterClasses { after[cls] = 0 }
        for cls in beforeClasses { before[cls] = 0 }
      }
      log("word classes \(classes), pass \(pass): \(moved) of \(order.count) words moved")
      if moved * 1000 < order.count { break }
    }
    return Array(assignment[0..<vocabulary])
  }
}
