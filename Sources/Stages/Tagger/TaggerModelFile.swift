import Foundation

/// The tagger's binary model format (version 3), little-endian:
///
///     magic       8 bytes "NLPTAG\r\n"
///     version     u32     3
///     features    u32     feature-template version
///     tags        POS tags, UPOS tags, chunk tags: each u32 count, then u32 length + UTF-8
///     weights     POS, UPOS, chunk: u32 tags, f32 scale, u32 keys + u32 each (ascending),
///                 u32 starts + i32 each (keys + 1), u32 entries + u8 tag each,
///                 u32 entries + i16 weight each
///     choices     per POS tag: u32 count + u32 UPOS index each
///     dictionary  u32 count + u64 word hash each (ascending), u32 count + u64 class each;
///                 fixed tags: u32 count + u64 word hash each (ascending), u32 count + u8 tag;
///                 casing: u32 count + u64 word hash each (ascending), u32 count + u8 class
///     lemmas      exceptions, irregular: u32 count, then key and lemma strings (key order);
///                 vocabulary: u32 count, then strings (ascending); case rules: u32 count,
///                 then `TAG\tkey` and the ``LemmaCase`` raw value as strings (key order)
///     metadata    u32 length + UTF-8
///     length      u64     bytes before this field
///     checksum    u64     of the bytes before `length`
///
/// Reading checks the magic, versions, every count against the bytes left, the weight
/// tables' internal consistency and the checksum: a truncated or corrupt file is a clear
/// error, never a crash.
enum TaggerModelFile {
  static let magic: [UInt8] = Array("NLPTAG\r\n".utf8)
  static let formatVersion: UInt32 = 3
  static let featureVersion: UInt32 = 6

  static func encode(_ model: TaggerModel) -> [UInt8] {
    var out = ModelByteWriter()
    out.bytes += magic
    out.integer(formatVersion)
    out.integer(featureVersion)
    out.strings(model.posTags)
    out.strings(model.uposTags)
    out.strings(model.chunkScheme.tags)
    for weights in [model.posWeights, model.uposWeights, model.chunkWeights] {
      out.integer(UInt32(weights.tagCount))
      out.integer(weights.scale.bitPattern)
      out.array(weights.keys)
      out.array(weights.starts)
      out.array(weights.entryTags)
      out.array(weights.entryValues)
    }
    for choices in model.uposChoices { out.array(choices.map { UInt32($0) }) }
    let words = model.tagDictionary.classes.keys.sorted()
    out.array(words)
    out.array(words.map { model.tagDictionary.classes[$0] ?? 0 })
    let fixedWords = model.tagDictionary.fixed.keys.sorted()
    out.array(fixedWords)
    out.array(fixedWords.map { UInt8(truncatingIfNeeded: model.tagDictionary.fixed[$0] ?? 0) })
    let casedWords = model.tagDictionary.casing.keys.sorted()
    out.array(casedWords)
    out.array(casedWords.map { UInt8(truncatingIfNeeded: model.tagDictionary.casing[$0] ?? 0) })
    for table in [model.lemmatizer.exceptions, model.lemmatizer.irregular] {
      out.integer(UInt32(table.count))
      for key in table.keys.sorted() {
        out.string(key)
        out.string(table[key] ?? "")
      }
    }
    out.strings(model.lemmatizer.vocabulary.sorted())
    let caseRules = LemmaCaseTable.flatten(model.lemmatizer.caseRules)
    out.integer(UInt32(caseRules.count))
    for key in caseRules.keys.sorted() {
      out.string(key)
      out.string(caseRules[key] ?? "")
    }
    out.string(model.metadata)
    let checksum = NERModelFile.checksum(out.bytes[...])
    out.integer(UInt64(out.bytes.count))
    out.integer(checksum)
    return out.bytes
  }

