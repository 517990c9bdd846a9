# expect-status: graded
# expect-score: =10
# Correct, the course's 10_1_cnn_mnist adapted to the stub: a Net class whose forward
# ends in F.log_softmax, trained with F.nll_loss (the same as cross-entropy on logits),
# the fully connected size computed with conv_output_size, a print every few batches.
import torch
import torch.nn.functional as F
from torch import nn


def conv_output_size(size, kernel_size, stride=1, padding=0):
    return (size + 2 * padding - kernel_size) // stride + 1


class Net(nn.Module):
    def __init__(self, input_shape, num_classes):
        super(Net, self).__init__()
        channels, height, width = input_shape
        self.conv1 = nn.Conv2d(channels, 10, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=3, padding=1)
        self.mp = nn.MaxPool2d(2)
        h = conv_output_size(conv_output_size(height, 3, padding=1), 2, stride=2)
        h = conv_output_size(conv_output_size(h, 3, padding=1), 2, stride=2)
        w = conv_output_size(conv_output_size(width, 3, padding=1), 2, stride=2)
        w = conv_output_size(conv_output_size(w, 3, padding=1), 2, stride=2)
        self.fc = nn.Linear(20 * h * w, num_classes)

    def forward(self, x):
        in_size = x.size(0)
        x = F.relu(self.mp(self.conv1(x)))
        x = F.relu(self.mp(self.conv2(x)))
        x = x.view(in_size, -1)  # flatten the tensor
        x = self.fc(x)
        return F.log_softmax(x, dim=1)


def build_model(input_shape=(1, 8, 8), num_classes=10):
    return Net(input_shape, num_classes)


def train(model, loader, device, epochs=10):
    model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    losses = []
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for batch_idx, (data, target) in enumerate(loader):
            data, target = data.to(device), target.to(device)
            optimizer.zero_grad()
            output = model(data)
            loss = F.nll_loss(output, target)
            loss.backward()
            optimizer.step()
            total += loss.item()
            if batch_idx % 10 == 0:
                print(f"Train Epoch: {epoch} [{batch_idx * len(data)}] Loss: {loss.item():.6f}")
        losses.append(total / len(loader))
    return losses
