"""Uploaded models: skops files only, loaded with an allow-list the user approved.

A pickle or joblib file can run any code while it loads, so it is refused
before anything reads it; a skops file lists the types it would create, and
only the types the user approved are allowed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

import pandas as pd
import skops.io as sio

from lib.errors import InputError

_PICKLE_EXTENSIONS = {".pkl", ".pickle", ".joblib", ".jbl", ".sav", ".dill", ".cloudpickle"}
_PICKLE_REASON = "pickle and joblib files can run arbitrary code while loading, so Decision Desk never opens them"


def _looks_like_pickle(data: bytes) -> bool:
    # Protocol 2+ pickles start with 0x80 and the protocol number; joblib's
    # compressed files start with zlib (0x78) or gzip (0x1f 0x8b) headers.
    return (len(data) >= 2 and data[0] == 0x80 and data[1] <= 5) or data[:2] in (b"\x1f\x8b", b"x\x9c", b"x\xda")


def check_model_file(data: bytes, name: str) -> None:
    """Refuse anything but a skops file, explaining why.

    Raises
    ------
    InputError
        For pickle/joblib files (by extension or by their first bytes) and for
        files that are not skops archives.
    """
    suffix = PurePath(name).suffix.lower()
    if suffix in _PICKLE_EXTENSIONS or _looks_like_pickle(data):
        raise InputError(
            _PICKLE_REASON,
            file=name,
            expected="a model saved with skops.io.dump (.skops)",
            found="a pickle/joblib file",
        )
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(
            "the model file is not a readable skops file",
            file=name,
            expected="a model saved with skops.io.dump (.skops)",
            found=f"{len(data):,} bytes of another format",
        )


def untrusted_types(data: bytes, name: str) -> list[str]:
    """The types in a skops file that skops does not trust by default (for the user to review).

    Raises
    ------
    InputError
        For pickle files and corrupt skops files.
    """
    check_model_file(data, name)
    try:
        return sorted(sio.get_untrusted_types(data=data))
    except Exception as error:  # skops raises many types for damaged archives
        raise InputError(
            "the skops file is damaged and cannot be read",
            file=name,
            expected="a complete file written by skops.io.dump",
            found=type(error).__name__,
        ) from error


def load_model(data: bytes, name: str, *, trusted: Sequence[str] = ()) -> Any:
    """Load a skops model, allowing only the approved types.

    Raises
    ------
    InputError
        When some untrusted types were not approved, or the file is not a usable model.
    """
    needed = untrusted_types(data, name)
    unapproved = [t for t in needed if t not in set(trusted)]
    if unapproved:
        raise InputError(
            "the model file holds types that were not approved",
            file=name,
            expected="approval of every listed type (--trust TYPE on the command line)",
            found="not approved: " + ", ".join(unapproved),
        )
    try:
        model = sio.loads(data, trusted=list(needed))
    except Exception as error:
        raise InputError(
            "the skops file is damaged and cannot be loaded", file=name, found=type(error).__name__
        ) from error
    if not hasattr(model, "predict"):
        raise InputError(
            "the file does not hold a model",
            file=name,
            expected="a fitted scikit-learn estimator or pipeline",
            found=type(model).__name__,
        )
    return model


def model_columns(model: Any, frame: pd.DataFrame, *, features: Sequence[str] | None, file: str | None) -> list[str]:
    """Columns to hand the model, checked against the data.

    Raises
    ------
    InputError
        Naming the columns the model expects that the data lacks.
    """
    expected = getattr(model, "feature_names_in_", None)
    if expected is None and hasattr(model, "steps"):
        expected = getattr(model.steps[0][1], "feature_names_in_", None)
    if expected is None:
        if not features:
            raise InputError(
                "the model does not record its input columns",
                file=file,
                expected="the features listed in the order the model was trained on",
                found="no column names in the model",
            )
        expected = list(features)
    expected = [str(c) for c in expected]
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise InputError(
            "the model expects columns that the data does not have",
            file=file,
            column=missing[0],
            expected="columns " + ", ".join(expected[:12]) + (" ..." if len(expected) > 12 else ""),
            found="missing " + ", ".join(missing),
        )
    return expected
