"""Mutants: for each exercise, the reference with exactly one named mistake."""
