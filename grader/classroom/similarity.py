"""Similarity between students' submissions to one exercise, as MOSS finds it.

    fingerprint(source, stub) -> Fingerprints      one submission, normalised
    similar_pairs(codes, threshold) -> [Pair]      the pairs of one exercise, most similar first

Normalising (so that what a copier changes for free does not count, and what everyone
shares does not either): the source is parsed with `ast` and tokenised with `tokenize`;
comments, docstrings and blank lines are dropped; every name the file binds (variables,
parameters, functions, classes, attributes it assigns, import aliases) becomes one
placeholder `_`, except the names the stub itself defines at module level (the
contract); and every statement identical to one of the stub's (the imports, the ready
optimizer class, the demo, an untouched `raise NotImplementedError`) is dropped, as is
the header of a function or class the stub declares as it is.

Comparing: the normalised token stream is cut into k-grams (K tokens), each hashed, and
winnowed as MOSS does (Schleimer, Wilkerson and Aiken, SIGMOD 2003: the smallest hash of
every window of W consecutive k-grams), which keeps every shared run of at least
K + W - 1 tokens. A pair's score is the Jaccard index of their fingerprint sets: 1.0 for
copies (renamed, re-commented or reformatted included). Comparing n submissions costs
n^2 / 2 set intersections of a few hundred integers: milliseconds for 200 students.
Nothing here runs student code.
"""

from __future__ import annotations

import ast
import builtins
import functools
import hashlib
import io
import keyword
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from grader.engine import submission

K = 6  # tokens per k-gram
W = 4  # k-grams per winnowing window
PLACEHOLDER = "_"
MAX_PARSED_CHARS = 256 * 1024  # beyond this (no real submission is), words only
_SKIPPED = (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER)
# Tokens whose text is layout (how wide an indent is, which newline): only their kind counts.
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_STRUCTURE = {tokenize.INDENT: "<indent>", tokenize.DEDENT: "<dedent>",
              tokenize.NEWLINE: "<newline>"}


@dataclass(frozen=True)
class Token:
    text: str
    line: int  # 1-based, in the source as given


@dataclass
class Fingerprints:
    """A submission's winnowed fingerprints: hash -> the token indices where its k-gram
    starts, and the tokens (to map a match back to its source lines)."""

    tokens: list[Token]
    hashes: dict[int, list[int]] = field(default_factory=dict)

    def lines_of(self, shared: set[int]) -> set[int]:
        """The source lines covered by the k-grams of the `shared` hashes."""
        lines: set[int] = set()
        for value in shared:
            for start in self.hashes.get(value, ()):
                lines.update(token.line for token in self.tokens[start:start + K])
        return lines


@dataclass
class Code:
    """One submission to compare: whose, its text as shown, its sha256, its prints."""

    student: str
    text: str
    sha256: str
    prints: Fingerprints


@dataclass(frozen=True)
class Pair:
    """Two submissions to one exercise, their score (0..1), whether their bytes are
    identical, and the lines of each that the shared fingerprints cover."""

    first: Code
    second: Code
    score: float
    identical: bool
    first_lines: frozenset[int]
    second_lines: frozenset[int]


def fingerprint(source: str, stub: str = "") -> Fingerprints:
    """Normalise `source` (see the module doc) against the exercise's `stub` and winnow
    it. A file that does not parse is compared on its words, comments included."""
    tokens = normalised_tokens(source, stub)
    prints = Fingerprints(tokens)
    grams = [_hash(" ".join(token.text for token in tokens[i:i + K]))
             for i in range(len(tokens) - K + 1)]
    for start in _winnow(grams):
        prints.hashes.setdefault(grams[start], []).append(start)
    return prints


def normalised_tokens(source: str, stub: str = "") -> list[Token]:
    """The tokens of `source` that count: see the module doc."""
    if len(source) > MAX_PARSED_CHARS:
        return _words(source[:MAX_PARSED_CHARS])
    try:
        tree = ast.parse(source)
        raw = list(tokenize.generate_tokens(io.StringIO(source).readline))
        stub_tree = _parse_or_empty(stub)
        renamed = _bound_names(tree) - _module_names(stub_tree)
        dropped = _dropped_spans(tree, _statement_dumps(stub_tree))
    except (SyntaxError, ValueError, tokenize.TokenError, RecursionError, MemoryError):
        return _words(source)  # RecursionError: an expression nested thousands deep
    return _kept_tokens(raw, renamed, dropped)


def _words(source: str) -> list[Token]:
    """The fallback for a file that does not parse: its words, line by line."""
    return [Token(word, number) for number, line in enumerate(source.split("\n"), 1)
            for word in line.split()]


def _kept_tokens(raw: list[tokenize.TokenInfo], renamed: set[str],
                 dropped: list[tuple]) -> list[Token]:
    """The tokens outside the `dropped` spans, names in `renamed` as the placeholder.
    A NEWLINE counts only after a kept token, a DEDENT only when its INDENT counted."""
    tokens, indents, last_kept = [], [], False
    inside = _Sweep(dropped)
    for token in raw:
        if token.type in _SKIPPED:
            continue
        kept = not inside(token.start)
        if token.type == tokenize.INDENT:
            indents.append(kept)
        elif token.type == tokenize.DEDENT:
            kept = indents.pop() if indents else False
        elif token.type == tokenize.NEWLINE:
            kept = last_kept
        else:
            last_kept = kept
        if not kept:
            continue
        text = token.string
        if token.type == tokenize.NAME and text in renamed and not keyword.iskeyword(text):
            text = PLACEHOLDER
        tokens.append(Token(_STRUCTURE.get(token.type, text), token.start[0]))
    return tokens


