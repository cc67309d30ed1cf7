"""Benchmark harness: `python -m bench` builds or reuses a large data set and prints every figure."""
