"""The register's SQLite file: opening it, checking it is ours, and its schema migrations.

A register is an SQLite database marked as auditor's by ``PRAGMA
application_id`` and versioned by ``PRAGMA user_version``. Its schema changes
only through :data:`MIGRATIONS`, applied in order, each in the same
transaction as the version it sets, so a file is always at one version.

Opening refuses, with one sentence a user reads (:class:`RegisterError`):

* a file that is not SQLite ("not an SQLite database");
* an SQLite database that is not a register (another application's, or
  holding other tables);
* a register written by a newer auditor (a schema this one does not know);
* a damaged file ("damaged").

The journal is WAL, so readers never block the writer and several
``auditor audit --db`` runs can share one register: each agreement is stored
in its own short ``BEGIN IMMEDIATE`` transaction, and a writer waits (up to
:data:`BUSY_TIMEOUT` seconds) for another to finish.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

#: ``PRAGMA application_id`` of an auditor register ("AUDR").
APPLICATION_ID = 0x41554452
#: Seconds a writer waits for another writer's transaction.
BUSY_TIMEOUT = 60.0
_SQLITE_HEADER = b"SQLite format 3\x00"


class RegisterError(Exception):
    """A register that cannot be used; the message names the file and says why."""


@dataclass(frozen=True)
class Migration:
    """One step of the schema: the statements that take a register to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "agreements, their current results, runs and topic history", (
        """CREATE TABLE rulesets (
            sha256 TEXT PRIMARY KEY,
            version TEXT NOT NULL,
            context TEXT NOT NULL           -- JSON: checklist, topic titles and checklist items per topic
        )""",
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,       -- UTC; kept here only, never in a report
            finished_at TEXT,               -- NULL: the run was interrupted
            auditor_version TEXT NOT NULL,
            ruleset_sha256 TEXT NOT NULL REFERENCES rulesets(sha256),
            audited INTEGER NOT NULL DEFAULT 0,
            reused INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE agreements (
            id TEXT PRIMARY KEY,            -- path relative to the run root, a bundle's label, a manifest id
            label TEXT NOT NULL,            -- the name the report gives it (paths as given)
            input_key TEXT NOT NULL,        -- SHA-256 of everything the result depends on
            files TEXT NOT NULL,            -- JSON: [{"path", "sha256"}]
            ruleset_sha256 TEXT NOT NULL REFERENCES rulesets(sha256),
            auditor_version TEXT NOT NULL,
            build TEXT NOT NULL,            -- digest of the code and libraries that read agreements
            options TEXT NOT NULL,          -- JSON: the reading options
            report_schema TEXT NOT NULL,    -- the report JSON's schema_version
            report TEXT NOT NULL,           -- the agreement's report as JSON (DocumentReport.to_dict())
            verdict TEXT NOT NULL,
            audited_run INTEGER NOT NULL REFERENCES runs(id),
            last_run INTEGER NOT NULL REFERENCES runs(id),
            decisions_file TEXT,
            decisions_sha256 TEXT,
            decisions_error TEXT
        )""",
        """CREATE TABLE agreement_history (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            agreement_id TEXT NOT NULL,
            input_key TEXT NOT NULL,
            verdict TEXT NOT NULL,
            reused INTEGER NOT NULL,
            PRIMARY KEY (run_id, agreement_id)
        )""",
        """CREATE TABLE topic_history (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            agreement_id TEXT NOT NULL,
            position INTEGER NOT NULL,      -- the rule set's topic order
            topic TEXT NOT NULL,
            status TEXT NOT NULL,
            section TEXT NOT NULL,
            finding_id TEXT NOT NULL,
            state TEXT NOT NULL,            -- covered | decided | open
            decision TEXT NOT NULL,
            reviewer TEXT NOT NULL,
            role TEXT NOT NULL,
            date TEXT NOT NULL,
            rationale TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (run_id, agreement_id, topic)
        )""",
        "CREATE INDEX topic_history_agreement ON topic_history (agreement_id, topic, run_id)",
    )),
    Migration(2, "the run limits a stored result was stopped at", (
        # JSON {"timeout_s", "max_memory_mb"} (0: none) when a run limit stopped the agreement, else NULL;
        # such a result is audited again by a run with more time or memory.
        "ALTER TABLE agreements ADD COLUMN stopped_under TEXT",
    )),
)
#: The schema this auditor writes.
SCHEMA_VERSION = MIGRATIONS[-1].version


def as_register_error(path: str, exc: sqlite3.Error) -> RegisterError:
    """A :class:`RegisterError` that says what an ``sqlite3`` error means for ``path``."""
    text = str(exc)
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return RegisterError(f"{path}: the register is damaged or not an SQLite database ({text})")
    if _is_busy(exc):
        return RegisterError(f"{path}: the register is locked by another process ({text}); try again")
    return RegisterError(f"{path}: register error: {text}")


def _check_file(path: Path, create: bool) -> bool:
    """True when ``path`` holds a database to check; False when a new register is to be made."""
    name = str(path)
    if path.is_dir():
        raise RegisterError(f"{name}: is a directory, not a register file")
    if not path.exists():
        if not create:
            raise RegisterError(f"{name}: no register here (run `auditor audit ... --db {name}` first)")
        if not path.parent.is_dir():
            raise RegisterError(f"{name}: the folder {path.parent} does not exist")
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise RegisterError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if not head:
        return False  # an empty file: made into a register
    if head != _SQLITE_HEADER:
        raise RegisterError(f"{name}: not an SQLite database, so not an auditor register")
    return True


def connect(path: str | os.PathLike[str], *, create: bool = True) -> sqlite3.Connection:
    """Open (or with ``create``, make) the register at ``path``, migrated to :data:`SCHEMA_VERSION`.

    The connection is in autocommit mode: callers open their own transactions.
    """
    target = Path(path)
    name = str(target)
    _check_file(target, create)
    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            return _open(name)
        except sqlite3.Error as exc:
            # SQLite answers some lock conflicts at open (switching to WAL, recovering or dropping the
            # write-ahead log another process is closing) at once, without its busy handler: wait here.
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise as_register_error(name, exc) from None
            time.sleep(0.05)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


def _open(name: str) -> sqlite3.Connection:
    """One attempt at :func:`connect`; a lock conflict comes out as ``sqlite3.Error``."""
    conn = sqlite3.connect(name, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        _migrate(conn, name)
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except (sqlite3.Error, RegisterError):
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, name: str) -> None:
    """Check the file is a register and bring it to :data:`SCHEMA_VERSION`, one migration per step."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if app != APPLICATION_ID:
            if app or tables or version:
                raise RegisterError(f"{name}: an SQLite database of another application "
                                    f"({len(tables)} tables), not an auditor register")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if version > SCHEMA_VERSION:
            raise RegisterError(f"{name}: register schema {version} was written by a newer auditor; "
                                f"this one reads up to schema {SCHEMA_VERSION}")
        for migration in MIGRATIONS:
            if migration.version > version:
                for statement in migration.statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {migration.version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "Migration", "RegisterError", "as_register_error",
           "connect"]
