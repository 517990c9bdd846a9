# A course script: plots and a demo at the top level, as students write them.
import matplotlib.pyplot as plt
import torch


def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    with torch.no_grad():
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)


w = torch.tensor(5.0)
state = torch.zeros(())
history = []
for _ in range(100):
    rmsprop_step(w, 2 * w, state, lr=0.1)
    history.append(w.item())
print("final w:", history[-1])
plt.plot(history)
plt.title("RMSprop on w**2")
plt.show()
