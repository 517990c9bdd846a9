"""Graded pytest suites, one per exercise stem, run in the trusted process."""
