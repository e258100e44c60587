"""Spark runs the same aggregations as DuckDB: identical counts, identical audits, the same errors."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from lib.analysis import run
from lib.errors import InputError
from lib.fairness import AuditSpec
from lib.logs import open_log

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason="the Spark extra is not installed (pip install -r requirements-spark.txt, and Java 17)",
)


@pytest.fixture(scope="session")
def spark():
    """One local Spark session for every Spark test (starting one takes seconds)."""
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("decision-desk-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _without_provenance(result) -> dict:
    data = result.to_dict()
    data.pop("provenance")
    return data


def test_spark_and_duckdb_give_the_same_counts_audit_and_errors(spark, partitioned, log_frame, tmp_path):
    # One test: starting Spark's first query costs seconds, and CI's budget is shared.
    spec = AuditSpec(label="label", score="score", sensitive=("sex", "race"), intersectional=True, n_boot=100)
    duck = open_log(partitioned, memory_limit="256MB", threads=1)
    on_spark = open_log(partitioned, engine="spark", threads=2)
    found = run(spec, {"data": on_spark})
    assert _without_provenance(found) == _without_provenance(run(spec, {"data": duck}))
    described = found.provenance.inputs["data"]
    assert described["engine"] == "spark" and described["spark_master"] == "local[2]"
    assert found.provenance.library_versions["pyspark"] == described["engine_version"]

    assert on_spark.row_count() == len(log_frame) and "month" in on_spark.column_names()
    sample = on_spark.sample(7, seed=2)
    assert len(sample) == 7 and sample.equals(on_spark.sample(7, seed=2))

    log_frame.assign(score=log_frame["score"].astype(str)).to_parquet(tmp_path / "text.parquet")
    with pytest.raises(InputError, match="score column must hold numbers"):
        run(spec, {"data": open_log(tmp_path / "text.parquet", engine="spark", threads=1)})
