"""Reading a saved analysis back as its typed spec and result."""

from __future__ import annotations

from typing import Any

from lib.analysis._registry import get_kind, spec_from_dict
from lib.analysis._spec import Spec, check_schema_version
from lib.errors import InputError


def saved_parts(analysis: Any) -> tuple[Spec, Any]:
    """The typed spec and result of a saved analysis (a :class:`lib.store.Analysis`).

    Parameters
    ----------
    analysis : lib.store.Analysis

    Returns
    -------
    (Spec, Result)

    Raises
    ------
    InputError
        When the analysis was saved before specs existed, or by a newer release.
    """
    if analysis.spec is None:
        raise InputError(
            "this analysis was saved before analyses kept their spec, so it cannot be re-run or exported",
            expected="an analysis saved by this release",
            found=f"#{analysis.id} ({analysis.kind})",
        )
    kind = get_kind(analysis.kind)
    spec = spec_from_dict(analysis.spec, kind=kind.name)
    check_schema_version(
        analysis.result_version or 1,
        current=getattr(kind.result_type, "schema_version", 1),
        what=f"saved {kind.title} result",
    )
    return spec, kind.result_type.from_dict(analysis.results)
