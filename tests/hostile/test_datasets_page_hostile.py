"""The Datasets page over the hostile corpus: never an exception box, one error or a full summary."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib.analysis import escape_markdown
from tests.app.conftest import APP, ok
from tests.hostile import corpus


@pytest.fixture(scope="module")
def base():
    return corpus.predictions_table()


@pytest.mark.parametrize("case", list(corpus.HOSTILE_TABLES))
def test_a_hostile_upload_shows_one_error_or_its_summary(case, base):
    name, data = corpus.HOSTILE_TABLES[case](base)
    at = ok(AppTest.from_file(str(APP), default_timeout=60).run())
    at = ok(at.switch_page("pages/datasets.py").run())
    ok(at.radio(key="datasets_source").set_value("Upload a file").run())
    ok(at.file_uploader(key="datasets_upload").set_value((name, data, "application/octet-stream")).run())
    current = at.session_state["dd_current_data"]
    if at.error:
        assert len(at.error) == 1 and name in at.error[0].value, [e.value for e in at.error]
        assert current.dataset.name == "adult_predictions.csv"  # the dataset before stays current
        return
    assert current.dataset.name == name and current.source == "upload"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Rows"] == f"{current.dataset.n_rows:,}"
    assert at.subheader[0].value == escape_markdown(name).replace("$", "\\$")  # shown as written, never as markup
    ok(at.run())  # a rerun (any widget change) over the same upload is as quiet
