from golive.console import main

main()
