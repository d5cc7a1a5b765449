from tm.cli.app import main

main()
