from perfdoc.cli import main

main()
