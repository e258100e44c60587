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

# Caps checked from the archive's directory before anything is unpacked (a zip bomb is refused
# in milliseconds, whatever it claims to hold).
MAX_UNPACKED_BYTES = 2 * 2**30
MAX_ARCHIVE_MEMBERS = 20_000
MAX_SCHEMA_BYTES = 64 * 2**20
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
    _check_archive_size(data, name)


def _megabytes(count: int) -> str:
    return f"{count / 2**20:,.1f} MB"


def _check_archive_size(data: bytes, name: str) -> None:
    """Refuse archives that would unpack to more than we accept, before anything is unpacked.

    A skops file is a zip archive; its directory states each member's unpacked size, so a
    small file that would expand to gigabytes (a zip bomb) is caught from the directory alone.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError("the skops file is damaged and cannot be read", file=name, found=str(error)[:80]) from None
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise InputError(
            "the model file holds too many parts to be a model",
            file=name,
            expected=f"at most {MAX_ARCHIVE_MEMBERS:,} files inside the archive",
            found=f"{len(members):,}",
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(
            "the model file would unpack to more than Decision Desk accepts",
            file=name,
            expected=f"at most {_megabytes(MAX_UNPACKED_BYTES)} unpacked",
            found=f"{_megabytes(unpacked)} from a {_megabytes(len(data))} file",
        )
    schema = next((m for m in members if m.filename == "schema.json"), None)
    if schema is not None and schema.file_size > MAX_SCHEMA_BYTES:
        raise InputError(
            "the model file's description (schema.json) is larger than any model needs",
            file=name,
            expected=f"at most {_megabytes(MAX_SCHEMA_BYTES)}",
            found=_megabytes(schema.file_size),
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
