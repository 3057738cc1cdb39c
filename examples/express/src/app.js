'use strict'
// The Express twin of examples/flask: the seed flows of examples/FLOWS.md done
// with the cdnsign Node package.
//
//   POST /api/generate-signed-resource   CloudFront signed URL or cookies (FLOWS §1)
//   POST /webhook/stream                 Stream webhook -> video state (FLOWS §2)
//   GET  /api/video-token/:uid           Stream playback token + HLS/iframe URLs (FLOWS §2)
//   GET  /api/media-cdn-token            Media CDN short-lived token (FLOWS §3)
//
// Signers are built once at startup from the config (parsed keys are reused
// for every request; per-request PEM parsing is what makes the usual code slow).
const crypto = require('node:crypto')
const express = require('express')
const { cloudfront, stream, mediacdn } = require('cdnsign')
const { streamWebhook } = require('cdnsign/express')

const nowSeconds = () => Math.floor(Date.now() / 1000)

/** Constant-time membership test for API keys. */
function makeApiKeyCheck(apiKeys) {
  const digests = apiKeys.map((k) => crypto.createHash('sha256').update(k).digest())
  return (presented) => {
    if (typeof presented !== 'string' || presented.length === 0) return false
    const d = crypto.createHash('sha256').update(presented).digest()
    let ok = false
    for (const k of digests) ok = crypto.timingSafeEqual(d, k) || ok
    return ok
  }
}

/**
 * @param {object} config
 * @param {import('./store').VideoStore} config.store
 * @param {string[]} config.apiKeys
 * @param {{ keyPairId: string, privateKey: string | Buffer, passphrase?: string, cookieDomain: string, sameSite?: 'Strict' | 'Lax' | 'None', defaultExpiry?: number }} config.cloudfront
 * @param {{ signingKey: object, customerCode: string, tokenTtl?: number, webhookSecrets: string[], webhookTolerance?: number }} config.stream
 * @param {{ keyName: string, privateKey: string | Buffer, urlPrefix: string, ttl?: number }} config.mediacdn
 * @param {() => number} [config.now] Unix seconds (tests pin the clock)
 */
