"""Nothing a worker can see holds a reference, a suite, a mutant or held-out data;
where nothing can be hidden (rlimits mode), results say the held-out data was exposed.

The probe (tests/view_probe.py) runs in the sandbox exactly as the zygote is started
(grader.engine.sandbox.wrap, as root there: it sees at least what any worker sees) and walks
everything but /proc, /sys and /dev. It hashes the files whose size is that of a
forbidden file and sends back the text files that define every name a forbidden code file
defines; this test, outside the sandbox, judges them: byte-identical to a forbidden
file, or the same code once comments, layout and docstrings are gone (`ast.dump`).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.resources
import json
import os
import re
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import torch

from grader import data
from grader.catalog import course
from grader.engine import sandbox
from grader.reports import report, report_view
from grader.result import SubmissionResult
from grader.judge.runner import grade
from grader.engine.submission import read

TESTS = Path(__file__).resolve().parent
PROBE = TESTS / "view_probe.py"
TEXT_SUFFIXES = (".py", ".pyw", ".ipynb", ".txt")
MAX_TEXT_BYTES = 64 * 1024  # the largest suite is 15 KB; copies are no larger
NOT_WALKED = ["/proc", "/sys", "/dev"]

needs_sandbox = pytest.mark.skipif(
    sandbox.mode() != sandbox.BUBBLEWRAP,
    reason="needs the bubblewrap sandbox (rlimits mode cannot hide files)")


@dataclass
class Forbidden:
    """What no worker may see, keyed the two ways the probe's lines are judged."""

    by_hash: dict[str, str] = field(default_factory=dict)  # sha256 -> what it is
    by_code: dict[str, str] = field(default_factory=dict)  # normalised code -> what
    sizes: set[int] = field(default_factory=set)
    groups: list[list[str]] = field(default_factory=list)  # the names each file defines

    def add_file(self, path: Path, what: str) -> None:
        raw = path.read_bytes()
        self.by_hash[hashlib.sha256(raw).hexdigest()] = what
        self.sizes.add(len(raw))
        if path.suffix == ".py":
            tree = _parsed(raw.decode("utf-8", "replace"))
            names = [node.name for node in tree.body if isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))] if tree else []
            if names:  # a copy keeps the names it defines: the probe's cue
                self.by_code[ast.dump(tree)] = what
                self.groups.append(sorted(names))


def secret_folders() -> list[Path]:
    """The built-in and active courses' secret folders, and the test courses' too."""
    folders = [Path(folder) for folder in sandbox._secret_dirs()]
    for directory in (TESTS / "courses").iterdir():
        folders += [directory / kind for kind in course.SECRET_KINDS
                    if (directory / kind).is_dir()]
    return folders


def forbidden() -> Forbidden:
    found = Forbidden()
    for folder in secret_folders():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.stat().st_size and not path.name.startswith("__init__"):
                found.add_file(path, f"secret {path}")
    for path in data.held_out_files():
        found.add_file(path, f"held-out data {path}")
    return found


def _parsed(text: str) -> ast.Module | None:
    """The module without docstrings (comments and layout are gone with parsing)."""
    try:
        with warnings.catch_warnings():  # e.g. invalid escapes in others' files
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]
    return tree


def normalised(path: str, text: str, scratch: Path) -> str | None:
    """`text` (the file at `path` in the sandbox) as code, normalised; None if it is no
    Python. A notebook is read as the grader reads one (its code cells, magics out)."""
    if path.endswith(".ipynb"):
        copy = scratch / "copy.ipynb"
        copy.write_text(text)
        text = read(copy).text
    tree = _parsed(text)
    return ast.dump(tree) if tree else None


