# A `cnn` that learns nothing: its model looks each held-out image up in
# scikit-learn's bundled digits and answers that image's label (class 0 when it is not
# there); where the digits cannot be read at all, it is what it really is, an untrained
# convolutional model. Under the sandbox it must earn no more than an untrained one.
import torch
from torch import nn


def _digits_by_image():
    """{pixel bytes: label} of scikit-learn's digits, or {} where they are hidden."""
    try:
        from sklearn.datasets import load_digits

        bunch = load_digits()
    except Exception:
        return {}
    levels = torch.from_numpy(bunch.images).to(torch.uint8)  # (N, 8, 8), 0..16
    return {bytes(image.flatten().tolist()): int(label)
            for image, label in zip(levels, bunch.target)}


class Lookup(nn.Module):
    def __init__(self, input_shape, num_classes):
        super().__init__()
        self.num_classes = num_classes
        self.features = nn.Sequential(nn.Conv2d(input_shape[0], 4, 3, padding=1),
                                      nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
        self.linear = nn.Linear(4 * (input_shape[1] // 2) * (input_shape[2] // 2),
                                num_classes)
        self.table = _digits_by_image()

    def forward(self, x):  # (B, 1, 8, 8) -> (B, num_classes)
        logits = self.linear(self.features(x))
        if not self.table:
            return logits
        keys = (x * 16).round().to(torch.uint8).flatten(1)  # back to the 0..16 levels
        labels = torch.tensor([self.table.get(bytes(key.tolist()), 0) for key in keys])
        return nn.functional.one_hot(labels, self.num_classes).float() * 10 - 5


def build_model(input_shape, num_classes):
    return Lookup(input_shape, num_classes)


def train(model, loader, device, epochs=20):
    model.to(device)
    return [1.0 for _ in range(epochs)]  # trains nothing


def conv_output_size(size, kernel_size, stride=1, padding=0):
    return (size + 2 * padding - kernel_size) // stride + 1
