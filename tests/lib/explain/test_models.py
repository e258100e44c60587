"""Uploaded models: approvals bound to one file's bytes, the file named in messages and provenance."""

from __future__ import annotations

import numpy as np
import pytest
import skops.io as sio
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier

from lib.analysis import TableSource, file_source, run
from lib.errors import InputError
from lib.explain import ExplainSpec, run_explain, untrusted_types
from tests.lib.explain.fixtures import make_table


@pytest.fixture(scope="module")
def table():
    return make_table(200)


@pytest.fixture(scope="module")
def data(table) -> TableSource:
    return TableSource(table, "table.csv", "1" * 64)


def _model(table, iterations: int):
    model = HistGradientBoostingClassifier(max_iter=iterations, random_state=0)
    return file_source(sio.dumps(model.fit(table[["x1", "x2"]], table["outcome"])), f"model_{iterations}.skops")


@pytest.fixture(scope="module")
def model_a(table):
    return _model(table, 10)


@pytest.fixture(scope="module")
def model_b(table):
    return _model(table, 12)


def _approved(model) -> ExplainSpec:
    return ExplainSpec(
        way_in="upload", target="outcome", trusted=tuple(untrusted_types(model.data, model.name)),
        model_sha256=model.sha256,
    )  # fmt: skip


def test_approved_file_is_explained_and_named_in_provenance(data, model_a):
    result = run_explain(_approved(model_a), {"data": data, "model": model_a})
    assert result.additivity_ok and result.explainer == "tree"
    assert result.provenance.inputs["model"] == {"name": "model_10.skops", "sha256": model_a.sha256}
    assert result.provenance.inputs["data"]["name"] == "table.csv"


def test_an_approval_for_one_file_does_not_carry_over_to_another(data, model_a, model_b):
    assert model_a.sha256 != model_b.sha256
    assert untrusted_types(model_a.data, model_a.name) == untrusted_types(model_b.data, model_b.name)
    with pytest.raises(InputError, match="another model file") as error:
        run_explain(_approved(model_a), {"data": data, "model": model_b})
    assert "model_12.skops" in str(error.value) and model_b.sha256 in str(error.value)
    assert "model_10.skops" not in str(error.value)


def test_a_file_without_approvals_is_refused_naming_that_file(data, model_b):
    spec = ExplainSpec(way_in="upload", target="outcome", model_sha256=model_b.sha256)
    with pytest.raises(InputError, match="not approved") as error:
        run_explain(spec, {"data": data, "model": model_b})
    assert "model_12.skops" in str(error.value)


def test_the_hash_is_taken_from_the_bytes_not_the_label(data, model_a, model_b):
    relabelled = type(model_b)(data=model_b.data, name=model_b.name, sha256=model_a.sha256)
    with pytest.raises(InputError, match="another model file"):
        run_explain(_approved(model_a), {"data": data, "model": relabelled})


def test_a_trusted_model_that_cannot_predict_on_the_data_is_bad_input(table, data):
    forest = RandomForestClassifier(n_estimators=5, random_state=0).fit(table[["x1", "x2"]], table["outcome"])
    model = file_source(sio.dumps(forest), "forest.skops")
    broken = TableSource(table.assign(x1=np.where(table.index == 3, np.inf, table["x1"])), "inf.csv", "2" * 64)
    with pytest.raises(InputError, match="failed on this data") as error:
        run_explain(_approved(model), {"data": broken, "model": model})
    assert "forest.skops" in str(error.value) and "infinity" in str(error.value)
    text = TableSource(table.assign(x1="red"), "text.csv", "3" * 64)
    with pytest.raises(InputError, match="failed on this data"):
        run_explain(_approved(model), {"data": text, "model": model})


def test_the_upload_runs_from_paths_like_a_notebook(tmp_path, table, model_a):
    table.to_csv(tmp_path / "table.csv", index=False)
    (tmp_path / "model.skops").write_bytes(model_a.data)
    result = run(_approved(model_a), {"data": str(tmp_path / "table.csv"), "model": str(tmp_path / "model.skops")})
    assert result.provenance.inputs["model"]["name"] == "model.skops"
    assert set(result.metrics) == {"accuracy", "f1", "auc"}


def _archive(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_from_the_directory_before_unpacking():
    from lib.errors import InputError
    from lib.explain import untrusted_types

    bomb = _archive({"schema.json": b" " * (200 * 2**20)})
    assert len(bomb) < 1_000_000
    with pytest.raises(InputError, match="larger than any model needs") as error:
        untrusted_types(bomb, "bomb.skops")
    assert "200.0 MB" in str(error.value) and "bomb.skops" in str(error.value)
    many = _archive({f"part{i}": b"" for i in range(20_001)})
    with pytest.raises(InputError, match="too many parts"):
        untrusted_types(many, "many.skops")
