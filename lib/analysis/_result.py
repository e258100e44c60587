"""The base of every analysis result: generic JSON, and rich display in Jupyter."""

from __future__ import annotations

import json
from typing import ClassVar

from lib.analysis._codec import Record


class Result(Record):
    """Mixin for frozen result dataclasses.

    ``to_dict()`` / ``from_dict()`` come from the fields (see
    :mod:`lib.analysis._codec`); ``to_json()`` is the command line's
    ``--format json``. In Jupyter a result shows its report. ``schema_version``
    is stored with every saved result, so a later release can read old ones.
    """

    schema_version: ClassVar[int] = 1

    def to_json(self) -> str:
        """The result as strict, indented JSON."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)

    def report(self):
        """The report of this result, built by its analysis kind."""
        from lib.analysis._registry import report_of

        return report_of(self)

    def _repr_html_(self) -> str:
        from lib.analysis._render import render_html_fragment

        return render_html_fragment(self.report())

    def _repr_markdown_(self) -> str:
        return self.report().to_markdown()
