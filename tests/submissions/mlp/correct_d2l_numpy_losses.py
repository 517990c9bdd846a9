# expect-status: graded
# expect-score: =10
# Correct, the course's (d2l) style: nn.Sequential with nn.Flatten, weights initialised
# with net.apply(init_weights) (std 0.01), CrossEntropyLoss(reduction='none') and
# l.mean().backward(), the epoch loss averaged over samples, losses returned as a
# numpy array.
import numpy as np
import torch
from torch import nn


def init_weights(m):
    if type(m) == nn.Linear:
        nn.init.normal_(m.weight, std=0.01)


def build_model(input_shape=(1, 8, 8), num_classes=10):
    num_inputs = int(np.prod(input_shape))
    net = nn.Sequential(nn.Flatten(), nn.Linear(num_inputs, 256), nn.ReLU(),
                        nn.Linear(256, num_classes))
    net.apply(init_weights)
    return net


def train(model, loader, device, epochs=10):
    net = model.to(device)
    loss = nn.CrossEntropyLoss(reduction='none')
    trainer = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    history = []
    for epoch in range(epochs):
        net.train()
        total, count = 0.0, 0
        for X, y in loader:
            X, y = X.to(device), y.to(device)
            l = loss(net(X), y)
            trainer.zero_grad()
            l.mean().backward()
            trainer.step()
            total += float(l.sum())
            count += y.numel()
        history.append(total / count)
    return np.array(history)
