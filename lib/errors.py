"""The one error type that bad input raises anywhere in :mod:`lib`."""

from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be used, explained for a person who is not a programmer.

    The message names the file, the column, what was expected and what was
    found, so a page can show it with ``st.error`` and the command line can
    print it as one line and exit with code 2.

    Parameters
    ----------
    problem : str
        What is wrong, in plain words.
    file : str, optional
        Name of the file the problem is in.
    column : str, optional
        Name of the column the problem is in.
    expected : str, optional
        What the input should have held.
    found : str, optional
        What it held instead.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.column = column
        self.expected = expected
        self.found = found
        super().__init__(self._compose())

    def _compose(self) -> str:
        where = []
        if self.file:
            where.append(f"file '{self.file}'")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = (", ".join(where) + ": " if where else "") + self.problem.rstrip(".")
        if self.expected:
            text += f". Expected {self.expected}"
        if self.found:
            text += f"; found {self.found}"
        return " ".join(text.split()) + "."

    def with_file(self, file: str) -> InputError:
        """Return the same error with the file name filled in when it was missing."""
        if self.file:
            return self
        return InputError(self.problem, file=file, column=self.column, expected=self.expected, found=self.found)
