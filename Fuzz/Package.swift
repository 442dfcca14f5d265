// swift-tools-version: 6.1
// libFuzzer targets for nlpipe's parsers. Built and run by Fuzz/run.sh, which passes
// -sanitize=fuzzer,address; not part of the main package's build. SwiftPM compiles them; run.sh
// links each one itself, without the entry-point alias SwiftPM adds, so libFuzzer's main
// drives the exported LLVMFuzzerTestOneInput.
import PackageDescription

let targets = [
  "FuzzCleanup", "FuzzBoilerplate", "FuzzSentences", "FuzzPipelineFile", "FuzzRuleFile",
  "FuzzDecoder", "FuzzExtraction", "FuzzExport", "FuzzMergeResume", "FuzzJSON", "FuzzGzip",
]

let package = Package(
  name: "nlpipe-fuzz",
  platforms: [.macOS(.v15)],
  dependencies: [.package(name: "nlpipe", path: "..")],
  targets: targets.map { name in
    .executableTarget(
      name: name,
      dependencies: [
        .product(name: "Pipeline", package: "nlpipe"),
        .product(name: "Export", package: "nlpipe"),
        .product(name: "Stages", package: "nlpipe"),
      ],
      path: "Sources/\(name)",
      swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
  }
)