def similar_pairs(codes: list[Code], threshold: float) -> list[Pair]:
    """Every pair of `codes` scoring at least `threshold`, most similar first. Codes
    with no fingerprint of their own (the stub alone, or next to nothing) pair with none."""
    pairs = []
    sets = [set(code.prints.hashes) for code in codes]
    for i, first in enumerate(codes):
        for j in range(i + 1, len(codes)):
            if not sets[i] or not sets[j]:
                continue
            shared = sets[i] & sets[j]
            score = len(shared) / len(sets[i] | sets[j])
            if score >= threshold:
                second = codes[j]
                pairs.append(Pair(first, second, round(score, 4),
                                  first.sha256 == second.sha256,
                                  frozenset(first.prints.lines_of(shared)),
                                  frozenset(second.prints.lines_of(shared))))
    pairs.sort(key=lambda pair: (-pair.score, pair.first.student, pair.second.student))
    return pairs


# ----------------------------------------------------------------------------- normalising

def _parse_or_empty(source: str) -> ast.Module:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return ast.Module(body=[], type_ignores=[])


def _module_names(tree: ast.Module) -> set[str]:
    """The names the stub defines at module level: the contract, kept as they are."""
    return {node.name for node in tree.body if isinstance(node, _DEFINITIONS)}


def _bound_names(tree: ast.Module) -> set[str]:
    """Every name the file binds itself (builtins it shadows excepted)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, _DEFINITIONS):
            names.add(node.name)
        elif isinstance(node, ast.alias) and node.asname:
            names.add(node.asname)
    return names - set(dir(builtins))


def _statement_dumps(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The stub's statements at any depth, and its function and class headers, as
    position-free dumps."""
    statements, headers = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            statements.add(ast.dump(node))
            if isinstance(node, _DEFINITIONS):
                headers.add(_header_dump(node))
    return statements, headers


def _dropped_spans(tree: ast.Module, stub: tuple[set[str], set[str]]) -> list[tuple]:
    """(start, end) source positions of what does not count: docstrings, statements
    identical to the stub's, and headers of definitions the stub declares as they are."""
    statements, headers = stub
    spans: list[tuple] = []

    def visit(body: list[ast.stmt]) -> None:
        for index, node in enumerate(body):
            if _is_docstring(node, index) or ast.dump(node) in statements:
                spans.append(_span(node))
                continue
            if isinstance(node, _DEFINITIONS) and _header_dump(node) in headers:
                spans.append((_span(node)[0], _span(node.body[0])[0]))
            for child in ("body", "orelse", "finalbody", "handlers"):
                inner = getattr(node, child, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                    visit(inner)
    visit(tree.body)
    return spans


def _header_dump(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> str:
    """A definition without its body: name, arguments, decorators, bases."""
    fields = {name: value for name, value in ast.iter_fields(node) if name != "body"}
    fields["body"] = []
    return f"{type(node).__name__}:{ast.dump(type(node)(**fields))}"


def _is_docstring(node: ast.stmt, index: int) -> bool:
    return (index == 0 and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str))


def _span(node: ast.stmt) -> tuple:
    decorators = getattr(node, "decorator_list", None)
    start = (decorators[0].lineno, 0) if decorators else (node.lineno, node.col_offset)
    return (start,
            (node.end_lineno or node.lineno, node.end_col_offset or 0))


class _Sweep:
    """Whether positions, asked in source order, fall inside one of the `spans`
    (which do not overlap): linear in tokens plus spans, whatever their number."""

    def __init__(self, spans: list[tuple]):
        self.spans = sorted(spans)
        self.next = 0

    def __call__(self, position: tuple[int, int]) -> bool:
        while self.next < len(self.spans) and self.spans[self.next][1] <= position:
            self.next += 1
        return self.next < len(self.spans) and self.spans[self.next][0] <= position


# ----------------------------------------------------------------------------- winnowing

def _hash(text: str) -> int:
    """A stable 64-bit hash (Python's own hash() differs between processes)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")


def _winnow(grams: list[int]) -> set[int]:
    """The start indices MOSS keeps: in every window of W k-grams, the rightmost
    smallest hash. Fewer k-grams than W: all of them."""
    if len(grams) <= W:
        return set(range(len(grams)))
    chosen = set()
    for left in range(len(grams) - W + 1):
        window = grams[left:left + W]
        smallest = min(window)
        chosen.add(left + W - 1 - window[::-1].index(smallest))
    return chosen


# ----------------------------------------------------------------------------- a class

def class_pairs(submissions: list[tuple[str, str, Path]],
                threshold: float) -> dict[str, list[Pair]]:
    """For (student, stem, file) triples: per exercise stem, the pairs scoring at least
    `threshold`, most similar first. Each file is read as grading reads it (a notebook
    as its code cells: grader.engine.submission); one that cannot be read is left out."""
    by_stem: dict[str, list[Code]] = {}
    for student, stem, path in submissions:
        try:
            source = submission.read(path)
        except submission.SubmissionInputError:
            continue
        by_stem.setdefault(stem, []).append(
            Code(student, source.text, source.sha256, fingerprint(source.text, _stub(stem))))
    return {stem: similar_pairs(codes, threshold) for stem, codes in by_stem.items()}


@functools.cache
def _stub(stem: str) -> str:
    """The stub students start from, as text ("" when the exercise has none)."""
    from grader.student import workspace

    path = workspace.stub_path(stem)
    try:
        return path.read_text(encoding="utf-8") if path else ""
    except (OSError, UnicodeDecodeError):
        return ""
