"""Safe file and folder names for what a class submitted: staged files, students' folders.

    staged_name("hw3 (2).py") -> the name a submission is staged and reported under
    folder_name("Ana María") -> a student's folder under OUT/students
    bounded_name(name, suffix, limit) -> at most `limit` bytes, long names kept distinct
"""

from __future__ import annotations

import hashlib
import re

from grader.reports import display

MAX_NAME_BYTES = 120  # a staged file's name; write_atomic adds a temporary prefix
MAX_FOLDER_BYTES = 100  # a student's folder under OUT/students and the staging folder
# display.UNSAFE_CHARACTERS (what no terminal may obey) plus what no file name may hold:
# path separators, NUL (a control) and undecodable bytes (lone surrogates).
_UNSAFE_IN_NAME = re.compile(rf"[/\\{display.UNSAFE_CHARACTERS}\ud800-\udfff]")


def staged_name(original: str) -> str:
    """The file name a submission is staged (and reported) under: its own name with
    path separators, control and bidi characters and undecodable bytes replaced, and
    at most MAX_NAME_BYTES long (see bounded_name)."""
    stem, dot, suffix = original.rpartition(".")
    if not dot:
        stem, suffix = original, ""
    safe = _UNSAFE_IN_NAME.sub("_", stem)
    return bounded_name(safe, f".{_UNSAFE_IN_NAME.sub('_', suffix.lower())}" if dot else "",
                        MAX_NAME_BYTES, original)


def bounded_name(name: str, suffix: str, limit: int, identity: str | None = None) -> str:
    """`name + suffix` when its UTF-8 is at most `limit` bytes; else `name` cut short,
    a hash of `identity` (default: `name`) and `suffix`, so two long names that share
    their beginning still get different names. Whatever the input, the result fits
    any file system's 255-byte limit with room for a temporary-file prefix."""
    if len((name + suffix).encode("utf-8")) <= limit:
        return name + suffix
    source = (identity if identity is not None else name).encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(source).hexdigest()[:12]
    room = max(limit - len(suffix.encode("utf-8")) - len(digest) - 1, 8)
    head = name.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{head}-{digest}{suffix}"


def folder_name(key: str) -> str:
    """A student's folder name before it is made unique: word characters, dots and
    dashes only, at most MAX_FOLDER_BYTES."""
    return bounded_name(re.sub(r"[^\w.-]+", "_", key).strip("._") or "student", "",
                        MAX_FOLDER_BYTES)
