"""Known pitfalls: the fix for an error a correct idea runs into, added to its message.

Some student errors come from code that is right in spirit but trips over one detail
of the library, e.g. the course's `p[:] -= ...` on a 0-d tensor. When a student's
exception carries one of the messages below, the feedback says why it happens and how
to write it instead.
"""

from __future__ import annotations

import contextlib

from grader.engine.proxy import StudentError

ADVICE = {
    "slice() cannot be applied to a 0-dim tensor":
        "`p[:]` needs at least one dimension, and a 0-d tensor (a single number such as "
        "torch.tensor(1.5)) has none. Write the update so it works for every shape: "
        "`p -= ...`, `p.sub_(...)`, `p.copy_(...)` or `p[...] = ...` (an Ellipsis, "
        "not a slice)",
}


def advice(message: str) -> str:
    """The fix for a known pitfall whose text appears in `message`, or ""."""
    return next((fix for known, fix in ADVICE.items() if known in message), "")


@contextlib.contextmanager
def explained():
    """Re-raise a StudentError of a known pitfall with the fix in its message."""
    try:
        yield
    except StudentError as error:
        fix = advice(str(error.info.get("message", "")))
        if not fix:
            raise
        info = {**error.info, "message": f"{error.info['message']} {fix}"}
        raise StudentError(info) from None
