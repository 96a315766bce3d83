"""Benchmarks at a clinic network's size (issue 14): the data set and the harness that measures
it. Nothing in the clinical apps imports this package (.importlinter says so)."""
