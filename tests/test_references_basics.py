"""The references of the basic exercises (1-9) against independent oracles.

Each reference is checked against something that does not share its code: torch and
torch.nn.functional, numpy loops written here, finite differences, hand-derived
formulas and small cases computed by hand. None compares a reference with itself.
"""

import copy
import inspect
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from grader.solutions import (activations, autograd, cross_entropy, gradient_descent,
                              linear_model, linear_regression, logistic_regression,
                              mlp_scratch, perceptron)

CHECK_XS, CHECK_YS = [1.0, 2.0, 3.0], [2.0, 4.0, 6.0]
CHECK_WS = [i * 0.1 for i in range(41)]  # 0.0 .. 4.0


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """Tiny tensors: one thread avoids oversubscription on a busy machine."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _close(actual, expected, rtol=1e-6, atol=1e-8):
    torch.testing.assert_close(torch.as_tensor(actual), torch.as_tensor(expected),
                               rtol=rtol, atol=atol, check_dtype=False)


def _random_data(seed, n=12):
    rng = np.random.default_rng(seed)
    xs = rng.uniform(-2.0, 2.0, n)
    ys = 1.5 * xs + rng.normal(0.0, 0.3, n)
    return xs.tolist(), ys.tolist()


def _forbid(monkeypatch, owner, names):
    """Make each `owner.name` raise, so a reference that calls it fails loudly."""
    for name in names:
        def _raiser(*args, _name=name, **kwargs):
            raise AssertionError(f"forbidden call: {owner.__name__}.{_name}")
        monkeypatch.setattr(owner, name, _raiser)


def _forbid_functional(monkeypatch):
    names = [n for n, o in vars(F).items() if callable(o) and not n.startswith("_")
             and not inspect.isclass(o) and not inspect.ismodule(o)]
    _forbid(monkeypatch, F, names)


# --- 1. linear_model ----------------------------------------------------------------


def test_linear_model_forward_and_loss_are_elementwise():
    x, y = np.array([1.0, -2.0, 3.5]), np.array([0.5, 1.0, 7.0])
    np.testing.assert_allclose(linear_model.forward(x, 2.0), [2.0, -4.0, 7.0])
    np.testing.assert_allclose(linear_model.loss(x, y, 2.0), [2.25, 25.0, 0.0])
    assert linear_model.forward(3.0, 2.0) == 6.0
    assert linear_model.loss(3.0, 5.0, 2.0) == 1.0
    t = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    out = linear_model.loss(t, torch.ones(2, 2), 0.5)
    assert isinstance(out, torch.Tensor) and out.shape == (2, 2)
    _close(out, (t * 0.5 - 1) ** 2)


def test_linear_model_check_data_best_weight_is_two():
    best = linear_model.best_weight(CHECK_XS, CHECK_YS, CHECK_WS)
    assert isinstance(best, float) and abs(best - 2.0) < 1e-9
    assert linear_model.mse(CHECK_XS, CHECK_YS, 1.0) == pytest.approx(14.0 / 3.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_linear_model_mse_scan_best_against_numpy(seed):
    xs, ys = _random_data(seed)
    x, y = np.array(xs), np.array(ys)
    expected = [float(np.mean((x * w - y) ** 2)) for w in CHECK_WS]
    mse = linear_model.mse(xs, ys, 0.7)
    assert type(mse) is float and mse == pytest.approx(np.mean((x * 0.7 - y) ** 2))
    costs = linear_model.scan(xs, ys, CHECK_WS)
    assert isinstance(costs, list) and all(type(c) is float for c in costs)
    np.testing.assert_allclose(costs, expected, rtol=1e-12)
    best = linear_model.best_weight(xs, ys, CHECK_WS)
    assert best == CHECK_WS[int(np.argmin(expected))]


def test_linear_model_mean_not_sum_and_ties_keep_first():
    # Two samples: the sum would be twice the mean.
    assert linear_model.mse([1.0, 1.0], [0.0, 2.0], 0.0) == pytest.approx(2.0)
    # mse(-1) == mse(1) == 1 for x=1, y=0: the first candidate wins.
    assert linear_model.best_weight([1.0], [0.0], [-1.0, 1.0]) == -1.0
    assert linear_model.best_weight([1.0], [0.0], [1.0, -1.0]) == 1.0


# --- 2. gradient_descent ------------------------------------------------------------


def test_gradient_descent_uses_no_torch():
    assert not any(getattr(v, "__name__", "").startswith("torch")
                   for v in vars(gradient_descent).values())
    outputs = [gradient_descent.cost(CHECK_XS, CHECK_YS, 1.0),
               gradient_descent.gradient(CHECK_XS, CHECK_YS, 1.0),
               gradient_descent.sample_gradient(2.0, 4.0, 1.0),
               gradient_descent.train_gd(CHECK_XS, CHECK_YS, epochs=3)[0],
               gradient_descent.train_sgd(CHECK_XS, CHECK_YS, epochs=3)[0]]
    assert all(type(v) is float for v in outputs)


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("w", [-1.3, 0.0, 2.5])
def test_gradient_matches_finite_differences_and_autograd(seed, w):
    xs, ys = _random_data(seed)
    h = 1e-6
    cost = gradient_descent.cost
    fd = (cost(xs, ys, w + h) - cost(xs, ys, w - h)) / (2 * h)
    grad = gradient_descent.gradient(xs, ys, w)
    assert grad == pytest.approx(fd, rel=1e-6, abs=1e-6)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    x, y = torch.tensor(xs, dtype=torch.float64), torch.tensor(ys, dtype=torch.float64)
    ((x * wt - y) ** 2).mean().backward()
    assert grad == pytest.approx(wt.grad.item(), rel=1e-12, abs=1e-12)
    assert gradient_descent.cost(xs, ys, w) == pytest.approx(
        float(np.mean((np.array(xs) * w - np.array(ys)) ** 2)), rel=1e-12)


def test_sample_gradient_matches_finite_differences():
    for x, y, w in [(2.0, 4.0, 1.0), (-1.5, 0.3, 0.7), (0.0, 1.0, 3.0)]:
        h = 1e-6
        fd = ((x * (w + h) - y) ** 2 - (x * (w - h) - y) ** 2) / (2 * h)
        assert gradient_descent.sample_gradient(x, y, w) == pytest.approx(fd, abs=1e-6)


def test_train_gd_records_cost_before_update_by_hand():
    # xs=[1], ys=[2], w=0, lr=0.1: cost 4, grad -4 -> w=0.4; cost 2.56, grad -3.2 -> 0.72
    w, costs = gradient_descent.train_gd([1.0], [2.0], w=0.0, lr=0.1, epochs=2)
    assert w == pytest.approx(0.72)
    assert costs == pytest.approx([4.0, 2.56])


def test_train_sgd_records_last_loss_after_update_by_hand():
    # xs=[1,2], ys=[2,4], w=0, lr=0.1: w -> 0.4 -> 0.4 + 0.1*12.8 = 1.68;
    # last sample's loss after its update: (2*1.68 - 4)**2 = 0.4096 (before: 10.24).
    w, losses = gradient_descent.train_sgd([1.0, 2.0], [2.0, 4.0], w=0.0, lr=0.1,
                                           epochs=1)
    assert w == pytest.approx(1.68)
    assert losses == pytest.approx([0.4096])


def _numpy_gd(xs, ys, w, lr, epochs):
    x, y, costs = np.array(xs), np.array(ys), []
    for _ in range(epochs):
        residual = x * w - y
        costs.append(float(np.mean(residual ** 2)))
        w -= lr * float(np.mean(2 * x * residual))
    return w, costs


def _numpy_sgd(xs, ys, w, lr, epochs, record_after=True):
    losses = []
    for _ in range(epochs):
        for x, y in zip(np.array(xs), np.array(ys)):
            before = (x * w - y) ** 2
            w -= lr * 2 * x * (x * w - y)
        losses.append(float((x * w - y) ** 2 if record_after else before))
    return float(w), losses


@pytest.mark.parametrize("seed", [0, 3])
def test_train_gd_and_sgd_match_numpy_loops(seed):
    xs, ys = _random_data(seed)
    w, costs = gradient_descent.train_gd(xs, ys, w=0.5, lr=0.05, epochs=30)
    w_np, costs_np = _numpy_gd(xs, ys, 0.5, 0.05, 30)
    assert len(costs) == 30 and w == pytest.approx(w_np, rel=1e-10)
    np.testing.assert_allclose(costs, costs_np, rtol=1e-10)
    w, losses = gradient_descent.train_sgd(xs, ys, w=0.5, lr=0.02, epochs=20)
    w_np, losses_np = _numpy_sgd(xs, ys, 0.5, 0.02, 20)
    assert len(losses) == 20 and w == pytest.approx(w_np, rel=1e-10)
    np.testing.assert_allclose(losses, losses_np, rtol=1e-10, atol=1e-14)


def test_train_gd_and_sgd_defaults_on_check_data_approach_two():
    w, costs = gradient_descent.train_gd(CHECK_XS, CHECK_YS)
    assert len(costs) == 100 and abs(w - 2.0) < 0.05 and costs[-1] < costs[0]
    w, losses = gradient_descent.train_sgd(CHECK_XS, CHECK_YS)
    assert len(losses) == 100 and abs(w - 2.0) < 1e-3


# --- 3. autograd ---------------------------------------------------------------------


@pytest.mark.parametrize("x,y,w1,w2,b", [(2.0, 1.0, 1.0, 1.0, 1.0),
                                         (-1.5, 3.0, 0.2, -0.7, 0.4),
                                         (0.3, -2.0, 2.0, 0.5, -1.0)])
def test_quadratic_grads_match_hand_formula(x, y, w1, w2, b):
    r = w1 * x ** 2 + w2 * x + b - y
    grads = autograd.quadratic_grads(x, y, w1, w2, b)
    assert isinstance(grads, tuple) and len(grads) == 3
    assert all(type(g) is float for g in grads)
    assert grads == pytest.approx((2 * r * x ** 2, 2 * r * x, 2 * r), rel=1e-6, abs=1e-9)


def test_train_autograd_records_loss_before_update_by_hand():
    # xs=[1,2], ys=[2,4], w=0, lr=0.1: w -> 0.4; last sample's loss before its update
    # (2*0.4 - 4)**2 = 10.24, then w -> 1.68.
    w, losses = autograd.train_autograd([1.0, 2.0], [2.0, 4.0], w=0.0, lr=0.1, epochs=1)
    assert type(w) is float and w == pytest.approx(1.68, rel=1e-6)
    assert all(type(v) is float for v in losses)
    assert losses == pytest.approx([10.24], rel=1e-6)


@pytest.mark.parametrize("seed", [0, 4])
def test_train_autograd_matches_numpy_sgd(seed):
    xs, ys = _random_data(seed)
    w, losses = autograd.train_autograd(xs, ys, w=0.5, lr=0.02, epochs=15)
    w_np, losses_np = _numpy_sgd(xs, ys, 0.5, 0.02, 15, record_after=False)
    assert len(losses) == 15 and w == pytest.approx(w_np, rel=1e-5)
    np.testing.assert_allclose(losses, losses_np, rtol=1e-4, atol=1e-7)
    w, losses = autograd.train_autograd(CHECK_XS, CHECK_YS)
    assert len(losses) == 100 and abs(w - 2.0) < 1e-3


# --- 4. linear_regression -------------------------------------------------------------


def test_linear_model_module_structure_and_forward():
    torch.manual_seed(0)
    model = linear_regression.LinearModel()
    assert isinstance(model, torch.nn.Module)
    assert isinstance(model.linear, torch.nn.Linear)
    assert (model.linear.in_features, model.linear.out_features) == (1, 1)
    x = torch.tensor([[1.0], [2.0], [-3.0]])
    expected = x * model.linear.weight.item() + model.linear.bias.item()
    _close(model(x), expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("seed,lr,epochs", [(0, 0.01, 100), (1, 0.02, 40)])
def test_linear_regression_train_matches_closed_form_gradient_loop(seed, lr, epochs):
    torch.manual_seed(seed)
    model = linear_regression.LinearModel()
    w, b = model.linear.weight.item(), model.linear.bias.item()
    x = torch.tensor([[1.0], [2.0], [3.0], [-0.5]])
    y = torch.tensor([[2.5], [4.0], [6.5], [0.0]])
    losses = linear_regression.train(model, x, y, lr=lr, epochs=epochs)
    xn, yn, expected = x.double().numpy().ravel(), y.double().numpy().ravel(), []
    for _ in range(epochs):
        residual = xn * w + b - yn
        expected.append(float(np.sum(residual ** 2)))  # reduction="sum"
        grad_w, grad_b = np.sum(2 * residual * xn), np.sum(2 * residual)
        w, b = w - lr * float(grad_w), b - lr * float(grad_b)
    assert isinstance(losses, list) and len(losses) == epochs
    assert all(type(v) is float for v in losses)
    np.testing.assert_allclose(losses, expected, rtol=1e-4, atol=1e-5)
    assert model.linear.weight.item() == pytest.approx(w, rel=1e-4, abs=1e-5)
    assert model.linear.bias.item() == pytest.approx(b, rel=1e-4, abs=1e-5)


# --- 5. logistic_regression -----------------------------------------------------------


def _manual_probs(model, x):
    h = torch.sigmoid(x @ model.linear1.weight.T + model.linear1.bias)
    h = torch.sigmoid(h @ model.linear2.weight.T + model.linear2.bias)
    return torch.sigmoid(h @ model.linear3.weight.T + model.linear3.bias)


@pytest.mark.parametrize("in_features", [8, 3])
def test_binary_classifier_structure_and_forward(in_features):
    torch.manual_seed(0)
    model = (logistic_regression.BinaryClassifier() if in_features == 8
             else logistic_regression.BinaryClassifier(in_features))
    shapes = [(model.linear1.in_features, model.linear1.out_features),
              (model.linear2.in_features, model.linear2.out_features),
              (model.linear3.in_features, model.linear3.out_features)]
    assert shapes == [(in_features, 6), (6, 4), (4, 1)]
    x = torch.randn(7, in_features)
    p = model(x)
    assert p.shape == (7, 1) and p.dtype == torch.float32
    assert bool(((p > 0) & (p < 1)).all())
    _close(p, _manual_probs(model, x), rtol=1e-5, atol=1e-6)


def test_logistic_regression_train_matches_manual_bce_sgd_loop():
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    x = torch.randn(40, 8, generator=gen)
    y = (x[:, :1] - x[:, 1:2] > 0).float()
    model = logistic_regression.BinaryClassifier()
    oracle = copy.deepcopy(model)
    losses = logistic_regression.train(model, x, y, lr=0.5, epochs=30)
    params, expected = list(oracle.parameters()), []
    for _ in range(30):
        p = _manual_probs(oracle, x)
        bce = -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()
        expected.append(bce.item())
        grads = torch.autograd.grad(bce, params)
        with torch.no_grad():
            for param, grad in zip(params, grads):
                param -= 0.5 * grad
    assert isinstance(losses, list) and all(type(v) is float for v in losses)
    np.testing.assert_allclose(losses, expected, rtol=1e-4, atol=1e-6)
    for trained, reference in zip(model.parameters(), params):
        _close(trained, reference, rtol=1e-4, atol=1e-5)
    default = logistic_regression.train(copy.deepcopy(oracle), x, y)
    assert len(default) == 100 and default[-1] < default[0]


# --- 6. activations -------------------------------------------------------------------

SHAPES = [(), (5,), (3, 4), (2, 3, 4)]
EXTREME = [-1000.0, -100.0, -30.0, -1e-7, 0.0, 1e-7, 30.0, 100.0, 1000.0]
FORBIDDEN_TORCH = ["sigmoid", "tanh", "relu", "softmax", "log_softmax"]


def _inputs(shape, dtype, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return (torch.randn(shape, generator=gen, dtype=torch.float64) * 4).to(dtype)


ORACLES = [
    (activations.sigmoid, torch.sigmoid),
    (activations.tanh, torch.tanh),
    (activations.relu, torch.relu),
    (activations.leaky_relu, F.leaky_relu),
    (lambda x: activations.leaky_relu(x, 0.2), lambda x: F.leaky_relu(x, 0.2)),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("index", range(len(ORACLES)))
def test_activations_match_torch(shape, dtype, index):
    ours, oracle = ORACLES[index]
    x = _inputs(shape, dtype)
    out = ours(x)
    assert out.shape == x.shape and out.dtype == dtype
    _close(out, oracle(x), rtol=1e-6 if dtype == torch.float32 else 1e-12, atol=1e-7)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_activations_are_stable_at_extremes(dtype):
    x = torch.tensor(EXTREME, dtype=dtype)
    for ours, oracle in ORACLES:
        out = ours(x)
        assert not out.isnan().any()
        _close(out, oracle(x), rtol=1e-6, atol=1e-12)
    assert activations.sigmoid(x)[-1].item() == 1.0
    assert activations.sigmoid(x)[0].item() == 0.0
    assert activations.tanh(x)[[0, -1]].tolist() == [-1.0, 1.0]
    for grad in (activations.sigmoid_grad, activations.tanh_grad):
        g = grad(x)
        assert not g.isnan().any() and g[[0, -1]].tolist() == [0.0, 0.0]


GRADS = [
    (activations.sigmoid_grad, torch.sigmoid),
    (activations.tanh_grad, torch.tanh),
    (activations.relu_grad, torch.relu),
    (activations.leaky_relu_grad, F.leaky_relu),
    (lambda x: activations.leaky_relu_grad(x, 0.2), lambda x: F.leaky_relu(x, 0.2)),
]


@pytest.mark.parametrize("shape", [(7,), (3, 4)])
@pytest.mark.parametrize("index", range(len(GRADS)))
def test_activation_derivatives_match_autograd_and_finite_differences(shape, index):
    ours, function = GRADS[index]
    x = _inputs(shape, torch.float64, seed=index)
    x = torch.where(x.abs() < 1e-3, x + 0.1, x)  # keep off the kink of relu at 0
    g = ours(x)
    assert g.shape == x.shape and g.dtype == torch.float64
    leaf = x.clone().requires_grad_(True)
    (auto,) = torch.autograd.grad(function(leaf).sum(), leaf)
    _close(g, auto, rtol=1e-10, atol=1e-12)
    h = 1e-6
    fd = (function(x + h) - function(x - h)) / (2 * h)
    _close(g, fd, rtol=1e-6, atol=1e-8)
    assert ours(x.float()).dtype == torch.float32


def test_relu_grads_at_zero_follow_torch():
    zero = torch.zeros(3, requires_grad=True)
    (relu_auto,) = torch.autograd.grad(torch.relu(zero).sum(), zero)
    (leaky_auto,) = torch.autograd.grad(F.leaky_relu(zero, 0.3).sum(), zero)
    _close(activations.relu_grad(zero.detach()), relu_auto)
    _close(activations.leaky_relu_grad(zero.detach(), 0.3), leaky_auto)
    assert activations.relu_grad(torch.zeros(1)).item() == 0.0
    assert activations.leaky_relu_grad(torch.zeros(1)).item() == pytest.approx(0.01)


@pytest.mark.parametrize("shape,dim", [((5,), -1), ((5,), 0), ((3, 4), -1), ((3, 4), 0),
                                       ((3, 4), 1), ((2, 3, 4), 1), ((2, 3, 4), -1),
                                       ((2, 3, 4), 0)])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_softmax_matches_torch_along_dim(shape, dim, dtype):
    x = _inputs(shape, dtype, seed=len(shape))
    out = activations.softmax(x, dim=dim)
    assert out.shape == x.shape and out.dtype == dtype
    _close(out, torch.softmax(x, dim=dim), rtol=1e-6, atol=1e-7)
    if dim in (-1, len(shape) - 1):
        _close(activations.softmax(x), torch.softmax(x, dim=-1), rtol=1e-6, atol=1e-7)


def test_softmax_is_stable_for_huge_logits():
    out = activations.softmax(torch.tensor([1000.0, 1001.0]))
    assert torch.isfinite(out).all()
    _close(out, torch.tensor([1 / (1 + math.e), math.e / (1 + math.e)]), rtol=1e-6,
           atol=1e-7)
    x = torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -999.0]])
    for dim in (0, 1):
        _close(activations.softmax(x, dim=dim), torch.softmax(x, dim=dim), rtol=1e-6,
               atol=1e-12)


def test_activations_call_no_forbidden_api(monkeypatch):
    x = torch.tensor([[-2.0, 0.0, 3.0], [1000.0, -1000.0, 0.5]])
    _forbid(monkeypatch, torch, FORBIDDEN_TORCH)
    _forbid(monkeypatch, torch.Tensor, FORBIDDEN_TORCH + ["backward"])
    _forbid(monkeypatch, torch.autograd, ["grad", "backward"])
    _forbid_functional(monkeypatch)
    for name in ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "relu", "relu_grad",
                 "leaky_relu", "leaky_relu_grad", "softmax"):
        getattr(activations, name)(x)


# --- 7. cross_entropy -----------------------------------------------------------------


def _logits_and_targets(n, c, dtype, seed, scale=3.0):
    gen = torch.Generator().manual_seed(seed)
    logits = (torch.randn(n, c, generator=gen, dtype=torch.float64) * scale).to(dtype)
    return logits, torch.randint(0, c, (n,), generator=gen)


@pytest.mark.parametrize("n,c", [(1, 2), (5, 3), (16, 10)])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_cross_entropy_functions_match_torch(n, c, dtype):
    logits, targets = _logits_and_targets(n, c, dtype, seed=n * c)
    log_probs = cross_entropy.log_softmax(logits)
    assert log_probs.shape == (n, c) and log_probs.dtype == dtype
    _close(log_probs, F.log_softmax(logits, dim=1), rtol=1e-6, atol=1e-6)
    nll = cross_entropy.nll_loss(log_probs, targets)
    assert nll.shape == () and nll.dtype == dtype
    _close(nll, F.nll_loss(F.log_softmax(logits, dim=1), targets), rtol=1e-6, atol=1e-6)
    _close(cross_entropy.cross_entropy(logits, targets), F.cross_entropy(logits, targets),
           rtol=1e-6, atol=1e-6)


def test_cross_entropy_is_stable_and_differentiable():
    logits = torch.tensor([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, 1000.0],
                           [5.0, 1005.0, 3.0]], requires_grad=True)
    targets = torch.tensor([1, 2, 0])
    loss = cross_entropy.cross_entropy(logits, targets)
    expected = F.cross_entropy(logits, targets)
    assert torch.isfinite(loss)
    _close(loss, expected, rtol=1e-6, atol=1e-6)
    _close(cross_entropy.log_softmax(logits), F.log_softmax(logits, dim=1), rtol=1e-6,
           atol=1e-6)
    (ours,) = torch.autograd.grad(loss, logits)
    (theirs,) = torch.autograd.grad(expected, logits)
    _close(ours, theirs, rtol=1e-6, atol=1e-7)


def test_nll_loss_is_a_mean_on_a_hand_case():
    log_probs = torch.log(torch.tensor([[0.5, 0.5], [0.25, 0.75]]))
    expected = -(math.log(0.5) + math.log(0.75)) / 2
    actual = cross_entropy.nll_loss(log_probs, torch.tensor([0, 1])).item()
    assert actual == pytest.approx(expected)


def test_cross_entropy_calls_no_forbidden_api(monkeypatch):
    logits, targets = _logits_and_targets(4, 3, torch.float32, seed=0)
    _forbid(monkeypatch, torch, ["log_softmax", "softmax"])
    _forbid(monkeypatch, torch.Tensor, ["log_softmax", "softmax"])
    _forbid(monkeypatch, torch.nn.CrossEntropyLoss, ["forward"])
    _forbid(monkeypatch, torch.nn.NLLLoss, ["forward"])
    _forbid_functional(monkeypatch)
    cross_entropy.nll_loss(cross_entropy.log_softmax(logits), targets)
    cross_entropy.cross_entropy(logits, targets)


# --- 8. perceptron --------------------------------------------------------------------


def _numpy_perceptron(X, y, lr, epochs):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            if y_i * (x_i @ w + b) <= 0:
                w, b = w + lr * y_i * x_i, b + lr * y_i
    return w, b


def _separable(seed, n=40, d=3):
    rng = np.random.default_rng(seed)
    w_true, b_true = rng.normal(size=d), 0.3
    X = rng.normal(size=(4 * n, d))
    score = X @ w_true + b_true
    keep = np.abs(score) > 0.3  # a margin, so the rule converges quickly
    X, score = X[keep][:n], score[keep][:n]
    return torch.tensor(X), torch.tensor(np.where(score > 0, 1.0, -1.0))


def test_perceptron_boundary_counts_as_a_mistake_by_hand():
    X = torch.tensor([[1.0, 0.0]], dtype=torch.float64)
    y = torch.tensor([1.0], dtype=torch.float64)
    w, b = perceptron.perceptron_train(X, y, epochs=3)
    # w.x + b == 0 at the start: a mistake (<=), one update, then correct.
    assert w.tolist() == [1.0, 0.0] and b == 1.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_perceptron_converges_on_separable_data_and_matches_numpy(seed):
    X, y = _separable(seed)
    w, b = perceptron.perceptron_train(X, y)
    assert isinstance(w, torch.Tensor) and w.shape == (3,) and w.dtype == torch.float64
    assert type(b) is float
    assert bool((y * (X @ w + b) > 0).all())
    for lr, epochs in [(1.0, 100), (0.5, 1), (0.1, 2)]:
        w, b = perceptron.perceptron_train(X, y, lr=lr, epochs=epochs)
        w_np, b_np = _numpy_perceptron(X.numpy(), y.numpy(), lr, epochs)
        np.testing.assert_allclose(w.numpy(), w_np, rtol=1e-12, atol=1e-12)
        assert b == pytest.approx(b_np, rel=1e-12, abs=1e-12)


def test_perceptron_accepts_integer_labels():
    X, y = _separable(5)
    w, b = perceptron.perceptron_train(X, y.long())
    w_np, b_np = _numpy_perceptron(X.numpy(), y.numpy(), 1.0, 100)
    np.testing.assert_allclose(w.numpy(), w_np, atol=1e-12)
    assert b == pytest.approx(b_np)


@pytest.mark.parametrize("seed", [0, 1, 1234])
def test_xor_model_separates_the_four_points_whatever_the_seed(seed):
    torch.manual_seed(seed)
    model = perceptron.xor_model()
    assert isinstance(model, torch.nn.Module)
    points = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    with torch.no_grad():
        logits = model(points)
    assert logits.shape in [(4, 1), (4,)]
    assert (logits.reshape(-1) > 0).tolist() == [False, True, True, False]


# --- 9. mlp_scratch -------------------------------------------------------------------


def test_init_params_shapes_dtypes_and_scale():
    gen = torch.Generator().manual_seed(0)
    params = mlp_scratch.init_params(64, 32, 10, generator=gen)
    assert [tuple(p.shape) for p in params] == [(64, 32), (32,), (32, 10), (10,)]
    for p in params:
        assert p.dtype == torch.float32 and p.requires_grad and p.is_leaf
    W1, b1, W2, b2 = params
    assert not b1.any() and not b2.any()
    assert 0.008 < W1.std().item() < 0.012 and abs(W1.mean().item()) < 0.002
    assert 0.0 < W2.std().item() < 0.02


def test_init_params_generator_is_reproducible_and_drawn_in_order():
    first = mlp_scratch.init_params(5, 4, 3, generator=torch.Generator().manual_seed(7))
    again = mlp_scratch.init_params(5, 4, 3, generator=torch.Generator().manual_seed(7))
    other = mlp_scratch.init_params(5, 4, 3, generator=torch.Generator().manual_seed(8))
    for p, q in zip(first, again):
        assert torch.equal(p, q)
    assert not torch.equal(first[0], other[0])
    gen = torch.Generator().manual_seed(7)
    _close(first[0], torch.randn(5, 4, generator=gen) * 0.01)
    _close(first[2], torch.randn(4, 3, generator=gen) * 0.01)
    torch.manual_seed(3)
    a = mlp_scratch.init_params(5, 4, 3)
    torch.manual_seed(3)
    b = mlp_scratch.init_params(5, 4, 3)
    assert torch.equal(a[0], b[0]) and torch.equal(a[2], b[2])


def test_mlp_relu_matches_torch_and_avoids_it(monkeypatch):
    X = torch.tensor([[-2.0, 0.0, 3.0], [0.5, -0.1, 1000.0]])
    expected = torch.relu(X)
    _forbid(monkeypatch, torch, ["relu"])
    _forbid(monkeypatch, torch.Tensor, ["relu"])
    _forbid(monkeypatch, F, ["relu"])
    out = mlp_scratch.relu(X)
    assert out.shape == X.shape and out.dtype == X.dtype
    _close(out, expected)


@pytest.mark.parametrize("input_shape", [(6, 12), (6, 1, 3, 4)])
def test_net_matches_nn_linear_layers_with_copied_weights(input_shape):
    gen = torch.Generator().manual_seed(0)
    params = mlp_scratch.init_params(12, 7, 5, generator=gen)
    with torch.no_grad():  # non-zero biases and larger weights make the check sharper
        for p in params:
            p.copy_(torch.randn(p.shape, generator=gen))
    first, second = torch.nn.Linear(12, 7), torch.nn.Linear(7, 5)
    with torch.no_grad():
        first.weight.copy_(params[0].T)
        first.bias.copy_(params[1])
        second.weight.copy_(params[2].T)
        second.bias.copy_(params[3])
    X = torch.randn(input_shape, generator=gen)
    out = mlp_scratch.net(X, params)
    expected = second(torch.relu(first(X.reshape(6, 12))))
    assert out.shape == (6, 5)
    _close(out, expected, rtol=1e-5, atol=1e-5)
    out.sum().backward()
    expected.sum().backward()
    _close(params[0].grad, first.weight.grad.T, rtol=1e-5, atol=1e-5)
    _close(params[1].grad, first.bias.grad, rtol=1e-5, atol=1e-5)
    _close(params[2].grad, second.weight.grad.T, rtol=1e-5, atol=1e-5)
    _close(params[3].grad, second.bias.grad, rtol=1e-5, atol=1e-5)
