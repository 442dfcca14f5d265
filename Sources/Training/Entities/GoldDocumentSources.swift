import Foundation
import Pipeline

/// The documents of document-level gold files (``NewsGold`` format) with their texts, for
/// ``GoldDocumentTraining``: each document's text is found by its id in folders given as
/// `PREFIX=FOLDER` (an id `PREFIX` + `NAME` has its text in `FOLDER/NAME.txt`; the empty prefix
/// matches every id), so the texts stay where the corpora keep them.
package struct GoldDocumentSources {
  /// One gold file to read.
  package struct File: Sendable {
    /// The gold file.
    package var url: URL
    /// Only the documents at even positions of its sorted ids (half A of the news-relations
    /// dev set; its odd positions are held out and never read).
    package var evenPositionsOnly: Bool

    package init(url: URL, evenPositionsOnly: Bool = false) {
      self.url = url
      self.evenPositionsOnly = evenPositionsOnly
    }
  }

  /// One document: its gold, its text and where both came from.
  package struct Source: Sendable {
    /// The gold file that holds it.
    package var goldFile: String
    /// Its id in that file.
    package var id: String
    /// Its text file (standardized path).
    package var textFile: String
    /// The text.
    package var text: String
    /// The gold as training marks.
    package var annotation: GoldDocumentTraining.Annotation
  }

  /// The text folders, in the order given: (id prefix, folder).
  package var folders: [(prefix: String, folder: URL)]

  /// Folders from `PREFIX=FOLDER` arguments (`=FOLDER` for every id).
  package init(folders arguments: [String]) throws {
    folders = try arguments.map { argument in
      guard let equals = argument.firstIndex(of: "="),
        argument.index(after: equals) < argument.endIndex
      else {
        throw LoadError(
          file: argument, message: "expected PREFIX=FOLDER (an empty prefix: =FOLDER)")
      }
      return (
        String(argument[..<equals]),
        URL(fileURLWithPath: String(argument[argument.index(after: equals)...]))
      )
    }
  }

  /// The text file of a document id: in the first folder whose prefix the id starts with and
  /// that has the file; nil when none has it.
  package func textFile(of id: String) -> URL? {
    for (prefix, folder) in folders where id.hasPrefix(prefix) && id.count > prefix.count {
      let file = folder.appendingPathComponent(String(id.dropFirst(prefix.count)) + ".txt")
      if FileManager.default.fileExists(atPath: file.path) { return file.standardizedFileURL }
    }
    return nil
  }

  /// Every document of the files, each file's documents in id order. Errors name the gold file
  /// and the document: a file that is not gold, a document in two files, an empty surface
  /// form, a text no folder has or that is not UTF-8.
  package func documents(_ files: [File]) throws -> [Source] {
    var result: [Source] = []
    var seen: [String: String] = [:]
    for file in files {
      let origin = file.url.path
      let data: Data
      do {
        data = try Data(contentsOf: file.url)
      } catch {
        throw LoadError(file: origin, message: "cannot read: \(error.localizedDescription)")
      }
      var documents = try NewsGold.documents(data, origin: origin)
      if file.evenPositionsOnly, let half = DevHalves.ids("A", of: documents.map(\.id)) {
        documents = documents.filter { half.contains($0.id) }
      }
      for document in documents {
        if let other = seen[document.id] {
          throw LoadError(file: origin, message: "document \(document.id) is in \(other) too")
        }
        seen[document.id] = origin
        for group in document.groups
        where group.forms.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
          throw LoadError(
            file: origin, message: "document \(document.id): an empty \(group.type) surface form")
        }
        guard let url = textFile(of: document.id) else {
          throw LoadError(
            file: origin,
            message: "document \(document.id): no text in "
              + folders.map { "\($0.prefix)=\($0.folder.path)" }.joined(separator: ", "))
        }
        guard let bytes = try? Data(contentsOf: url),
          let text = String(data: bytes, encoding: .utf8)
        else {
          throw LoadError(
            file: origin, message: "document \(document.id): \(url.path) is not readable UTF-8")
        }
        result.append(
          Source(
            goldFile: origin, id: document.id, textFile: url.path, text: text,
            annotation: GoldDocumentTraining.Annotation(document)))
      }
    }
    return result
  }
}
