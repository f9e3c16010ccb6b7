from vibectl.cli import main

main()
