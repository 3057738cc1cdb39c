'use strict'
// Video state, kept in SQLite through better-sqlite3 (a maintained package that
// builds from source here when its prebuilt binary cannot be downloaded).
//
// States: PROCESSING -> ACTIVE (Stream said `ready`) or FAILED (`error`, with
// the reason kept for the admin page). Webhook deliveries are idempotent:
//   - a replayed delivery (same signed time and body) is recorded once and
//     changes nothing;
//   - an event older than the one already applied (Stream's `modified`) is
//     ignored, so a late `inprogress` cannot drag an ACTIVE video back.
const crypto = require('node:crypto')
const Database = require('better-sqlite3')

const SCHEMA = `
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
`

class VideoStore {
  /** @param {string} file a path, or ':memory:' */
  constructor(file = ':memory:') {
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.exec(SCHEMA)
    this._get = this.db.prepare('SELECT * FROM videos WHERE uid = ?')
    this._insertDelivery = this.db.prepare(
      'INSERT OR IGNORE INTO webhook_deliveries (digest, uid, received_at) VALUES (?, ?, ?)',
    )
    this._upsert = this.db.prepare(`
      INSERT INTO videos (uid, state, stream_state, error_code, error_text, modified, updated_at)
      VALUES (@uid, @state, @stream_state, @error_code, @error_text, @modified, @updated_at)
      ON CONFLICT(uid) DO UPDATE SET
        state = excluded.state, stream_state = excluded.stream_state,
        error_code = excluded.error_code, error_text = excluded.error_text,
        modified = excluded.modified, updated_at = excluded.updated_at`)
    this._stuck = this.db.prepare(
      "SELECT uid FROM videos WHERE state = 'PROCESSING' AND updated_at < ? ORDER BY updated_at",
    )
  }

  /** A video row, or undefined. */
  get(uid) {
    return this._get.get(uid)
  }

  /** Registers a video the backend created an upload for. */
  create(uid, now = Math.floor(Date.now() / 1000)) {
    if (this.get(uid)) return this.get(uid)
    this._upsert.run({
      uid, state: 'PROCESSING', stream_state: null, error_code: null,
      error_text: null, modified: null, updated_at: now,
    })
    return this.get(uid)
  }

  /**
   * Applies one verified webhook delivery. `lifecycle` is the core's mapping
   * ('processing' | 'ready' | 'failed'). Returns { applied, duplicate, video }.
   */
  applyWebhook({ uid, lifecycle, streamState, errorCode, errorText, modified, signedTime, rawBody },
    now = Math.floor(Date.now() / 1000)) {
    const digest = crypto.createHash('sha256')
      .update(String(signedTime)).update('.').update(rawBody).digest('hex')
    return this.db.transaction(() => {
      const fresh = this._insertDelivery.run(digest, uid, now).changes === 1
      if (!fresh) return { applied: false, duplicate: true, video: this.get(uid) }
      const current = this.get(uid)
      const state = lifecycle === 'ready' ? 'ACTIVE' : lifecycle === 'failed' ? 'FAILED' : 'PROCESSING'
      if (current) {
        // Stream's `modified` is ISO 8601 UTC, so string order is time order.
        if (current.modified && modified && modified < current.modified) {
          return { applied: false, duplicate: false, video: current }
        }
        if (current.state !== 'PROCESSING' && state === 'PROCESSING') {
          return { applied: false, duplicate: false, video: current }
        }
      }
      this._upsert.run({
        uid,
        state,
        stream_state: streamState ?? null,
        error_code: state === 'FAILED' ? (errorCode ?? null) : null,
        error_text: state === 'FAILED' ? (errorText ?? null) : null,
        modified: modified ?? current?.modified ?? null,
        updated_at: now,
      })
      return { applied: true, duplicate: false, video: this.get(uid) }
    })()
  }

  /** Videos still PROCESSING after `olderThanSeconds` (for the re-check job). */
  stuck(olderThanSeconds = 1800, now = Math.floor(Date.now() / 1000)) {
    return this._stuck.all(now - olderThanSeconds).map((r) => r.uid)
  }

  close() {
    this.db.close()
  }
}

module.exports = { VideoStore }
