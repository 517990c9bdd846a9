"""An HTML report page fitted to a notebook cell (JupyterLab, VS Code).

`fit_to_cell(page)` keeps the page's body without the document around it, inside one
`<div class="torchgrade-report">` (the template draws it when told the class), with
every CSS rule scoped under that class so the report never restyles the page it is
shown in, and every id made unique to this fragment.
"""

from __future__ import annotations

import re
import uuid

FRAGMENT_CLASS = "torchgrade-report"  # the one class a fragment's CSS is scoped under
_FRAGMENT_CSS = f".{FRAGMENT_CLASS} {{ margin: 0; padding: .5rem .75rem; max-width: 60rem; }}\n"
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ID_ATTRIBUTE = re.compile(r'(?<=\s)(id|aria-labelledby|aria-describedby|href)="(#?)([\w-]+)"')


def fit_to_cell(page: str) -> str:
    """`page` (the report template rendered with fragment=FRAGMENT_CLASS) with its CSS
    scoped under the fragment's class and its ids unique to this fragment."""
    start, end = page.index("<style>") + len("<style>"), page.index("</style>")
    css = _CSS_RULE.sub(_scoped_rule, page[start:end]) + _FRAGMENT_CSS
    return page[:start] + css + _unique_ids(page[end:], uuid.uuid4().hex[:8])


def _unique_ids(html: str, token: str) -> str:
    """Every id (and each reference to one) suffixed with `-token`: a notebook shows
    many reports in one page, and ids must stay unique there. Only the template's own
    attributes match: autoescaping turns a quote from the submission into `&#34;`."""
    return _ID_ATTRIBUTE.sub(lambda m: f'{m[1]}="{m[2]}{m[3]}-{token}"', html)


def _scoped_rule(match: re.Match) -> str:
    """One CSS rule of the page under the fragment's class: `body`/`main` become the
    fragment's own box, every other selector gets the class in front."""
    scope = f".{FRAGMENT_CLASS}"
    selectors = [item.strip() for item in match.group(1).split(",")]
    scoped = [scope if item in ("body", "main") else f"{scope} {item}" for item in selectors]
    return f"\n{', '.join(scoped)} {{{match.group(2)}}}"
