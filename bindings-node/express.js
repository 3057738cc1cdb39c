'use strict'
// cdnsign/express: Express middleware verifying Cloudflare Stream webhooks on
// the raw request body.
//
// The classic failure is `app.use(express.json())` running first: the body is
// parsed and re-serialising it changes the bytes, so every signature check
// fails. This middleware reads the raw body itself when nobody has consumed
// the stream yet; when a body parser already ran, it uses the raw bytes if
// they were kept (`req.rawBody` as a Buffer — e.g. with
// `express.json({ verify: keepRawBody })` — or a Buffer `req.body` from
// `express.raw()`), and otherwise fails loudly with an error that says how to
// fix the app instead of answering 401 to every genuine delivery.
const { webhook, __checkOptions } = require('./index.js')

const DEFAULT_LIMIT = 1024 * 1024

/** HTTP status for each verification failure code. */
const STATUS_BY_CODE = {
  CDNSIGN_MISSING_CREDENTIAL: 401,
  CDNSIGN_BAD_SIGNATURE: 401,
  CDNSIGN_TIMESTAMP_TOO_OLD: 401,
  CDNSIGN_TIMESTAMP_IN_FUTURE: 401,
  CDNSIGN_MALFORMED: 400,
  CDNSIGN_INVALID_INPUT: 400,
}

/**
 * `verify` callback for `express.json()` / `express.raw()` / `express.text()`
 * that keeps the exact bytes on `req.rawBody`, so `streamWebhook` still works
 * when a body parser is mounted before it.
 */
function keepRawBody(req, _res, buf) {
  req.rawBody = Buffer.from(buf)
}

class RawBodyUnavailableError extends Error {
  constructor() {
    super(
      'cdnsign/express streamWebhook: the raw request body is gone: a body parser ' +
        '(express.json(), express.text(), ...) consumed it before this middleware and did not keep ' +
        "the bytes, and a webhook signature can only be checked on the exact bytes received. Mount " +
        'streamWebhook() before the body parser for this route, or keep the bytes with ' +
        "express.json({ verify: require('cdnsign/express').keepRawBody }).",
    )
    this.name = 'RawBodyUnavailableError'
    this.code = 'CDNSIGN_RAW_BODY_UNAVAILABLE'
    this.status = 500
    this.expose = false
  }
}

class BodyTooLargeError extends Error {
  constructor(limit) {
    super(`webhook body exceeds ${limit} bytes`)
    this.code = 'CDNSIGN_INVALID_INPUT'
    this.status = 413
  }
}

function consumed(req) {
  return req._body === true || req.readableDidRead === true || req.readableEnded === true
}

// `size > limit` is false for NaN, a string such as body-parser's '1mb' or an
// object, which would read a body of any size: only a byte count is a limit.
function checkLimit(limit) {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw Object.assign(
      new TypeError(`limit must be a number of bytes (a non-negative integer), got ${typeof limit === 'symbol' ? 'a symbol' : String(limit)}`),
      { code: 'CDNSIGN_INVALID_INPUT', field: 'limit' },
    )
  }
}

/** Resolves with the raw body as a Buffer, from the request or from what a parser kept. */
function rawBodyOf(req, limit = DEFAULT_LIMIT) {
  try {
    checkLimit(limit)
  } catch (e) {
    return Promise.reject(e)
  }
  if (Buffer.isBuffer(req.rawBody)) return Promise.resolve(req.rawBody)
  if (Buffer.isBuffer(req.body)) return Promise.resolve(req.body)
  if (consumed(req)) return Promise.reject(new RawBodyUnavailableError())
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    let done = false
    const finish = (err, value) => {
      if (done) return
      done = true
      req.removeListener('data', onData)
      req.removeListener('end', onEnd)
      req.removeListener('error', onError)
      req.removeListener('aborted', onAborted)
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk) => {
      size += chunk.length
      if (size > limit) {
        finish(new BodyTooLargeError(limit))
        req.resume() // drain the rest so the response can still be sent
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => finish(null, Buffer.concat(chunks, size))
    const onError = (e) => finish(e)
    const onAborted = () => finish(Object.assign(new Error('request aborted'), { status: 400 }))
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('aborted', onAborted)
  })
}

/**
 * Express middleware verifying `Webhook-Signature` on the raw body.
 *
 * On success `req.streamWebhook` is `{ event, time, age, secretIndex, rawBody }`
 * (`event` is the typed `webhook.Event`, `time` the signed time) and
 * `req.rawBody` holds the bytes; `req.body` is set to the parsed JSON when no
 * parser set it.
 * On failure it answers `401` (missing header, bad signature, stale or future
 * timestamp) or `400` (malformed header or body) with
 * `{ error, code, message }`, and `413` past `limit` bytes.
 *
 * @param {{ secrets: string | Buffer | Array<string | Buffer>, tolerance?: number, ignoreTimestamp?: boolean, limit?: number, now?: () => number | Date }} options
 */
function streamWebhook(options) {
  // Unknown names are refused by the addon (with the closest known one: a
  // misspelt `tolerence` would otherwise keep 300 s), and only own
  // properties are read: an inherited one, or a polluted Object.prototype,
  // is not an option.
  __checkOptions(options, 'streamWebhook options')
  const { secrets, tolerance, ignoreTimestamp, limit = DEFAULT_LIMIT, now } = { __proto__: null, ...options }
  if (secrets === undefined || secrets === null) {
    throw Object.assign(new TypeError('streamWebhook({ secrets }) needs the webhook secret(s)'), {
      code: 'CDNSIGN_INVALID_INPUT',
    })
  }
  checkLimit(limit)
  const list = Array.isArray(secrets) ? secrets : [secrets]
  // Constructed once: bad secrets fail at startup, not on the first delivery.
  const verifierOptions = {}
  if (tolerance !== undefined) verifierOptions.tolerance = tolerance
  if (ignoreTimestamp !== undefined) verifierOptions.ignoreTimestamp = ignoreTimestamp
  const verifier = new webhook.Verifier(list, verifierOptions)

  return function cdnsignStreamWebhook(req, res, next) {
    rawBodyOf(req, limit).then(
      (raw) => {
        req.rawBody = raw
        let result
        try {
          const header = req.headers['webhook-signature']
          result = verifier.verifyEvent(
            Array.isArray(header) ? header.join(',') : header,
            raw,
            now ? { now: now() } : {},
          )
        } catch (err) {
          return fail(res, next, err)
        }
        if (req.body === undefined) req.body = result.event.raw
        req.streamWebhook = {
          event: result.event,
          time: result.time,
          age: result.age,
          secretIndex: result.secretIndex,
          rawBody: raw,
        }
        next()
      },
      (err) => {
        if (err instanceof BodyTooLargeError) {
          return sendJson(res, 413, { error: 'payload too large', code: err.code, message: err.message })
        }
        next(err)
      },
    )
  }
}

const HEADER_FIELDS = new Set(['Webhook-Signature', 'time', 'sig1'])

function fail(res, next, err) {
  const status = err && STATUS_BY_CODE[err.code]
  if (!status) return next(err)
  let label = 'invalid webhook signature'
  if (err.code === 'CDNSIGN_MALFORMED') {
    label = HEADER_FIELDS.has(err.field) ? 'malformed Webhook-Signature header' : 'invalid webhook body'
  }
  sendJson(res, status, { error: label, code: err.code, message: err.message })
}

// Plain node:http calls, so the middleware also works outside Express.
function sendJson(res, status, body) {
  res.statusCode = status
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.end(JSON.stringify(body))
}

module.exports = { streamWebhook, keepRawBody, rawBodyOf, RawBodyUnavailableError }
