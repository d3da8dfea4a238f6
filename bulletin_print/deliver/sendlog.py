"""The send log of a bulletin: which issue went to which unit and address, and how it went.

It lives beside the content, in `<bulletin>/.bulletin/sent.sqlite3` (a hidden folder, so it is
never taken for an issue). One row per (issue, unit, address) holds the latest state:

- `sending`: handed to the server, no answer recorded yet (a crash in between: sent again,
  with the same Message-ID, so mail clients can tell the copies apart);
- `sent`: the server accepted it — never sent again;
- `failed`: the server refused it or could not be reached; the next run tries again.

Every change is committed at once, so an interrupted run (server gone, Ctrl-C, crash) resumes
with the rest. A lock file keeps two runs for the same bulletin from sending at the same time.
"""

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import ContentError, Diagnostic

LOG_FOLDER = ".bulletin"
LOG_FILE = "sent.sqlite3"
LOCK_FILE = "mail.lock"

SENDING, SENT, FAILED = "sending", "sent", "failed"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sends (
    issue      TEXT NOT NULL,  -- e.g. 2023年第17期
    unit       TEXT NOT NULL,
    address    TEXT NOT NULL,
    message_id TEXT NOT NULL,
    time       TEXT NOT NULL,  -- ISO 8601, local time with offset
    result     TEXT NOT NULL CHECK (result IN ('sending', 'sent', 'failed')),
    reply      TEXT,           -- the server's reply when it failed
    attachment TEXT,           -- SHA-256 of the PDF that was sent
    PRIMARY KEY (issue, unit, address)
)
"""


@dataclass(frozen=True)
class LogEntry:
    issue: str
    unit: str
    address: str
    message_id: str
    time: str
    result: str
    reply: str | None
    attachment: str | None


def log_path(bulletin_dir: Path) -> Path:
    return bulletin_dir / LOG_FOLDER / LOG_FILE


class SendLog:
    """Open with `SendLog.open(bulletin_dir)`; `SendLog.read(bulletin_dir)` for a look only."""

    def __init__(self, connection: sqlite3.Connection | None, lock: sqlite3.Connection | None = None):
        self._db, self._lock = connection, lock

    @classmethod
    def open(cls, bulletin_dir: Path) -> "SendLog":
        folder = bulletin_dir / LOG_FOLDER
        try:
            folder.mkdir(exist_ok=True)
            lock = sqlite3.connect(folder / LOCK_FILE, timeout=0, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise ContentError([Diagnostic(f"无法创建发送记录：{error}", folder)]) from None
        try:
            lock.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:
            lock.close()
            raise ContentError([Diagnostic(
                "另一个 bulletin mail 正在发送这份简报，请等它结束后再运行（已发送的不会重发）。", folder)]) from None
        try:
            db = sqlite3.connect(folder / LOG_FILE, timeout=10)
            db.execute(_SCHEMA)
            db.commit()
        except sqlite3.Error as error:
            lock.close()
            raise ContentError([Diagnostic(
                f"发送记录文件无法使用（{error}）。如果它已损坏，可把它改名后重新运行。", folder / LOG_FILE)]) from None
        return cls(db, lock)

    @classmethod
    def read(cls, bulletin_dir: Path) -> "SendLog":
        """Read-only view for --dry-run: creates nothing; empty when there is no log yet."""
        path = log_path(bulletin_dir)
        if not path.is_file():
            return cls(None)
        try:
            return cls(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True))
        except sqlite3.Error:
            return cls(None)

    def close(self) -> None:
        for connection in (self._db, self._lock):
            if connection is not None:
                connection.close()
        self._db = self._lock = None

    def __enter__(self) -> "SendLog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def entries(self, issue: str) -> dict[tuple[str, str], LogEntry]:
        """(unit, address) → latest state, for one issue."""
        if self._db is None:
            return {}
        try:
            rows = self._db.execute(
                "SELECT issue, unit, address, message_id, time, result, reply, attachment"
                " FROM sends WHERE issue = ?", (issue,)).fetchall()
        except sqlite3.Error:
            return {}
        return {(row[1], row[2]): LogEntry(*row) for row in rows}

    def message_id(self, issue: str, unit: str) -> str | None:
        """The Message-ID a unit's message already has (kept across retries and runs)."""
        row = self._db.execute(
            "SELECT message_id FROM sends WHERE issue = ? AND unit = ? ORDER BY time DESC LIMIT 1",
            (issue, unit)).fetchone()
        return row[0] if row else None

    def record(self, issue: str, unit: str, addresses: list[str], message_id: str, result: str,
               reply: str | None = None, attachment: str | None = None) -> None:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        with self._db:
            self._db.executemany(
                "INSERT INTO sends (issue, unit, address, message_id, time, result, reply, attachment)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (issue, unit, address) DO UPDATE SET message_id = excluded.message_id,"
                " time = excluded.time, result = excluded.result, reply = excluded.reply,"
                " attachment = excluded.attachment",
                [(issue, unit, address, message_id, now, result, reply, attachment) for address in addresses])
