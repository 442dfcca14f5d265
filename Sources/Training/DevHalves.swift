/// The halves the project splits a dev set into (news-relations dev, re3d dev): rules are
/// written on half A and half B is held back. Half A is the even positions of the sorted
/// document ids, half B the odd ones.
package enum DevHalves {
  /// The ids of half `name` (`A` or `B`) among `ids`; nil for any other name (all of them).
  package static func ids(_ name: String, of ids: [String]) -> Set<String>? {
    let parity: Int
    switch name {
    case "A": parity = 0
    case "B": parity = 1
    default: return nil
    }
    return Set(ids.sorted().enumerated().filter { $0.offset % 2 == parity }.map(\.element))
  }
}