  static func decode(_ bytes: [UInt8]) throws -> TaggerModel {
    guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
      throw TaggerModelError("not an nlpipe tagger model (bad magic header)")
    }
    guard bytes.count >= magic.count + 8 + 16 else {
      throw TaggerModelError("file is truncated (\(bytes.count) bytes)")
    }
    let trailerStart = bytes.count - 16
    var trailer = ModelByteReader(bytes: bytes, offset: trailerStart, limit: bytes.count)
    let declaredLength = try trailer.integer(UInt64.self)
    let declaredChecksum = try trailer.integer(UInt64.self)
    guard declaredLength == UInt64(trailerStart) else {
      throw TaggerModelError(
        "file is truncated or has extra bytes: its trailer says \(declaredLength) bytes of data, "
          + "found \(trailerStart)")
    }
    guard NERModelFile.checksum(bytes[0..<trailerStart]) == declaredChecksum else {
      throw TaggerModelError("checksum mismatch: the file is corrupt")
    }
    var reader = ModelByteReader(bytes: bytes, offset: magic.count, limit: trailerStart)
    let version = try reader.integer(UInt32.self)
    guard version == formatVersion else {
      throw TaggerModelError(
        "unsupported model format version \(version) (expected \(formatVersion))")
    }
    let features = try reader.integer(UInt32.self)
    guard features == featureVersion else {
      throw TaggerModelError(
        "model uses feature templates v\(features), this build has v\(featureVersion): retrain it")
    }
    let posTags = try reader.strings()
    let uposTags = try reader.strings()
    let chunkTags = try reader.strings()
    for (name, tags) in [("POS", posTags), ("UPOS", uposTags), ("chunk", chunkTags)]
    where tags.isEmpty || tags.count > 255 {
      throw TaggerModelError("bad \(name) tag count \(tags.count)")
    }
    let posWeights = try weights(&reader, tagCount: posTags.count, what: "POS")
    let uposWeights = try weights(&reader, tagCount: uposTags.count, what: "UPOS")
    let chunkWeights = try weights(&reader, tagCount: chunkTags.count, what: "chunk")
    var choices: [[Int]] = []
    for tag in posTags {
      let list = try reader.array(UInt32.self, what: "UPOS choices").map(Int.init)
      guard !list.isEmpty, list.allSatisfy({ $0 < uposTags.count }) else {
        throw TaggerModelError("bad UPOS choices for \(tag)")
      }
      choices.append(list)
    }
    let words = try reader.array(UInt64.self, what: "tag-dictionary words")
    let classes = try reader.array(UInt64.self, what: "tag-dictionary classes")
    guard words.count == classes.count, zip(words, words.dropFirst()).allSatisfy({ $0 < $1 })
    else {
      throw TaggerModelError("the tag dictionary's words and classes do not match")
    }
    let fixedWords = try reader.array(UInt64.self, what: "fixed-tag words")
    let fixedTags = try reader.array(UInt8.self, what: "fixed tags")
    guard fixedWords.count == fixedTags.count,
      zip(fixedWords, fixedWords.dropFirst()).allSatisfy({ $0 < $1 }),
      fixedTags.allSatisfy({ Int($0) < posTags.count })
    else {
      throw TaggerModelError("the fixed-tag words and tags do not match")
    }
    let casedWords = try reader.array(UInt64.self, what: "casing words")
    let casing = try reader.array(UInt8.self, what: "casing classes")
    guard casedWords.count == casing.count,
      zip(casedWords, casedWords.dropFirst()).allSatisfy({ $0 < $1 }),
      casing.allSatisfy({ $0 > 0 && Int($0) < CaseProfile.classCount })
    else {
      throw TaggerModelError("the casing words and classes do not match")
    }
    let dictionary = TagDictionary(
      classes: Dictionary(uniqueKeysWithValues: zip(words, classes).map { ($0, $1) }),
      fixed: Dictionary(uniqueKeysWithValues: zip(fixedWords, fixedTags).map { ($0, Int($1)) }),
      casing: Dictionary(uniqueKeysWithValues: zip(casedWords, casing).map { ($0, UInt64($1)) }))
    var tables: [[String: String]] = []
    var vocabulary = Set<String>()
    for index in 0..<3 {
      if index == 2 { vocabulary = Set(try reader.strings()) }
      let count = try reader.count(of: 8, what: "lemma entries")
      var table: [String: String] = [:]
      table.reserveCapacity(count)
      for _ in 0..<count {
        let key = try reader.string()
        table[key] = try reader.string()
      }
      tables.append(table)
    }
    let caseRules = try LemmaCaseTable.parse(tables[2])
    let metadata = try reader.string()
    guard reader.offset == trailerStart else {
      throw TaggerModelError("\(trailerStart - reader.offset) unexpected bytes before the trailer")
    }
    return TaggerModel(
      posTags: posTags, posWeights: posWeights, tagDictionary: dictionary, uposTags: uposTags,
      uposWeights: uposWeights,
      uposChoices: choices, chunkScheme: ChunkScheme(tags: chunkTags), chunkWeights: chunkWeights,
      lemmatizer: Lemmatizer(
        exceptions: tables[0], irregular: tables[1], vocabulary: vocabulary, caseRules: caseRules),
      metadata: metadata)
  }

  private static func weights(_ reader: inout ModelByteReader, tagCount: Int, what: String)
    throws -> SparseWeights
  {
    let declared = Int(try reader.integer(UInt32.self))
    guard declared == tagCount else {
      throw TaggerModelError("\(what) weights have \(declared) tags, the header \(tagCount)")
    }
    let scale = Float(bitPattern: try reader.integer(UInt32.self))
    guard scale.isFinite, scale > 0 else { throw TaggerModelError("bad \(what) weight scale") }
    let keys = try reader.array(UInt32.self, what: "\(what) keys")
    let starts = try reader.array(Int32.self, what: "\(what) starts")
    let tags = try reader.array(UInt8.self, what: "\(what) entry tags")
    let values = try reader.array(Int16.self, what: "\(what) entry weights")
    guard starts.count == keys.count + 1, starts.first == 0, Int(starts.last ?? -1) == tags.count,
      tags.count == values.count, tags.count < 1 << 24
    else {
      throw TaggerModelError("\(what) weight table sizes do not match")
    }
    for index in keys.indices {
      guard keys[index] != 0, index == 0 || keys[index - 1] < keys[index],
        starts[index] <= starts[index + 1], starts[index + 1] - starts[index] <= tagCount
      else {
        throw TaggerModelError("\(what) weight table is not in order at key \(index)")
      }
    }
    guard tags.allSatisfy({ Int($0) < tagCount }) else {
      throw TaggerModelError("\(what) weight table names a tag out of range")
    }
    return SparseWeights(
      tagCount: tagCount, keys: keys, starts: starts, entryTags: tags, entryValues: values,
      scale: scale)
  }
}

extension TaggerModel {
  /// Reads a model file, checking its format, lengths and checksum.
  public static func load(_ url: URL) throws -> TaggerModel {
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw TaggerModelError("cannot read tagger model \(url.path): \(error.localizedDescription)")
    }
    do {
      return try TaggerModelFile.decode([UInt8](data))
    } catch let error as TaggerModelError {
      throw TaggerModelError("tagger model \(url.path): \(error.message)")
    }
  }

  /// The model's bytes in the binary format.
  public func encoded() -> [UInt8] { TaggerModelFile.encode(self) }

  /// Decodes a model from the binary format.
  public static func decode(_ bytes: [UInt8]) throws -> TaggerModel {
    try TaggerModelFile.decode(bytes)
  }

  /// Writes the model in the binary format.
  public func write(to url: URL) throws {
    try Data(encoded()).write(to: url, options: .atomic)
  }
}
