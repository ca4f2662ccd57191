"""Benchmarks: `python -m benchmarks` (see README.md). Never run by `make test`."""
