import torch

while True:
    pass