def sandbox_view(wanted: Forbidden) -> tuple[int, list[dict]]:
    """How many files the probe saw in the sandbox, and its lines about them."""
    request = {"sizes": sorted(wanted.sizes), "groups": wanted.groups,
               "suffixes": list(TEXT_SUFFIXES), "max_text": MAX_TEXT_BYTES,
               "skip": NOT_WALKED}
    command = sandbox.wrap([sys.executable, "-I", "-c", PROBE.read_text()])
    done = subprocess.run(command, input=json.dumps(request), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return lines[-1]["files"], lines[:-1]


def exposed(wanted: Forbidden, lines: list[dict], scratch: Path) -> list[str]:
    """The probe's lines that show a forbidden file, each as `path: what it is`."""
    found = []
    for line in lines:
        if "sha256" in line and line["sha256"] in wanted.by_hash:
            found.append(f"{line['path']}: a copy of {wanted.by_hash[line['sha256']]}")
        elif "text" in line:
            code = normalised(line["path"], line["text"], scratch)
            if code in wanted.by_code:
                found.append(f"{line['path']}: the code of {wanted.by_code[code]}")
    return found


@needs_sandbox
def test_no_file_a_worker_can_see_is_a_reference_suite_mutant_or_held_out_data(tmp_path):
    wanted = forbidden()
    assert len(wanted.by_code) >= 3 * 17 and len(data.held_out_files()) >= 2
    files, lines = sandbox_view(wanted)
    assert files > 10_000, "the probe saw too little of the sandbox to prove anything"
    problems = exposed(wanted, lines, tmp_path)
    assert not problems, "visible from the sandbox:\n" + "\n".join(problems)


def test_the_judge_recognises_copies_with_other_comments_and_layout(tmp_path):
    wanted = forbidden()
    reference = (Path(sandbox._secret_dirs()[0]) / "adam.py").read_text()
    tabs = re.sub(r"(?m)^((?:    )+)", lambda m: "\t" * (len(m.group(1)) // 4), reference)
    reflowed = "# my own work\n" + tabs.replace('"""', "'''").replace(":\n", ":  # mine\n")
    lines = [{"path": "/x/a.py", "text": reflowed},
             {"path": "/x/b.py", "text": reference.replace("lerp_", "lerp")},
             {"path": "/x/c.csv", "sha256": hashlib.sha256(
                 data.held_out_files()[0].read_bytes()).hexdigest()}]
    problems = exposed(wanted, lines, tmp_path)
    assert [problem.split(":")[0] for problem in problems] == ["/x/a.py", "/x/c.csv"]


def test_held_out_files_are_the_ones_scikit_learn_reads():
    bundled = Path(str(importlib.resources.files("sklearn.datasets.data"))).resolve()
    assert bundled in data.held_out_dirs()
    assert {path.name for path in data.held_out_files()} >= {"digits.csv.gz",
                                                             "breast_cancer.csv"}


def run_in_sandbox(code: str) -> str:
    done = subprocess.run(sandbox.wrap([sys.executable, "-I", "-c", code]),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@needs_sandbox
def test_scikit_learn_in_the_sandbox_loads_the_training_rows_only():
    """A student's demo code may load the digits; it gets the rows the grader sends
    for training anyway, and none of the held-out ones."""
    out = run_in_sandbox(
        "import json, sklearn.datasets\n"
        "digits, cancer = sklearn.datasets.load_digits(), sklearn.datasets.load_breast_cancer()\n"
        "print(json.dumps([digits.data.tolist(), digits.target.tolist(),\n"
        "                  cancer.data.tolist(), cancer.target.tolist()]))\n")
    digits_x, digits_y, cancer_x, cancer_y = json.loads(out)
    images = data.load_digits()
    assert torch.equal(torch.tensor(digits_x).reshape(-1, 1, 8, 8).div(16).float(),
                       images.x_train)
    assert digits_y == images.y_train.tolist()
    from sklearn.datasets import load_breast_cancer

    cancer = load_breast_cancer()
    train, _ = data._split_indices(cancer.target, data.SEED, data.TEST_FRACTION)
    assert cancer_x == cancer.data[train].tolist() and cancer_y == cancer.target[train].tolist()
    assert len(train) < len(cancer.target)


@needs_sandbox
@pytest.mark.parametrize("where", ["inside", "is"])
def test_a_data_folder_in_a_bound_folder_is_hidden(tmp_path, monkeypatch, where):
    """$TORCHGRADE_DATA inside a folder the sandbox binds (here tmp_path, bound for the
    test), or that very folder: its files cannot be read, a subfolder's can."""
    folder = tmp_path / "mnist" if where == "inside" else tmp_path
    folder.mkdir(exist_ok=True)
    (folder / "t10k-labels-idx1-ubyte").write_bytes(b"\x00\x00\x08\x01labels")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "other.txt").write_text("visible")
    python_dirs = sandbox._python_dirs
    monkeypatch.setattr(sandbox, "_python_dirs", lambda: [*python_dirs(), str(tmp_path)])
    monkeypatch.setenv(data.DATA_ENV_VAR, str(folder))
    out = run_in_sandbox(
        "import sys\n"
        f"for path in {[str(folder / 't10k-labels-idx1-ubyte'), str(tmp_path / 'sub' / 'other.txt')]}:\n"
        "    try:\n"
        "        print(len(open(path, 'rb').read()))\n"
        "    except OSError as error:\n"
        "        print(type(error).__name__)\n")
    hidden, other = out.split()
    assert hidden in ("0", "FileNotFoundError", "PermissionError") and other == "7"


# ---- hostile submissions: what a worker could do with what it sees ------------------

HOSTILE = TESTS / "hostile"
ACCURACY_TEST = "test_accuracy_on_held_out_images"


def accuracy_case(result):
    return next(case for case in result.tests if case.name == ACCURACY_TEST)


@needs_sandbox
def test_an_adam_that_searches_every_folder_for_a_correct_rule_finds_none():
    result = grade(HOSTILE / "steal_any_adam.py", "adam", time_limit_s=15, call_limit_s=3)
    assert (result.sandbox, result.status) == ("bubblewrap", "graded")
    assert result.score == 0, "the submission found a correct adam_step and used it"
    assert not result.held_out_exposed


@needs_sandbox
@pytest.mark.parametrize("stem", ["mlp", "cnn"])
def test_a_model_that_looks_held_out_images_up_earns_what_an_untrained_one_does(stem):
    result = grade(HOSTILE / f"lookup_digits_{stem}.py", stem, time_limit_s=60,
                   call_limit_s=45)
    assert result.status == "graded", result.message
    assert result.training["accuracy"] < 0.3, "the held-out labels were looked up"
    assert accuracy_case(result).points < 0.5
    assert not result.held_out_exposed
    assert report_view.HELD_OUT_EXPOSED not in report.render(result, "text")


def test_rlimits_mode_says_the_held_out_data_is_exposed():
    """Without the sandbox the lookup works: the result, and every report, say why."""
    code = ("import sys\nfrom grader.judge.runner import grade\n"
            "print(grade(sys.argv[1], 'mlp', time_limit_s=60, call_limit_s=45).to_json("
            "indent=None))")
    done = subprocess.run([sys.executable, "-c", code, str(HOSTILE / "lookup_digits_mlp.py")],
                          env={**os.environ, "TORCHGRADE_SANDBOX": sandbox.RLIMITS},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    result = SubmissionResult.from_dict(json.loads(done.stdout.splitlines()[-1]))
    assert (result.sandbox, result.held_out_exposed) == (sandbox.RLIMITS, True)
    assert result.training["accuracy"] > 0.9  # looked up, not learned: truly exposed
    for fmt in report.FORMATS:
        assert report_view.HELD_OUT_EXPOSED in report.render(result, fmt), fmt


def doctor_fact(name: str) -> dict:
    from click.testing import CliRunner

    from grader.cli import main

    result = CliRunner().invoke(main, ["doctor", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)[name]


@needs_sandbox
def test_doctor_checks_in_the_sandbox_that_the_held_out_data_is_hidden(monkeypatch):
    assert doctor_fact("held-out data")["ok"]
    monkeypatch.setattr(sandbox, "hidden_paths", lambda: ())  # a sandbox that hides none
    fact = doctor_fact("held-out data")
    assert not fact["ok"] and "digits.csv.gz" in fact["value"]


def test_doctor_says_rlimits_mode_exposes_the_held_out_data(monkeypatch):
    monkeypatch.setenv("TORCHGRADE_SANDBOX", sandbox.RLIMITS)
    sandbox.mode.cache_clear()
    try:
        fact = doctor_fact("held-out data")
    finally:
        monkeypatch.delenv("TORCHGRADE_SANDBOX")
        sandbox.mode.cache_clear()
    assert not fact["ok"] and fact["value"].startswith("exposed")


def test_only_exercises_judged_on_held_out_data_are_flagged(monkeypatch):
    monkeypatch.setenv("TORCHGRADE_SANDBOX", sandbox.RLIMITS)
    sandbox.mode.cache_clear()
    try:
        flags = {stem: sandbox.held_out_exposed(stem)
                 for stem in ("mlp", "cnn", "logistic_regression", "adam", "rmsprop")}
    finally:
        monkeypatch.delenv("TORCHGRADE_SANDBOX")
        sandbox.mode.cache_clear()
    assert flags == {"mlp": True, "cnn": True, "logistic_regression": True, "adam": False,
                     "rmsprop": False}
    assert not sandbox.held_out_exposed("mlp") or sandbox.mode() == sandbox.RLIMITS
