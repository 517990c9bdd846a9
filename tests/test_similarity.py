"""Similarity between students' submissions (grader.classroom.similarity, `grade batch --similarity`).

The files are the rmsprop stub with its one function filled in, as students hand it in:
copies (byte-identical, or renamed and re-commented) are flagged; independent correct
solutions in other styles are not; the stub's own code is never similarity. The batch
tests grade with a stand-in pool (every file gets 10) so only the similarity step runs.
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from click.testing import CliRunner

from grader.classroom import batch, similarity
from grader.reports import gradebook
from grader.cli import main
from grader.result import CaseResult, SubmissionResult

ROOT = Path(__file__).resolve().parent.parent
STUB = (ROOT / "exercises" / "rmsprop.py").read_text()
RAISE = '    raise NotImplementedError("rmsprop_step is not implemented yet")\n'
THRESHOLD = 0.8

ORIGINAL = '''\
    square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    denominator = square_avg.sqrt().add_(eps)
    param.addcdiv_(grad, denominator, value=-lr)
'''
# ORIGINAL with its local renamed, comments added and the docstring and layout changed.
DISGUISED = '''\
    # first the moving average of the squared gradient
    square_avg.mul_( alpha ).addcmul_(grad, grad,
                                      value = 1 - alpha)   # in place!
    d = square_avg.sqrt().add_(eps)  # the denominator


    param.addcdiv_(grad, d, value=-lr)  # the step
'''
IN_PLACE_OPERATORS = '''\
    square_avg.copy_(alpha * square_avg + (1 - alpha) * grad**2)
    param -= lr * grad / (square_avg.sqrt() + eps)
'''
FUNCTIONAL = '''\
    new_avg = alpha * square_avg + (1.0 - alpha) * grad * grad
    square_avg[...] = new_avg
    step = torch.div(grad, torch.sqrt(new_avg) + eps)
    param.sub_(lr * step)
'''
SEPARATE_STEPS = '''\
    square_avg.mul_(alpha)
    square_avg.add_(grad.pow(2), alpha=1 - alpha)
    param.add_(grad.div(square_avg.sqrt().add(eps)), alpha=-lr)
'''


def filled(body: str, docstring: str = "") -> str:
    """The stub with rmsprop_step's body filled in (and its docstring replaced)."""
    text = STUB.replace(RAISE, body)
    if docstring:
        text = text.replace("One RMSprop step, in place", docstring, 1)
    return text


def code(student: str, text: str) -> similarity.Code:
    return similarity.Code(student, text, str(hash(text)), similarity.fingerprint(text, STUB))


def scores(texts: dict[str, str]) -> dict[frozenset[str], float]:
    codes = [code(student, text) for student, text in texts.items()]
    return {frozenset((pair.first.student, pair.second.student)): pair.score
            for pair in similarity.similar_pairs(codes, 0.0)}


# ----------------------------------------------------------------------------- the measure

def test_copies_score_one_whatever_the_names_comments_and_layout():
    original = filled(ORIGINAL)
    disguised = filled(DISGUISED, docstring="My RMSprop step")
    assert original != disguised
    found = scores({"a": original, "b": original, "c": disguised})
    assert found[frozenset("ab")] == 1.0
    assert found[frozenset("ac")] == 1.0


def test_independent_solutions_in_other_styles_stay_below_the_threshold():
    styles = {"original": filled(ORIGINAL), "operators": filled(IN_PLACE_OPERATORS),
              "functional": filled(FUNCTIONAL), "steps": filled(SEPARATE_STEPS)}
    found = scores(styles)
    assert len(found) == 6
    assert max(found.values()) < THRESHOLD


def test_the_stub_alone_is_not_similarity():
    untouched = code("a", STUB)
    assert untouched.prints.hashes == {}
    reformatted = STUB.replace("# noqa", "").replace("    ", "  ").replace(
        '"""One RMSprop step', '"""Do one step')
    # The same stub twice, a reformatted stub, and a stub next to a solution: no pair.
    codes = [untouched, code("b", STUB), code("c", reformatted), code("d", filled(ORIGINAL))]
    assert similarity.similar_pairs(codes, 0.0) == []


def test_shared_lines_are_the_students_own_code_not_the_stubs():
    pair, = similarity.similar_pairs([code("a", filled(ORIGINAL)),
                                      code("b", filled(DISGUISED))], THRESHOLD)
    original = filled(ORIGINAL).splitlines()
    assert {original[n - 1].strip() for n in pair.first_lines} == {
        line.strip() for line in ORIGINAL.splitlines()}
    assert not pair.identical


def test_a_file_that_does_not_parse_is_still_compared():
    broken = filled(ORIGINAL) + "\ndef oops(:\n"
    assert scores({"a": broken, "b": broken})[frozenset("ab")] == 1.0


