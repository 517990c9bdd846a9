# expect-status: graded
# expect-score: =9
# expect-outcome: test_in_place_and_returns_none=failed
# expect-message: should return None
# A correct rule that ends with `return param`: one convention slip costs the one test
# about it, not the whole exercise.
import torch


@torch.no_grad()
def rmsprop_step(param, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    param.addcdiv_(grad, square_avg.sqrt().add_(eps), value=-lr)
    return param
