"""The engine: running a student's code without trusting it.

Trusted side: reading a submission, the warm zygote, the sandbox, the proxy whose calls
run in a worker, and the watch over a worker's processes. The code that runs inside the
worker lives in `worker_side/` and imports nothing of the trusted side but `grader.wire`.
"""