def test_two_hundred_students_compare_in_seconds():
    import time

    variants = [ORIGINAL, IN_PLACE_OPERATORS, FUNCTIONAL, SEPARATE_STEPS]
    codes = [code(f"s{n:03d}", filled(variants[n % 4].replace("eps", f"eps * {n}")))
             for n in range(200)]
    started = time.perf_counter()
    similarity.similar_pairs(codes, THRESHOLD)
    assert time.perf_counter() - started < 5.0


# ----------------------------------------------------------------------------- grade batch

def stand_in_pool(jobs, deliver):
    """Gives every file full marks: only what --similarity adds is under test here."""
    for job in jobs:
        deliver(job, SubmissionResult(
            exercise=job.stem, file=job.path.name, sha256="0" * 64, score=10.0,
            max_score=10.0, status="graded", gradable=True, duration_s=0.01,
            tests=[CaseResult("test_rule", 10.0, 10.0, "passed", "public")]))


def make_class(root: Path) -> None:
    files = {"ann": filled(ORIGINAL), "bob": filled(ORIGINAL),
             "cat": filled(DISGUISED, docstring="My step"),
             "dan": filled(IN_PLACE_OPERATORS), "eve": filled(FUNCTIONAL),
             "fay": STUB, "gus": STUB,
             "<script>alert(1)</script>": filled(SEPARATE_STEPS) + "# </pre><script>x()</script>\n"}
    for student, text in files.items():
        (root / student).mkdir(parents=True)
        (root / student / "hw_rmsprop.py").write_text(text)


def test_grade_batch_similarity_lists_the_copies_side_by_side(tmp_path, monkeypatch):
    make_class(tmp_path / "class")
    monkeypatch.setattr(batch, "_executor", lambda *args: stand_in_pool)
    outcome = CliRunner().invoke(main, ["batch", str(tmp_path / "class"), "-o",
                                        str(tmp_path / "out"), "--similarity"])
    assert outcome.exit_code == 0, outcome.output
    rows = list(csv.DictReader(open(tmp_path / "out" / gradebook.SIMILARITY)))
    assert {(row["Student A"], row["Student B"]): (row["Similarity"], row["Identical bytes"])
            for row in rows} == {("ann", "bob"): ("1.00", "yes"), ("ann", "cat"): ("1.00", "no"),
                                 ("bob", "cat"): ("1.00", "no")}
    assert rows[0]["Exercise"] == "rmsprop" and rows[0]["File A"] == "ann/hw_rmsprop.py"

    summary = (tmp_path / "out" / "summary.html").read_text()
    section = summary[summary.index('<section id="similarity"'):]
    section = section[:section.index("</section>")]
    assert section.count("<details") == 3 and "byte-identical" in section
    assert "<script" not in summary
    shared = re.findall(r'<span class="line shared"><span class="number">\d+</span> (.*?)</span>',
                        section)
    assert html.unescape(shared[0]).strip() == ORIGINAL.splitlines()[0].strip()
    assert "fay" not in section and "dan" not in section


def test_a_lower_threshold_lists_more_pairs_and_without_the_flag_there_is_no_section(
        tmp_path, monkeypatch):
    make_class(tmp_path / "class")
    monkeypatch.setattr(batch, "_executor", lambda *args: stand_in_pool)
    plain = batch.run(batch.BatchOptions(tmp_path / "class", tmp_path / "plain",
                                         progress=False))
    assert 'id="similarity"' not in plain.summary.read_text()
    assert not (tmp_path / "plain" / gradebook.SIMILARITY).exists()
    batch.run(batch.BatchOptions(tmp_path / "class", tmp_path / "low", progress=False,
                                 similarity=True, similarity_threshold=0.0))
    rows = list(csv.DictReader(open(tmp_path / "low" / gradebook.SIMILARITY)))
    assert len(rows) == 15  # every pair of the 6 students with code of their own


def test_a_threshold_outside_zero_to_one_is_a_usage_error(tmp_path):
    outcome = CliRunner().invoke(main, ["batch", str(tmp_path), "-o", str(tmp_path / "out"),
                                        "--similarity", "--similarity-threshold", "80"])
    assert outcome.exit_code == 2 and "80" in outcome.output


def test_hostile_files_cost_little_and_break_nothing():
    import time

    nested = "x = a" + " + a" * 100_000 + "\n"  # ast.dump would overflow the stack
    repeated = "def f():\n" + "    return loss\n" * 10_000  # a stub statement 10,000 times
    huge = "x = 1\n" * 200_000  # past MAX_PARSED_CHARS: words only
    started = time.perf_counter()
    codes = [code(name, text) for name, text in
             (("nested", nested), ("nested2", nested), ("repeated", repeated), ("huge", huge))]
    pairs = similarity.similar_pairs(codes, THRESHOLD)
    assert time.perf_counter() - started < 10.0
    assert {(pair.first.student, pair.second.student) for pair in pairs} >= {("nested", "nested2")}
