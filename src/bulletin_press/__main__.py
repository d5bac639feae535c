from bulletin_press.cli import main

main()
