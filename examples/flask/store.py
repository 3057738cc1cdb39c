"""SQLite (stdlib) store for video rows: PROCESSING -> ACTIVE | FAILED, driven by
verified Stream webhooks, idempotent on replays (FLOWS §2)."""

import hashlib
import sqlite3
import threading
import time
from typing import Any, Dict, List, Optional

SCHEMA = """
CREATE TABLE IF NOT EXISTS videos (
  uid TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('PROCESSING', 'ACTIVE', 'FAILED')),
  stream_state TEXT,
  error_code TEXT,
  error_text TEXT,
  modified TEXT,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
  digest TEXT PRIMARY KEY,
  uid TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
"""

_STATE = {"ready": "ACTIVE", "failed": "FAILED", "processing": "PROCESSING"}


class VideoStore:
    def __init__(self, path: str = ":memory:") -> None:
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        self._db.executescript(SCHEMA)

    def get(self, uid: str) -> Optional[Dict[str, Any]]:
        with self._lock:
            row = self._db.execute("SELECT * FROM videos WHERE uid = ?", (uid,)).fetchone()
        return dict(row) if row else None

    def create(self, uid: str, now: Optional[int] = None) -> Dict[str, Any]:
        """Registers a video the backend created an upload for."""
        with self._lock:
            self._db.execute(
                "INSERT OR IGNORE INTO videos (uid, state, updated_at) VALUES (?, 'PROCESSING', ?)",
                (uid, now if now is not None else int(time.time())),
            )
        video = self.get(uid)
        assert video is not None
        return video

    def apply_webhook(self, *, uid: str, lifecycle: str, stream_state: Optional[str],
                      error_code: Optional[str], error_text: Optional[str], modified: Optional[str],
                      signed_time: int, raw_body: bytes, now: Optional[int] = None) -> Dict[str, Any]:
        """Applies one verified delivery; a replay (same signed time and body) changes nothing."""
        now = now if now is not None else int(time.time())
        digest = hashlib.sha256(f"{signed_time}.".encode() + raw_body).hexdigest()
        state = _STATE[lifecycle]
        with self._lock:
            cur = self._db.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                fresh = cur.execute(
                    "INSERT OR IGNORE INTO webhook_deliveries (digest, uid, received_at) VALUES (?, ?, ?)",
                    (digest, uid, now),
                ).rowcount == 1
                row = cur.execute("SELECT * FROM videos WHERE uid = ?", (uid,)).fetchone()
                current = dict(row) if row else None
                applied = fresh
                if fresh and current is not None:
                    if current["modified"] and modified and modified < current["modified"]:
                        applied = False  # an older event arriving late
                    elif current["state"] != "PROCESSING" and state == "PROCESSING":
                        applied = False  # never step back from a final state
                if applied:
                    failed = state == "FAILED"
                    cur.execute(
                        """INSERT INTO videos (uid, state, stream_state, error_code, error_text, modified, updated_at)
                           VALUES (?, ?, ?, ?, ?, ?, ?)
                           ON CONFLICT(uid) DO UPDATE SET state = excluded.state,
                             stream_state = excluded.stream_state, error_code = excluded.error_code,
                             error_text = excluded.error_text, modified = excluded.modified,
                             updated_at = excluded.updated_at""",
                        (uid, state, stream_state, error_code if failed else None,
                         error_text if failed else None,
                         modified or (current or {}).get("modified"), now),
                    )
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        video = self.get(uid)
        assert video is not None
        return {"applied": applied, "duplicate": not fresh, "video": video}

    def stuck(self, older_than: int = 1800, now: Optional[int] = None) -> List[str]:
        """Videos still PROCESSING after `older_than` seconds (for the periodic re-check)."""
        now = now if now is not None else int(time.time())
        with self._lock:
            rows = self._db.execute(
                "SELECT uid FROM videos WHERE state = 'PROCESSING' AND updated_at < ? ORDER BY updated_at",
                (now - older_than,),
            ).fetchall()
        return [r["uid"] for r in rows]
