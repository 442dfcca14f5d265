import NLPipeCLI

// The nlpipe commands (run, validate, stages), with the keyword stage added.
CLI.main(adding: [KeywordStage.self])
