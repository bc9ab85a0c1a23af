"""The command line: entry, grammar, standard streams, signals, the progress line."""
