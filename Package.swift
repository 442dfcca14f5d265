// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "nlpipe",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "nlpipe", targets: ["Runner"]),
    .library(name: "Pipeline", targets: ["Pipeline"]),
    .library(name: "Export", targets: ["Export"]),
    .library(name: "Stages", targets: ["Stages"]),
    .library(name: "NLPipeCLI", targets: ["NLPipeCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // Futex calls (Linux) for the worker processes' wake-ups: a header of small wrappers.
    .systemLibrary(name: "CFutex"),
    .target(
      name: "Pipeline",
      dependencies: [
        "CZlib", "CFutex",
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .target(
      name: "Export",
      dependencies: ["Pipeline", "CSQLite"]
    ),
    .target(
      name: "Stages",
      dependencies: [
        "Pipeline", "Export", "CLibXML2",
        .product(name: "Yams", package: "Yams"),
      ],
      resources: [.copy("Resources")]
    ),
    .target(
      name: "Training",
      dependencies: ["Pipeline", "Stages"]
    ),
    .target(
      name: "NLPipeCLI",
      dependencies: [
        "Pipeline",
        "Export",
        "Stages",
        "Training",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "Runner",
      dependencies: ["NLPipeCLI"]
    ),
    .testTarget(
      name: "PipelineTests",
      dependencies: [
        "Pipeline",
        "Export",
        "Stages",
        "Training",
        .product(name: "CSV", package: "CSV.swift"),
      ],
      resources: [.copy("Fixtures")]
    ),
  ]
)
