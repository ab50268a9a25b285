"""Run the command line with `python -m probable.cli`."""

from probable.cli.app import main

# Guarded: a spawned child process (the PDF renderer) imports this module again.
if __name__ == "__main__":
    main()
