"""TorchGrade: grade PyTorch exercises without letting student code judge itself."""

__version__ = "0.1.0"
