"""Student stubs: one module per exercise stem (see grader.catalog)."""
