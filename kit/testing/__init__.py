"""Helpers shared by the tests and the benchmarks: a real Voilà, a real browser."""
