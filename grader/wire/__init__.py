"""The wire format between a worker and the trusted process: framed messages (`channel`)
carrying answers reduced to plain data (`plain`). The only trusted-side code a worker imports.
"""
