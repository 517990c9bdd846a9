"""`grade hint STEM`: progressive hints, one more per call, counted in the history."""

from __future__ import annotations

from click.testing import CliRunner

from grader import catalog
from grader.student import hints, history, workspace
from grader.cli import main

# The last hint states the rule: the words of exercises.md it must contain.
FORMULA_WORDS = {
    "linear_model": ["x * w", "/ len(xs)", "first"],
    "gradient_descent": ["2 * x * (x*w - y)", "costs.append"],
    "autograd": ["zero_", "no_grad", "L.backward()"],
    "linear_regression": ["reduction=\"sum\"", "losses.append(loss.item())"],
    "logistic_regression": ["BCELoss", "self.linear3"],
    "activations": ["s * (1 - s)", "amax"],
    "cross_entropy": ["amax", "mean"],
    "perceptron": ["<= 0", "w + lr * y[i] * X[i]"],
    "mlp_scratch": ["0.01", "reshape(-1, W1.shape[0])"],
    "momentum": ["momentum * buf + grad", "lr * buf"],
    "adagrad": ["state_sum + grad**2", "sqrt(state_sum) + eps"],
    "rmsprop": ["(1 - alpha) * grad**2", "sqrt(square_avg) + eps"],
    "adadelta": ["sqrt(acc_delta + eps) / sqrt(square_avg + eps)", "delta**2"],
    "adam": ["1 - beta1**step", "sqrt(v / (1 - beta2**step)) + eps"],
    "mlp": ["CrossEntropyLoss", "to(device)", "zero_grad"],
    "cnn": ["(size + 2*padding - kernel_size) // stride + 1", "MaxPool2d"],
}


def test_every_exercise_has_a_nudge_then_the_formula():
    assert set(hints.HINTS) == set(catalog.stems()) == set(FORMULA_WORDS)
    for stem, texts in hints.HINTS.items():
        assert len(texts) >= 2 and len(set(texts)) == len(texts), stem
        for word in FORMULA_WORDS[stem]:
            assert word in texts[-1], (stem, word)
            assert word not in texts[0], f"{stem}: the nudge gives away {word!r}"


def _hint(folder, stem="rmsprop"):
    result = CliRunner().invoke(main, ["hint", stem, "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    return result.output


def test_hints_come_one_more_per_call_and_stop_at_the_last(tmp_path):
    texts = hints.HINTS["rmsprop"]
    first = _hint(tmp_path)
    assert "Hint 1 of 3 for rmsprop (a nudge)" in first and "again for the next" in first
    assert "square_avg" in first
    second = _hint(tmp_path)
    assert "Hint 2 of 3" in second and "(1 - alpha)" in second
    third = _hint(tmp_path)
    assert "Hint 3 of 3 for rmsprop (the formula)" in third
    assert "sqrt(square_avg) + eps" in third
    assert "no more" not in third
    fourth = _hint(tmp_path)
    assert "Hint 3 of 3" in fourth and "no more" in fourth
    levels = [r["level"] for r in history.read(tmp_path) if r["kind"] == "hint"]
    assert levels == [1, 2, 3] == list(range(1, len(texts) + 1))


def test_hints_are_counted_per_exercise_and_shown_in_progress(tmp_path):
    _hint(tmp_path, "adam")
    _hint(tmp_path, "adam")
    assert "Hint 1 of 3 for momentum" in _hint(tmp_path, "momentum")
    (tmp_path / "adam.py").write_text("")
    rows = {row.exercise: row for row in workspace.progress(tmp_path)[1]}
    assert rows["adam"].hints == 2 and rows["adam"].state == "not started"


def test_hint_finds_the_workspace_from_a_subfolder_and_accepts_a_file_name(tmp_path,
                                                                           monkeypatch):
    history.make_workspace(tmp_path)
    (tmp_path / "week3").mkdir()
    monkeypatch.chdir(tmp_path / "week3")
    result = CliRunner().invoke(main, ["hint", "hw3_adagrad.py"])
    assert result.exit_code == 0, result.output
    assert "Hint 1 of 3 for adagrad" in result.output
    assert hints.shown(tmp_path, "adagrad") == 1
    assert not (tmp_path / "week3" / history.FOLDER).exists()


def test_hint_for_an_unknown_exercise(tmp_path):
    result = CliRunner().invoke(main, ["hint", "rmsprob", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "rmsprop" in result.output  # the close match
