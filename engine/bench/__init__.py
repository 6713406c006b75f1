"""Benchmarks: ``python -m critmin.bench`` (or ``critmin bench``) prints every figure as JSON."""