function createApp(config) {
  const { store } = config
  const now = config.now ?? nowSeconds
  const apiKeyOk = makeApiKeyCheck(config.apiKeys)

  // Each provider section is optional; a route whose section is missing
  // answers 503. Keys are parsed here, once: a bad key fails at startup.
  const cf = config.cloudfront
  const cfSigner = cf && new cloudfront.Signer({
    keyPairId: cf.keyPairId,
    privateKey: cf.privateKey,
    passphrase: cf.passphrase,
  })
  const cfDefaultExpiry = (cf && cf.defaultExpiry) ?? 300

  const st = config.stream
  const streamKey = st && stream.SigningKey.fromApiResponse(st.signingKey)
  const streamUrls = st && new stream.Urls(st.customerCode)
  const streamTtl = (st && st.tokenTtl) ?? 3600

  const mc = config.mediacdn
  // The app server's half of Media CDN's dual-token flow: a short-lived
  // token (about a minute) for the manifest; Media CDN mints the long one.
  const mediaSigner = mc && new mediacdn.TokenSigner({ privateKey: mc.privateKey })
  const mediaTtl = (mc && mc.ttl) ?? 60

  const configured = (section, name) => (req, res, next) =>
    section ? next() : res.status(503).json({ error: 'Service Unavailable', message: `${name} is not configured` })

  const app = express()
  app.disable('x-powered-by')

  const requireApiKey = (req, res, next) => {
    if (!apiKeyOk(req.get('x-api-key'))) {
      return res.status(401).json({ error: 'Unauthorized' })
    }
    next()
  }

  // ---- FLOWS §1: CloudFront signing API -----------------------------------
  // The API-key check runs before the body is even parsed.
  app.post('/api/generate-signed-resource', configured(cf, 'CloudFront'), requireApiKey, express.json({ limit: '16kb' }), (req, res) => {
    const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {}
    const { request_type: mode, resource_url: resourceUrl, client_ip: clientIp } = body
    if (mode !== 'url' && mode !== 'cookie') {
      return res.status(400).json({
        error: 'Missing Parameter',
        message: "request_type is required and must be 'url' or 'cookie'",
      })
    }
    if (typeof resourceUrl !== 'string' || resourceUrl.length === 0) {
      return res.status(400).json({ error: 'Missing Parameter', message: 'resource_url is required' })
    }
    let expirySeconds = cfDefaultExpiry
    if (body.expiry_seconds !== undefined) {
      if (!Number.isInteger(body.expiry_seconds) || body.expiry_seconds <= 0) {
        return res.status(400).json({
          error: 'Invalid Parameter',
          message: 'expiry_seconds must be a positive integer',
        })
      }
      expirySeconds = body.expiry_seconds
    }
    if (clientIp !== undefined && typeof clientIp !== 'string') {
      return res.status(400).json({ error: 'Invalid Parameter', message: 'client_ip must be a string' })
    }
    const expires = now() + expirySeconds
    try {
      if (mode === 'url') {
        const signedUrl = cfSigner.signUrl(resourceUrl, { expires, ipRange: clientIp })
        return res.json({ status: 'success', mode: 'url', data: { signed_url: signedUrl } })
      }
      const { setCookieHeaders } = cfSigner.signCookies(resourceUrl, {
        expires,
        ipRange: clientIp,
        domain: '.' + cf.cookieDomain.replace(/^\./, ''),
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: cf.sameSite,
      })
      for (const header of setCookieHeaders) res.append('Set-Cookie', header)
      return res.json({ status: 'success', mode: 'cookie', message: 'Cookies set successfully' })
    } catch (err) {
      return signingError(res, err)
    }
  })

  // ---- FLOWS §2: Stream webhook -> state ----------------------------------
  // No body parser on this route: the middleware reads the raw bytes itself.
  app.post(
    '/webhook/stream',
    configured(st, 'Stream'),
    st ? streamWebhook({ secrets: st.webhookSecrets, tolerance: st.webhookTolerance, now }) : (req, res, next) => next(),
    (req, res) => {
      const { event, time, rawBody } = req.streamWebhook
      const result = store.applyWebhook(
        {
          uid: event.uid,
          lifecycle: event.lifecycle,
          streamState: event.state,
          errorCode: event.errorReasonCode,
          errorText: event.errorReasonText,
          modified: event.modified,
          signedTime: time,
          rawBody,
        },
        now(),
      )
      // Answer quickly with 200 so Stream does not retry; replays are no-ops.
      res.json({
        status: 'success',
        uid: event.uid,
        state: result.video.state,
        applied: result.applied,
        duplicate: result.duplicate,
      })
    },
  )

  // ---- FLOWS §2: playback token for a private video -----------------------
  app.get('/api/video-token/:uid', configured(st, 'Stream'), requireApiKey, (req, res) => {
    const video = store.get(req.params.uid)
    if (!video) return res.status(404).json({ error: 'Not Found', message: 'unknown video' })
    if (video.state !== 'ACTIVE') {
      return res.status(409).json({
        error: 'Not Playable',
        message: `video is ${video.state}`,
        state: video.state,
      })
    }
    const options = { expires: now() + streamTtl }
    if (req.query.country !== undefined) {
      // e.g. ?country=KR: allow KR, block everyone else (FLOWS §2 example)
      const countries = String(req.query.country).split(',')
      options.accessRules = [
        { type: 'ip.geoip.country', action: 'allow', country: countries },
        { type: 'any', action: 'block' },
      ]
    }
    if (req.query.downloadable === 'true') options.downloadable = true
    try {
      const token = streamKey.sign(video.uid, options)
      return res.json({
        status: 'success',
        token,
        expires: options.expires,
        hls: streamUrls.hls(token),
        iframe: streamUrls.iframe(token),
      })
    } catch (err) {
      return signingError(res, err)
    }
  })

  // ---- FLOWS §3: Media CDN short-lived token ------------------------------
  app.get('/api/media-cdn-token', configured(mc, 'Media CDN'), requireApiKey, (req, res) => {
    // ?path=/videos/show1/ narrows the prefix below the configured one.
    let prefix = mc.urlPrefix
    if (req.query.path !== undefined) {
      const path = String(req.query.path)
      const base = new URL(mc.urlPrefix)
      if (!path.startsWith(base.pathname) || path.includes('..')) {
        return res.status(403).json({ error: 'Forbidden', message: `path must be under ${base.pathname}` })
      }
      prefix = base.origin + path
    }
    try {
      const issuedAt = now()
      const t = mediaSigner.signShortLived({ urlPrefix: prefix }, { now: issuedAt, lifetime: mediaTtl })
      const manifest = req.query.manifest === undefined ? 'manifest.m3u8' : String(req.query.manifest)
      if (!/^[A-Za-z0-9._-]+$/.test(manifest)) {
        return res.status(400).json({ error: 'Invalid Parameter', message: 'manifest is a file name' })
      }
      const url = `${prefix}${prefix.endsWith('/') ? '' : '/'}${manifest}?${t.query}`
      return res.json({ status: 'success', token: t.token, param: t.param, expires: issuedAt + mediaTtl, url })
    } catch (err) {
      return signingError(res, err)
    }
  })

  app.use((req, res) => res.status(404).json({ error: 'Not Found' }))
  // Last-resort handler: log the code, never the key or the stack to the client.
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, _next) => {
    if (err && err.type === 'entity.parse.failed') {
      return res.status(400).json({ error: 'Missing Parameter', message: 'body is not valid JSON' })
    }
    if (err && (err.status === 413 || err.type === 'entity.too.large')) {
      return res.status(413).json({ error: 'Payload Too Large' })
    }
    if (config.log !== false) console.error('request failed:', err && (err.code || err.name), err && err.message)
    res.status(500).json({ error: 'Internal Server Error' })
  })
  return app
}

/**
 * A caller mistake the core refused -> 400 with the core's message (FLOWS §1:
 * an invalid resource_url is "Missing Parameter" like a missing one); anything
 * else -> 500 without details.
 */
function signingError(res, err) {
  if (err && err.code === 'CDNSIGN_INVALID_INPUT') {
    const aboutUrl = err.field === 'url' || err.field === 'resource'
    return res.status(400).json({
      error: aboutUrl ? 'Missing Parameter' : 'Invalid Parameter',
      code: err.code,
      field: err.field,
      message: err.message,
    })
  }
  // Keys are validated at startup; a key error here is a server fault. The
  // core's messages never contain key material, but the client gets nothing.
  console.error('signing failed:', err && err.code, err && err.message)
  return res.status(500).json({ error: 'Internal Server Error' })
}

module.exports = { createApp }
