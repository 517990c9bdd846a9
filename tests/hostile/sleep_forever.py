# Sleeps forever at import: the whole submission must time out, not hang the grader.
import time

time.sleep(10**9)
