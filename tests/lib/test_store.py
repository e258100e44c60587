"""The SQLite workspace: CRUD, migrations, concurrent saves, crash safety."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from lib import store
from lib.errors import InputError
from lib.store import Workspace, default_home


def test_default_location_follows_the_environment(isolated_workspace):
    assert default_home() == isolated_workspace
    space = Workspace()
    assert space.path == isolated_workspace / "workspace.sqlite3"
    assert space.path.exists()


def test_default_location_without_override_is_under_home(monkeypatch, tmp_path):
    monkeypatch.delenv("DECISION_DESK_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_home() == tmp_path / ".decision_desk"


def test_save_list_open_rename_delete(tmp_path):
    space = Workspace(tmp_path / "w.sqlite3")
    first = space.save(
        kind="bias_audit", title="Audit  of adult ", parameters={"limit": 0.1}, results={"ok": True}, data_hash="abc"
    )
    second = space.save(kind="roi", title="ROI case", parameters={}, results={"npv": 1.5})
    assert [a.id for a in space.list()] == [second, first]
    assert [a.id for a in space.list(kind="roi")] == [second]
    assert space.count() == 2 and space.count(kind="bias_audit") == 1
    opened = space.open(first)
    assert opened.title == "Audit of adult"
    assert opened.parameters == {"limit": 0.1} and opened.results == {"ok": True} and opened.data_hash == "abc"
    space.rename(first, "Adult audit v2")
    assert space.open(first).title == "Adult audit v2"
    assert space.list()[0].id == first  # renaming counts as an update
    space.delete(second)
    assert [a.id for a in space.list()] == [first]
    assert len(space.list(limit=0)) == 0


def test_results_with_numpy_and_nan_are_stored_as_strict_json(tmp_path):
    import numpy as np

    space = Workspace(tmp_path / "w.sqlite3")
    analysis_id = space.save(
        kind="k", title="t", parameters={"n": np.int64(3)}, results={"x": np.float64("nan"), "v": np.arange(2)}
    )
    assert space.open(analysis_id).results == {"x": None, "v": [0, 1]}


@pytest.mark.parametrize("action", ["open", "rename", "delete"])
def test_unknown_ids_are_reported(tmp_path, action):
    space = Workspace(tmp_path / "w.sqlite3")
    with pytest.raises(InputError, match="no saved analysis with this id"):
        if action == "rename":
            space.rename(99, "x")
        else:
            getattr(space, action)(99)


def test_empty_title_is_refused(tmp_path):
    with pytest.raises(InputError, match="needs a title"):
        Workspace(tmp_path / "w.sqlite3").save(kind="k", title="   ", parameters={}, results={})


def test_wal_mode_and_schema_version(tmp_path):
    space = Workspace(tmp_path / "w.sqlite3")
    assert space.schema_version == len(store.MIGRATIONS)
    with sqlite3.connect(space.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrations_run_once_and_in_order(tmp_path, monkeypatch):
    path = tmp_path / "w.sqlite3"
    Workspace(path).save(kind="k", title="kept", parameters={}, results={})

    def add_notes(connection):
        connection.execute("ALTER TABLE analyses ADD COLUMN notes TEXT")

    released = len(store.MIGRATIONS)
    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, add_notes])
    upgraded = Workspace(path)
    assert upgraded.schema_version == released + 1
    Workspace(path)  # a second open must not run the migration again
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(analyses)")]
        versions = [row[0] for row in connection.execute("SELECT version FROM schema_version")]
    assert "notes" in columns and versions == list(range(1, released + 2))
    assert upgraded.list()[0].title == "kept"


def test_a_workspace_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "w.sqlite3"
    Workspace(path)
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO schema_version (version) VALUES (99)")
    with pytest.raises(InputError, match="newer version"):
        Workspace(path)


def _save_many(path: str, label: str, count: int) -> None:
    space = Workspace(path)
    for i in range(count):
        space.save(kind="k", title=f"{label}-{i}", parameters={"i": i}, results={"label": label})


def test_two_processes_saving_at_once_both_succeed(tmp_path):
    # Separate interpreters (not multiprocessing): a spawned child would re-run whatever script the
    # test process was started from, which under pytest-xdist may be another test's generated app.
    path = str(tmp_path / "w.sqlite3")
    Workspace(path)
    root = Path(__file__).resolve().parents[2]
    code = textwrap.dedent(
        """
        import sys
        from lib.store import Workspace
        space = Workspace(sys.argv[1])
        for i in range(40):
            space.save(kind="k", title=f"{sys.argv[2]}-{i}", parameters={"i": i}, results={})
        """
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", code, path, label], cwd=root, stderr=subprocess.PIPE, text=True)
        for label in ("a", "b")
    ]
    for worker in workers:
        # Generous: on a loaded 2-core machine starting Python with pandas takes seconds.
        _, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err[-2000:]
    titles = {a.title for a in Workspace(path).list()}
    assert titles == {f"{label}-{i}" for label in ("a", "b") for i in range(40)}


def test_two_threads_saving_at_once_both_succeed(tmp_path):
    path = str(tmp_path / "w.sqlite3")
    threads = [threading.Thread(target=_save_many, args=(path, label, 30)) for label in ("x", "y")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Workspace(path).count() == 60


def test_a_crash_mid_save_loses_nothing_already_saved(tmp_path):
    path = tmp_path / "w.sqlite3"
    space = Workspace(path)
    kept = space.save(kind="k", title="before the crash", parameters={}, results={"v": 1})
    # A process that dies (os._exit, no cleanup) halfway through a save transaction.
    script = textwrap.dedent(
        f"""
        import os, sqlite3
        connection = sqlite3.connect({str(path)!r}, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO analyses (kind, title, parameters, results, created_at, updated_at)"
                           " VALUES ('k', 'half-saved', '{{}}', '{{}}', 'x', 'x')")
        os._exit(1)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 1
    reopened = Workspace(path)
    assert [a.title for a in reopened.list()] == ["before the crash"]
    assert reopened.open(kept).results == {"v": 1}
    reopened.save(kind="k", title="after the crash", parameters={}, results={})
    assert reopened.count() == 2


