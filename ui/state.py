"""The current dataset and its column roles, kept in session state for every page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from lib.data import ColumnRoles, Dataset

_KEY = "dd_current_data"


@dataclass(frozen=True)
class CurrentData:
    """The dataset the user is working on, with the roles they confirmed."""

    frame: pd.DataFrame
    dataset: Dataset
    roles: ColumnRoles
    source: str  # "sample:<key>", "upload" or "log:<path, folder or glob>"
    # A log opened where it lies (lib.logs.LogSource): ``frame`` is then a stated sample of it, and
    # audits and drift run on the log itself through counts.
    log: Any = None


def current_data() -> CurrentData | None:
    """The dataset chosen on the Datasets page, if any."""
    return st.session_state.get(_KEY)


def set_current_data(frame: pd.DataFrame, dataset: Dataset, *, source: str, log: Any = None) -> CurrentData:
    """Make a freshly loaded table the current one, with its inferred roles.

    Loading the file that is already current changes nothing, so the roles the
    user corrected are kept.
    """
    previous = current_data()
    if previous is not None and previous.dataset.sha256 == dataset.sha256:
        return previous
    data = CurrentData(frame=frame, dataset=dataset, roles=dataset.roles, source=source, log=log)
    st.session_state[_KEY] = data
    return data


def set_roles(roles: ColumnRoles) -> None:
    """Replace the roles of the current dataset."""
    data = current_data()
    if data is not None:
        st.session_state[_KEY] = CurrentData(data.frame, data.dataset, roles, data.source, data.log)
