"""Benchmarks: a script (``python -m tests.benchmarks.run``), never part of the test suite."""
