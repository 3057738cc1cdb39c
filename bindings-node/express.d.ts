// cdnsign/express: Express middleware verifying Cloudflare Stream webhooks on
// the raw request body. Hand-written (the napi CLI generates index.d.ts only);
// type-checked by test/types/usage.ts.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { webhook } from './index'

export interface StreamWebhookOptions {
  /** The webhook secret, or several during a rotation (strings as Cloudflare returned them, or Buffers). */
  secrets: string | Buffer | Array<string | Buffer>
  /** Seconds the signed time may be off, both ways (default 300). */
  tolerance?: number
  /** Skip the timestamp check (replaying stored deliveries only). */
  ignoreTimestamp?: boolean
  /** Largest body read, bytes (default 1 MiB); larger answers 413. */
  limit?: number
  /** The clock, Unix seconds or a Date (tests pin it). */
  now?: () => number | Date
}

/** What the middleware puts on `req.streamWebhook`. */
export interface StreamWebhookResult {
  /** The typed body. */
  event: webhook.Event
  /** The signed time, Unix seconds. */
  time: number
  /** now - time, seconds. */
  age: number
  /** Which secret matched. */
  secretIndex: number
  /** The exact bytes that were verified. */
  rawBody: Buffer
}

export type StreamWebhookMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void

/**
 * Verifies `Webhook-Signature` on the raw body (read from the request, or
 * from `req.rawBody` / a Buffer `req.body` when a parser kept it) and sets
 * `req.streamWebhook`. Answers 401 (missing header, bad signature, stale or
 * future time), 400 (malformed header or body) or 413 with
 * `{ error, code, message }`; passes `RawBodyUnavailableError` to `next`
 * when a body parser consumed the bytes without keeping them.
 */
export declare function streamWebhook(options: StreamWebhookOptions): StreamWebhookMiddleware

/** `verify` callback for `express.json()` and friends: keeps the bytes on `req.rawBody`. */
export declare function keepRawBody(req: IncomingMessage, res: ServerResponse, buf: Buffer): void

/** The raw body as a Buffer (from the request or what a parser kept). */
export declare function rawBodyOf(req: IncomingMessage, limit?: number): Promise<Buffer>

/** A body parser consumed the request without keeping the raw bytes. */
export declare class RawBodyUnavailableError extends Error {
  readonly code: 'CDNSIGN_RAW_BODY_UNAVAILABLE'
  readonly status: 500
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by cdnsign/express `streamWebhook()`. */
      streamWebhook?: StreamWebhookResult
      /** The raw body, set by `streamWebhook()` or `keepRawBody`. */
      rawBody?: Buffer
    }
  }
}
