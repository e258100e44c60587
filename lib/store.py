"""The workspace: named analyses saved in a local SQLite file.

Every call opens its own short-lived connection, so several browser sessions
(threads) and command-line runs can use one workspace at once. WAL mode lets
readers proceed while one writer commits; ``busy_timeout`` makes a second
writer wait instead of failing. Each save is one transaction, so a crash mid-save
rolls back that save and nothing already saved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.errors import InputError
from lib.export import jsonable

HOME_VARIABLE = "DECISION_DESK_HOME"
FILE_NAME = "workspace.sqlite3"


def default_home() -> Path:
    """Workspace folder: ``$DECISION_DESK_HOME`` or ``~/.decision_desk``."""
    override = os.environ.get(HOME_VARIABLE)
    return Path(override).expanduser() if override else Path.home() / ".decision_desk"


def _migration_1(connection: sqlite3.Connection) -> None:
    connection.execute(
        """
        CREATE TABLE analyses (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            parameters TEXT NOT NULL,
            results TEXT NOT NULL,
            data_hash TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    connection.execute("CREATE INDEX analyses_by_update ON analyses(updated_at DESC)")
    connection.execute("CREATE INDEX analyses_by_kind ON analyses(kind)")


def _migration_practice(connection: sqlite3.Connection) -> None:
    # Interview practice: one row per scored attempt (scores per dimension as JSON,
    # so the rubric can grow without a migration) and the candidate's STAR stories.
    connection.execute(
        """
        CREATE TABLE IF NOT EXISTS practice_attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            scenario_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            total REAL NOT NULL,
            dimensions TEXT NOT NULL,
            self_rubric TEXT,
            minutes REAL,
            answer TEXT NOT NULL
        )
        """
    )
    connection.execute("CREATE INDEX IF NOT EXISTS practice_attempts_by_time ON practice_attempts(created_at)")
    connection.execute(
        """
        CREATE TABLE IF NOT EXISTS practice_stories (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            situation TEXT NOT NULL,
            task TEXT NOT NULL,
            action TEXT NOT NULL,
            result TEXT NOT NULL,
            tags TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )


def _migration_typed_analyses(connection: sqlite3.Connection) -> None:
    # Analyses on the analysis contract: the typed spec and result with their schema versions,
    # and where each input can be found again (a path or a bundled sample's key).
    connection.execute("ALTER TABLE analyses ADD COLUMN spec TEXT")
    connection.execute("ALTER TABLE analyses ADD COLUMN spec_version INTEGER")
    connection.execute("ALTER TABLE analyses ADD COLUMN result_version INTEGER")
    connection.execute("ALTER TABLE analyses ADD COLUMN locations TEXT")


def _migration_failure_log(connection: sqlite3.Connection) -> None:
    # Team & Portfolio: the failure log, one row per documented failure with its ownership story
    # (what happened, why, how it was detected and mitigated, the durable fix); tags as JSON.
    connection.execute(
        """
        CREATE TABLE IF NOT EXISTS failure_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            what_happened TEXT NOT NULL,
            why TEXT NOT NULL,
            detection TEXT NOT NULL DEFAULT '',
            mitigation TEXT NOT NULL DEFAULT '',
            durable_fix TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            analysis_id INTEGER,
            occurred_on TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    connection.execute("CREATE INDEX IF NOT EXISTS failure_log_by_update ON failure_log(updated_at DESC)")


# Append only: position i+1 is schema version i+1. Never edit a released migration.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migration_1,
    _migration_practice,
    _migration_typed_analyses,
    _migration_failure_log,
]


@dataclass(frozen=True)
class AnalysisSummary:
    """One line of the workspace list."""

    id: int
    kind: str
    title: str
    data_hash: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Analysis:
    """A saved analysis, whole.

    ``spec`` is the typed spec's JSON (None for analyses saved before specs existed);
    ``results`` is the result's JSON. ``locations`` says where each input can be found
    again (role -> path or bundled sample key).
    """

    id: int
    kind: str
    title: str
    parameters: dict[str, Any]
    results: dict[str, Any]
    data_hash: str | None
    created_at: str
    updated_at: str
    spec: dict[str, Any] | None = None
    spec_version: int | None = None
    result_version: int | None = None
    locations: dict[str, str] | None = None

    @property
    def typed(self) -> bool:
        """Whether the analysis carries a spec it can be re-run from."""
        return self.spec is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready record (what ``workspace show`` prints)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "title": self.title,
            "data_hash": self.data_hash,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "spec": self.spec,
            "spec_version": self.spec_version,
            "result": self.results,
            "result_version": self.result_version,
            "locations": self.locations or {},
            **({} if self.typed else {"parameters": self.parameters}),
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _unknown_id(analysis_id: int) -> InputError:
    return InputError(
        "no saved analysis with this id", expected="an id from the workspace list", found=str(analysis_id)
    )


def _clean_title(title: str) -> str:
    text = " ".join(str(title).split())
    if not text:
        raise InputError("an analysis needs a title", expected="a non-empty title", found="an empty one")
    if len(text) > 200:
        raise InputError("the title is too long", expected="at most 200 characters", found=f"{len(text)}")
    return text


class WorkspaceError(InputError):
    """The workspace file cannot be used: damaged, unreadable, or in a folder that cannot be written.

    ``damaged`` is True when the file exists but is not a sound workspace; such a file
    can be set aside (:meth:`Workspace.set_aside`), never deleted.
    """

    def __init__(self, problem: str, *, path: Path, damaged: bool, found: str | None = None) -> None:
        self.path = path
        self.damaged = damaged
        super().__init__(problem, file=str(path), found=found)


def _damaged(path: Path, found: str) -> WorkspaceError:
    return WorkspaceError(
        "the workspace file is damaged; set it aside to start a new one (it is renamed, not deleted)",
        path=path,
        damaged=True,
        found=found,
    )


def set_aside(path: str | os.PathLike[str]) -> Path:
    """Rename a damaged workspace file (and its WAL files) with a timestamp; return the new path.

    Parameters
    ----------
    path : str or Path
        The workspace file.

    Returns
    -------
    Path
        Where the file now is.
    """
    source = Path(path)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = source.with_name(f"{source.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm"):
        extra = source.with_name(source.name + suffix)
        if extra.exists():
            extra.rename(target.with_name(target.name + suffix))
    source.rename(target)
    return target


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a workspace method with SQLite's errors turned into one :class:`WorkspaceError`."""

    @functools.wraps(method)
    def wrapper(self: Workspace, *args: Any, **kwargs: Any) -> Any:
        with self._translated_errors():
            return method(self, *args, **kwargs)

    return wrapper


class Workspace:
    """Named analyses in one SQLite file.

    Parameters
    ----------
    path : str or Path, optional
        The database file; defaults to ``default_home() / "workspace.sqlite3"``.

    Raises
    ------
    WorkspaceError
        When the file is damaged (empty, not a database, failing its integrity check) or the folder
        cannot be written; the message names the file.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_home() / FILE_NAME
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise WorkspaceError(
                f"the workspace folder cannot be created ({error.strerror or error})", path=self.path, damaged=False
            ) from None
        if not self.path.exists():
            with self._translated_errors():
                self._create()
        if self.path.stat().st_size == 0:
            # SQLite would quietly treat an empty file as a new database; an empty workspace file
            # means something truncated it, so say so instead of starting over in it.
            raise _damaged(self.path, "an empty file (0 bytes)")
        with self._translated_errors():
            self._check_integrity()
            self._migrate()

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        """Turn SQLite's and the file system's errors into one :class:`WorkspaceError` naming the file."""
        try:
            yield
        except WorkspaceError:
            raise
        except sqlite3.DatabaseError as error:
            text = str(error)
            if "readonly" in text or "unable to open" in text or "disk I/O" in text:
                raise WorkspaceError(
                    f"the workspace cannot be written ({text})", path=self.path, damaged=False
                ) from None
            if "locked" in text or "busy" in text:
                raise WorkspaceError(
                    f"the workspace is busy ({text}); try again", path=self.path, damaged=False
                ) from None
            raise _damaged(self.path, text) from None
        except OSError as error:
            raise WorkspaceError(
                f"the workspace cannot be used ({error.strerror or error})", path=self.path, damaged=False
            ) from None

    def _create(self) -> None:
        """Build a new workspace beside the final name, then link it into place in one step.

        A workspace file therefore never exists half-made, so an empty file always means damage,
        and two sessions creating the workspace at once both end up using the same complete file.
        """
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
        try:
            Workspace._initialise(temporary)
            # Another session may win the race with an equally fresh file; then use that one.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, self.path)
        finally:
            for leftover in (temporary, *(temporary.with_name(temporary.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)

    @staticmethod
    def _initialise(path: Path) -> None:
        fresh = object.__new__(Workspace)
        fresh.path = path
        fresh._migrate()

    def _check_integrity(self) -> None:
        if not self.path.exists():
            return
        with self._connect() as connection:
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise _damaged(self.path, f"integrity check: {verdict}")

    def set_aside(self) -> Path:
        """Rename this workspace's file aside (see :func:`set_aside`)."""
        return set_aside(self.path)

    @contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            connection.execute("PRAGMA busy_timeout = 30000")
            connection.execute("PRAGMA foreign_keys = ON")
            if write:
                # IMMEDIATE takes the write lock up front, so two writers queue
                # instead of one failing on lock upgrade.
                connection.execute("BEGIN IMMEDIATE")
                try:
                    yield connection
                except BaseException:
                    connection.execute("ROLLBACK")
                    raise
                connection.execute("COMMIT")
            else:
                yield connection
        finally:
            connection.close()

    def _enable_wal(self) -> None:
        # Switching to WAL needs an exclusive lock and SQLite's busy handler does
        # not wait for it, so two sessions opening a new file at once retry here.
        deadline = time.monotonic() + 30.0
        while True:
            try:
                with self._connect() as connection:
                    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                        connection.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def _current_version(self) -> int:
        with self._connect() as connection:
            exists = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            ).fetchone()
            if not exists:
                return 0
            return int(connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)

    def _migrate(self) -> None:
        self._enable_wal()
        if self._current_version() == len(MIGRATIONS):
            return
        with self._connect(write=True) as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()
            current = row[0] or 0
            if current > len(MIGRATIONS):
                raise InputError(
                    "the workspace was written by a newer version of Decision Desk",
                    file=str(self.path.name),
                    expected=f"schema version {len(MIGRATIONS)} or older",
                    found=f"version {current}",
                )
            for version in range(current + 1, len(MIGRATIONS) + 1):
                MIGRATIONS[version - 1](connection)
                connection.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    @property
    def schema_version(self) -> int:
        """The schema version of the file."""
        return self._current_version()

    @_guarded
    def save(
        self,
        *,
        kind: str,
        title: str,
        parameters: dict[str, Any],
        results: dict[str, Any],
        data_hash: str | None = None,
        spec: dict[str, Any] | None = None,
        spec_version: int | None = None,
        result_version: int | None = None,
        locations: dict[str, str] | None = None,
    ) -> int:
        """Save a new analysis and return its id (see :meth:`save_analysis` for typed analyses)."""
        now = _now()
        params_json = json.dumps(jsonable(parameters), allow_nan=False)
        results_json = json.dumps(jsonable(results), allow_nan=False)
        spec_json = None if spec is None else json.dumps(jsonable(spec), allow_nan=False)
        locations_json = None if locations is None else json.dumps(dict(locations))
        with self._connect(write=True) as connection:
            # Never add to a file that fails its integrity check: that would bury good rows in a bad file.
            verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise _damaged(self.path, f"integrity check: {verdict}")
            cursor = connection.execute(
                "INSERT INTO analyses (kind, title, parameters, results, data_hash, created_at, updated_at,"
                " spec, spec_version, result_version, locations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind, _clean_title(title), params_json, results_json, data_hash, now, now,
                    spec_json, spec_version, result_version, locations_json,
                ),
            )  # fmt: skip
            return int(cursor.lastrowid or 0)

    @_guarded
    def save_analysis(self, *, title: str, spec: Any, result: Any, locations: dict[str, str] | None = None) -> int:
        """Save an analysis made on the analysis contract: its typed spec and result.

        Parameters
        ----------
        title : str
        spec : lib.analysis.Spec
        result : lib.analysis.Result
        locations : dict, optional
            Role -> path or bundled sample key of each input, to re-run it later.

        Returns
        -------
        int
            The new analysis's id.
        """
        provenance = getattr(result, "provenance", None)
        spec_json = spec.to_dict()
        return self.save(
            kind=spec.kind,
            title=title,
            parameters=spec_json,
            results=result.to_dict(),
            data_hash=getattr(provenance, "input_sha256", None),
            spec=spec_json,
            spec_version=spec.schema_version,
            result_version=getattr(type(result), "schema_version", 1),
            locations=locations,
        )

    @_guarded
    def list(self, *, kind: str | None = None, limit: int | None = None) -> list[AnalysisSummary]:
        """Saved analyses, most recently updated first."""
        query = "SELECT id, kind, title, data_hash, created_at, updated_at FROM analyses"
        args: list[Any] = []
        if kind is not None:
            query += " WHERE kind = ?"
            args.append(kind)
        query += " ORDER BY updated_at DESC, id DESC"
        if limit is not None:
            query += " LIMIT ?"
            args.append(int(limit))
        with self._connect() as connection:
            return [AnalysisSummary(*row) for row in connection.execute(query, args).fetchall()]

    @_guarded
    def count(self, *, kind: str | None = None) -> int:
        """Number of saved analyses (of one kind, when given)."""
        query, args = "SELECT COUNT(*) FROM analyses", []
        if kind is not None:
            query, args = query + " WHERE kind = ?", [kind]
        with self._connect() as connection:
            return int(connection.execute(query, args).fetchone()[0])

    @_guarded
    def open(self, analysis_id: int) -> Analysis:
        """Load one saved analysis."""
        with self._connect() as connection:
            row = connection.execute(
                "SELECT id, kind, title, parameters, results, data_hash, created_at, updated_at,"
                " spec, spec_version, result_version, locations FROM analyses WHERE id = ?",
                (int(analysis_id),),
            ).fetchone()
        if row is None:
            raise _unknown_id(analysis_id)
        return Analysis(
            row[0], row[1], row[2], json.loads(row[3]), json.loads(row[4]), row[5], row[6], row[7],
            spec=None if row[8] is None else json.loads(row[8]),
            spec_version=row[9],
            result_version=row[10],
            locations=None if row[11] is None else json.loads(row[11]),
        )  # fmt: skip

    @_guarded
    def rename(self, analysis_id: int, title: str) -> None:
        """Give a saved analysis a new title."""
        with self._connect(write=True) as connection:
            cursor = connection.execute(
                "UPDATE analyses SET title = ?, updated_at = ? WHERE id = ?",
                (_clean_title(title), _now(), int(analysis_id)),
            )
            if cursor.rowcount == 0:
                raise _unknown_id(analysis_id)

    @_guarded
    def delete(self, analysis_id: int) -> None:
        """Remove a saved analysis."""
        with self._connect(write=True) as connection:
            cursor = connection.execute("DELETE FROM analyses WHERE id = ?", (int(analysis_id),))
            if cursor.rowcount == 0:
                raise _unknown_id(analysis_id)

    # --- the failure log (Team & Portfolio); entries are checked by lib.team before they get here ---

    _FAILURE_COLUMNS = (
        "id, title, what_happened, why, detection, mitigation, durable_fix, tags, analysis_id, occurred_on,"
        " created_at, updated_at"
    )

    @staticmethod
    def _failure_values(entry: dict[str, Any]) -> tuple[Any, ...]:
        return (
            str(entry["title"]),
            str(entry["what_happened"]),
            str(entry["why"]),
            str(entry.get("detection", "")),
            str(entry.get("mitigation", "")),
            str(entry.get("durable_fix", "")),
            json.dumps([str(t) for t in entry.get("tags", ())]),
            None if entry.get("analysis_id") is None else int(entry["analysis_id"]),
            entry.get("occurred_on"),
        )

    @_guarded
    def add_failure(self, entry: dict[str, Any]) -> int:
        """Log a failure and return its id.

        Parameters
        ----------
        entry : dict
            ``title``, ``what_happened``, ``why``; optional ``detection``, ``mitigation``,
            ``durable_fix`` (text), ``tags`` (list of text), ``analysis_id`` and ``occurred_on``.
        """
        now = _now()
        with self._connect(write=True) as connection:
            cursor = connection.execute(
                "INSERT INTO failure_log (title, what_happened, why, detection, mitigation, durable_fix, tags,"
                " analysis_id, occurred_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*self._failure_values(entry), now, now),
            )
            return int(cursor.lastrowid or 0)

    @_guarded
    def update_failure(self, failure_id: int, entry: dict[str, Any]) -> None:
        """Replace a logged failure's fields (same keys as :meth:`add_failure`)."""
        with self._connect(write=True) as connection:
            cursor = connection.execute(
                "UPDATE failure_log SET title = ?, what_happened = ?, why = ?, detection = ?, mitigation = ?,"
                " durable_fix = ?, tags = ?, analysis_id = ?, occurred_on = ?, updated_at = ? WHERE id = ?",
                (*self._failure_values(entry), _now(), int(failure_id)),
            )
            if cursor.rowcount == 0:
                raise InputError(
                    "no logged failure with this id", expected="an id from the failure log", found=str(failure_id)
                )

    @_guarded
    def failures(self) -> tuple[dict[str, Any], ...]:
        """Every logged failure, most recently updated first, as dicts (tags as a list)."""
        names = [c.strip() for c in self._FAILURE_COLUMNS.split(",")]
        with self._connect() as connection:
            rows = connection.execute(
                f"SELECT {self._FAILURE_COLUMNS} FROM failure_log ORDER BY updated_at DESC, id DESC"
            ).fetchall()
        out = []
        for row in rows:
            item = dict(zip(names, row, strict=True))
            item["tags"] = json.loads(item["tags"])
            out.append(item)
        return tuple(out)

    @_guarded
    def delete_failure(self, failure_id: int) -> None:
        """Remove a logged failure."""
        with self._connect(write=True) as connection:
            if connection.execute("DELETE FROM failure_log WHERE id = ?", (int(failure_id),)).rowcount == 0:
                raise InputError(
                    "no logged failure with this id", expected="an id from the failure log", found=str(failure_id)
                )
