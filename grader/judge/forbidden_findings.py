"""What the forbidden-API analysis (grader.judge.forbidden_static) reports: `Finding`, one
forbidden API or computed access met in code a graded function reaches, with the one
sentence a student reads about it. The groups it judges against are the catalog's
(grader.catalog.forbidden_groups.RULES).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """A forbidden API, or computed access (`evasion` says which), met in code a graded
    function reaches. `api` is the dotted name (`torch.sigmoid`, `torch.Tensor.backward`);
    `where` the file's own function (or value) it was found in; `place` its line as the
    student knows it (`line 12`, or a notebook's `cell 3, line 2`)."""

    api: str
    where: str
    place: str
    evasion: str = ""
    code: str = ""  # the source form, where it says more than `api` (`y.backward()`)
    at_import: bool = False  # found in code that runs when the file loads

    def sentence(self, graded: str) -> str:
        """The student-facing message for a test of `graded`: names the call and the
        function it was found in, never an expected value. The first clause ends in
        ", which" (suites may reword what follows)."""
        if self.evasion == UNREADABLE:
            return (f"your file is nested too deeply for the grader to read, which the "
                    f"grader cannot check for forbidden APIs: write `{graded}` plainly")
        if self.evasion == HIDDEN:
            return (f"`{graded}` is created at run time, not by a `def` the grader can "
                    f"read, which the grader cannot check for forbidden APIs: define "
                    f"`{graded}` with a plain `def`")
        inside = self._inside(graded)
        if self.evasion:
            return (f"your code {self.evasion} {inside}, which the grader cannot check "
                    f"for forbidden APIs: use library functions by their plain names, "
                    f"without changing them")
        shown = f" (`{self.code}`)" if self.code else ""
        return (f"your code uses {self.api}{shown} {inside}, which this exercise "
                f"forbids: write it with basic tensor operations")

    def _inside(self, graded: str) -> str:
        """`in `_helper` (line 4, reached from `sigmoid`)`, and the like."""
        if self.where == TOP:
            return f"at the top level of your file ({self.place})"
        if self.at_import:
            return f"in `{self.where}` ({self.place}, run when your file loads)"
        if self.where == graded:
            return f"in `{self.where}` ({self.place})"
        return f"in `{self.where}` ({self.place}, reached from `{graded}`)"


HIDDEN = "hidden"  # Finding.evasion of a graded name no def or assignment binds
UNREADABLE = "unreadable"  # Finding.evasion of a source too deep to walk
TOP = "the top level"  # Finding.where of code that runs at import
