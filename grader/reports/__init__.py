"""Outputs that only read results: feedback reports, the gradebook, LMS and Gradescope files."""
