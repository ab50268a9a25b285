"""Run the command line with `python -m probable.cli`."""

from probable.cli.app import main

main()
