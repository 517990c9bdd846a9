"""Reference solutions: one module per exercise stem. Trusted side only."""
