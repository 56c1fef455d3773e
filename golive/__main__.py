from golive.launch import main

main()