def test_a_typed_analysis_keeps_its_spec_result_versions_and_inputs(tmp_path):
    from lib.analysis import run, saved_parts
    from lib.fairness import AuditSpec

    spec = AuditSpec(label="label", prediction="prediction", sensitive=("sex",), n_boot=60)
    result = run(spec, {"data": "adult_predictions"})
    space = Workspace(tmp_path / "w.sqlite3")
    analysis_id = space.save_analysis(title="Audit", spec=spec, result=result, locations={"data": "adult_predictions"})
    saved = space.open(analysis_id)
    assert saved.kind == "bias_audit" and saved.typed and saved.spec_version == 1 and saved.result_version == 1
    assert saved.data_hash == result.provenance.input_sha256 and saved.locations == {"data": "adult_predictions"}
    again_spec, again_result = saved_parts(saved)
    assert again_spec == spec and again_result.to_dict() == result.to_dict()


def test_an_analysis_saved_before_specs_reads_but_cannot_be_rerun(tmp_path):
    from lib.analysis import saved_parts

    space = Workspace(tmp_path / "w.sqlite3")
    legacy = space.open(space.save(kind="roi", title="Old", parameters={"a": 1}, results={"npv": 2.0}))
    assert not legacy.typed and legacy.to_dict()["parameters"] == {"a": 1}
    with pytest.raises(InputError, match="saved before analyses kept their spec"):
        saved_parts(legacy)


def test_a_result_from_a_newer_release_is_refused(tmp_path):
    from lib.analysis import run, saved_parts
    from lib.fairness import AuditSpec

    spec = AuditSpec(label="label", prediction="prediction", sensitive=("sex",), n_boot=60)
    space = Workspace(tmp_path / "w.sqlite3")
    analysis_id = space.save_analysis(title="Audit", spec=spec, result=run(spec, {"data": "adult_predictions"}))
    with sqlite3.connect(space.path) as connection:
        connection.execute("UPDATE analyses SET result_version = 9 WHERE id = ?", (analysis_id,))
    with pytest.raises(InputError, match="newer version of Decision Desk"):
        saved_parts(space.open(analysis_id))


@pytest.mark.parametrize(
    ("content", "found"),
    [(b"", "an empty file (0 bytes)"), (b"not sqlite" * 500, "file is not a database")],
)
def test_a_damaged_file_is_refused_naming_it_and_never_reused(tmp_path, content, found):
    from lib.store import WorkspaceError

    path = tmp_path / "w.sqlite3"
    path.write_bytes(content)
    with pytest.raises(WorkspaceError) as error:
        Workspace(path)
    assert error.value.damaged and found in str(error.value) and "w.sqlite3" in str(error.value)
    assert path.read_bytes() == content  # untouched: no new workspace was written into it


