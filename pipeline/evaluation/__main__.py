from pipeline.evaluation.cli import main

main()
