"""Markdown that renders exactly the text it was given: escaping, code spans, blocks.

The Markdown report's Jinja environment finalizes every value with `md_escape`; what is
already safe is a `Markup` (the `code`, `block` and `text` filters below).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])(?=\s|$|=)|(\d+)([.)])(?=\s|$))")


def md_escape(text: str) -> str:
    """Inline Markdown text that renders as exactly `text`: one line, no markup."""
    text = " ".join(str(text).split("\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_md_unlist, text)


def _md_unlist(match: re.Match) -> str:
    """Escape what would start a list or heading underline: "- x", "1. x", "= x"."""
    indent, sign, digits, dot = match.groups()
    return indent + ("\\" + sign if sign else digits + "\\" + dot)


def md_code(text: str) -> Markup:
    """An inline code span holding `text` literally, whatever backticks it contains."""
    text = " ".join(str(text).split("\n"))
    ticks = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return Markup(f"{ticks}{pad}{text}{pad}{ticks}")


def md_block(text: str) -> Markup:
    """A fenced code block holding `text` literally: the fence outgrows any backtick run."""
    runs = (len(run) for run in re.findall("`{3,}", text))
    fence = "`" * max(3, max(runs, default=0) + 1)
    return Markup(f"{fence}text\n{text.rstrip()}\n{fence}")


def md_text(text: str) -> Markup:
    """One line of escaped text, or a fenced block when `text` has several lines."""
    return md_block(text) if "\n" in text.strip() else Markup(md_escape(text))


def md_finalize(value: Any) -> Any:
    """Jinja's `finalize` for Markdown: every value escaped unless it is Markup."""
    if isinstance(value, Markup):
        return value
    return md_escape("" if value is None else value)


FILTERS = {"code": md_code, "block": md_block, "text": md_text}
