"""The student's own tools: workspace, history, hints, watch mode, notebooks and Jupyter."""