def test_a_truncated_workspace_is_damaged_and_can_be_set_aside(tmp_path):
    from lib.store import WorkspaceError, set_aside

    path = tmp_path / "w.sqlite3"
    space = Workspace(path)
    for i in range(40):
        space.save(kind="k", title=f"t{i}", parameters={"x": "y" * 400}, results={"r": list(range(300))})
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(WorkspaceError, match="damaged"):
        Workspace(path).list()
    moved = set_aside(path)
    assert moved.exists() and not path.exists() and ".damaged-" in moved.name
    assert moved.read_bytes() == data[: len(data) // 2]
    assert Workspace(path).count() == 0  # a fresh workspace in its place


def test_a_folder_that_cannot_be_made_is_one_clear_error(tmp_path):
    from lib.store import WorkspaceError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WorkspaceError, match="cannot be created") as error:
        Workspace(blocker / "sub" / "w.sqlite3")
    assert not error.value.damaged


def test_workspace_commands_exit_2_on_a_damaged_file(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "workspace.sqlite3").write_bytes(b"garbage" * 100)
    root = Path(__file__).resolve().parents[2]
    for args in (["workspace", "list"], ["workspace", "show", "1"]):
        done = subprocess.run(
            [sys.executable, "-m", "lib", *args],
            cwd=root, capture_output=True, text=True, env={**__import__("os").environ, "DECISION_DESK_HOME": str(home)},
        )  # fmt: skip
        assert done.returncode == 2 and "damaged" in done.stderr and done.stderr.count("\n") == 1


# --- the failure log (Team & Portfolio) ---------------------------------------------------------------


def _failure(**changes):
    entry = {
        "title": "Offline gain did not hold online",
        "what_happened": "A ranking model gained 2 % NDCG offline and lost 0.5 % CTR in the A/B test.",
        "why": "The offline set left out cold-start users.",
        "detection": "The A/B guardrail on new users.",
        "mitigation": "Rolled back within a day.",
        "durable_fix": "Evaluation sets are stratified by user tenure.",
        "tags": ["evaluation", "a/b test"],
        "analysis_id": None,
        "occurred_on": "2025-03-04",
    }
    return {**entry, **changes}


def test_failure_log_migration_upgrades_an_older_workspace_and_keeps_its_analyses(tmp_path):
    path = tmp_path / "w.sqlite3"
    older = len(store.MIGRATIONS) - 1
    position = next(i for i, m in enumerate(store.MIGRATIONS) if m.__name__ == "_migration_failure_log")
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        for version, migration in enumerate(store.MIGRATIONS[:position], start=1):
            migration(connection)
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
        connection.execute(
            "INSERT INTO analyses (kind, title, parameters, results, created_at, updated_at)"
            " VALUES ('roi', 'Kept', '{}', '{}', 'now', 'now')"
        )
    assert older >= position
    space = Workspace(path)
    assert space.schema_version == len(store.MIGRATIONS)
    assert [a.title for a in space.list()] == ["Kept"]
    assert space.failures() == ()
    new_id = space.add_failure(_failure())
    assert [f["id"] for f in space.failures()] == [new_id]


def test_failure_log_add_update_list_delete(tmp_path):
    space = Workspace(tmp_path / "w.sqlite3")
    first = space.add_failure(_failure())
    second = space.add_failure(_failure(title="Label leak", tags=[], analysis_id=7, occurred_on=None))
    rows = space.failures()
    assert [r["id"] for r in rows] == [second, first]  # most recently updated first
    assert rows[0]["analysis_id"] == 7 and rows[0]["tags"] == [] and rows[0]["occurred_on"] is None
    assert rows[1]["tags"] == ["evaluation", "a/b test"] and rows[1]["why"].startswith("The offline set")
    space.update_failure(first, _failure(durable_fix="Stratified sets and a cold-start guardrail."))
    rows = space.failures()
    assert rows[0]["id"] == first and rows[0]["durable_fix"] == "Stratified sets and a cold-start guardrail."
    assert rows[0]["created_at"] <= rows[0]["updated_at"]
    space.delete_failure(second)
    assert [r["id"] for r in space.failures()] == [first]


def test_failure_log_unknown_ids_are_one_clear_error(tmp_path):
    space = Workspace(tmp_path / "w.sqlite3")
    with pytest.raises(InputError, match="no logged failure with this id"):
        space.update_failure(41, _failure())
    with pytest.raises(InputError, match="no logged failure with this id"):
        space.delete_failure(41)


def test_failure_log_text_is_stored_as_given(tmp_path):
    space = Workspace(tmp_path / "w.sqlite3")
    tricky = "=HYPERLINK(\"x\") <script>alert(1)</script> 'quotes'; DROP TABLE failure_log; --"
    space.add_failure(_failure(title=tricky, tags=["ünïcode", "=cmd"]))
    row = space.failures()[0]
    assert row["title"] == tricky and row["tags"] == ["ünïcode", "=cmd"]
