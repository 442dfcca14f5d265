import NLPipeCLI

CLI.main()
