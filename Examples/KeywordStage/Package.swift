// swift-tools-version: 6.1
// An nlpipe built with one extra stage of your own: `keyword-nlpipe` is the `nlpipe` command
// (run, validate, stages) with the `keywords` stage registered next to the built-ins.
import PackageDescription

let package = Package(
  name: "KeywordStage",
  platforms: [.macOS(.v15)],
  dependencies: [
    // In your own project, depend on nlpipe by URL or path; here it is this repository.
    .package(name: "nlpipe", path: "../..")
  ],
  targets: [
    .executableTarget(
      name: "keyword-nlpipe",
      dependencies: [
        .product(name: "Pipeline", package: "nlpipe"),
        .product(name: "NLPipeCLI", package: "nlpipe"),
      ],
      path: "Sources/KeywordNLPipe"
    )
  ]
)
