"""The judge: runs a suite in the trusted process and decides every verdict.

The pytest plugin and markers, the checker that runs one harness on the student and on
the reference, comparisons, diagnosis by mutants, the forbidden-API verdict, and the
runner that grades one submission into a `SubmissionResult`.
"""
