"""The `probable` command line: thin, calls the layers, shows progress."""
