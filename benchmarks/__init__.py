"""Benchmarks printed by `make bench` (`python -m benchmarks`); never part of `make test`."""
