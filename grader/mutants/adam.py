"""Named mistakes of `adam` (see the contract's misconceptions)."""

import torch

from grader.judge.api import Mutant


@torch.no_grad()
def _not_in_place(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9,
                  beta2=0.999, eps=1e-8):
    exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)              # the state in place, but
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    m_hat = exp_avg / (1 - beta1**step)
    v_hat = exp_avg_sq / (1 - beta2**step)
    param = param - lr * m_hat / (v_hat.sqrt() + eps)            # param only rebound


@torch.no_grad()
def _eps_constant(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9,
                  beta2=0.999, eps=1e-8):
    exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    m_hat = exp_avg / (1 - beta1**step)
    v_hat = exp_avg_sq / (1 - beta2**step)
    param.sub_(lr * m_hat / (v_hat.sqrt() + 1e-6))  # the course's literal eps


@torch.no_grad()
def _eps_inside_sqrt(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9,
                     beta2=0.999, eps=1e-8):
    exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    m_hat = exp_avg / (1 - beta1**step)
    v_hat = exp_avg_sq / (1 - beta2**step)
    param.sub_(lr * m_hat / torch.sqrt(v_hat + eps))


@torch.no_grad()
def _no_bias_correction(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9,
                        beta2=0.999, eps=1e-8):
    exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    param.sub_(lr * exp_avg / (exp_avg_sq.sqrt() + eps))


@torch.no_grad()
def _bias_correction_off_by_one(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9,
                                beta2=0.999, eps=1e-8):
    exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)
    exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    m_hat = exp_avg / (1 - beta1 ** (step + 1))
    v_hat = exp_avg_sq / (1 - beta2 ** (step + 1))
    param.sub_(lr * m_hat / (v_hat.sqrt() + eps))


@torch.no_grad()
def _state_not_in_place(param, grad, exp_avg, exp_avg_sq, step, lr=1e-3, beta1=0.9,
                        beta2=0.999, eps=1e-8):
    exp_avg = beta1 * exp_avg + (1 - beta1) * grad               # only rebound: the
    exp_avg_sq = beta2 * exp_avg_sq + (1 - beta2) * grad * grad  # caller's stay zero
    m_hat = exp_avg / (1 - beta1**step)
    v_hat = exp_avg_sq / (1 - beta2**step)
    param.sub_(lr * m_hat / (v_hat.sqrt() + eps))


MUTANTS = [
    Mutant("adam.not_in_place", "the update is not in place",
           "`param = param - ...` makes a new tensor and leaves the caller's parameter "
           "unchanged (your exp_avg and exp_avg_sq do change: the caller sees new "
           "moments but an old parameter); update the very tensor you were given: "
           "`param -= ...` or `param.sub_(...)`.",
           {"adam_step": _not_in_place}),
    Mutant("adam.not_in_place", "the update is not in place",
           "`exp_avg = ...` makes a new tensor and leaves the caller's exp_avg and "
           "exp_avg_sq unchanged, so every call starts again from zeros: the moments never "
           "build up. Update the very tensors you were given: `exp_avg.mul_(...).add_(...)`,"
           " `exp_avg.copy_(...)` or `exp_avg[...] = ...`.",
           {"adam_step": _state_not_in_place}),
    Mutant("adam.eps_inside_sqrt", "eps inside the square root",
           "the rule divides by `sqrt(v_hat) + eps`; `sqrt(v_hat + eps)` changes the step "
           "a lot when the gradients are tiny, since sqrt(1e-8) = 1e-4 then dwarfs "
           "sqrt(v_hat).",
           {"adam_step": _eps_inside_sqrt}),
    Mutant("adam.no_bias_correction", "no bias correction",
           "m and v start at zero, so early on they are biased towards zero by the factors "
           "(1 - beta1**step) and (1 - beta2**step); divide them by these factors "
           "(m_hat, v_hat). Without it the first step is (1 - beta1) / sqrt(1 - beta2), "
           "about 3.2 times Adam's with the default betas.",
           {"adam_step": _no_bias_correction}),
    Mutant("adam.bias_correction_off_by_one", "bias correction off by one",
           "`step` already counts from 1 (1 on the first call): the factors are "
           "(1 - beta1**step) and (1 - beta2**step), not `step + 1`; off by one, the "
           "first steps are scaled wrongly (at step 1 m_hat is 0.53 * grad instead of grad).",
           {"adam_step": _bias_correction_off_by_one}),
    Mutant("adam.eps_constant", "eps is a hard-coded constant",
           "your eps is the constant 1e-6 whatever the `eps` argument says: use the "
           "argument, whose default is 1e-8. eps matters when the gradients are tiny: "
           "there it sets the size of the step.",
           {"adam_step": _eps_constant}),
]
