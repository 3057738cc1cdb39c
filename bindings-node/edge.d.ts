// Types for `cdnsign/edge` (hand-written; edge.js is plain JavaScript).
import type { ChildProcess } from 'node:child_process'

export interface EdgeOptions {
  /** A TOML configuration file (routes, keys, limits). */
  config?: string
  /** The directory to serve (one route from options). */
  root?: string
  /** `cloudfront`, `stream`, `mediacdn`, `cloudcdn` or `none`. */
  provider?: string
  /** The route's path prefix (default `/`). */
  prefix?: string
  /** Key id → key file path or key value. */
  keys?: Record<string, string>
  /** Scheme and host the credentials name (default `http://<Host>`). */
  publicUrl?: string
  /** Address to bind (default 127.0.0.1); the port is always a free one. */
  host?: string
  /** The `cdnsign` program (default $CDNSIGN_CLI, else `cdnsign` on PATH). */
  cli?: string
  /** More `cdnsign edge` flags, e.g. `['--dual-token', 'cookie']`. */
  args?: string[]
  /** How long to wait for the edge to listen (default 10000). */
  timeoutMs?: number
}

/** One access-log line. */
export interface EdgeLogEntry {
  ts_ms: number
  client: string
  method: string
  path: string
  route: string
  provider: string
  status: number
  decision: 'allow' | 'deny'
  code: string | null
  form: string | null
  key: string | null
  message: string | null
  micros: number
  [extra: string]: unknown
}

export interface RunningEdge {
  /** `http://127.0.0.1:<port>` */
  url: string
  /** The access log so far. */
  entries(): EdgeLogEntry[]
  /** The access log once it has `count` entries (lines arrive just after their responses), or after `timeoutMs` (default 5000). */
  waitForEntries(count: number, timeoutMs?: number): Promise<EdgeLogEntry[]>
  /** Stops the edge. */
  close(): Promise<void>
  process: ChildProcess
}

export function start(options?: EdgeOptions): Promise<RunningEdge>
export function findCli(cli?: string): string
