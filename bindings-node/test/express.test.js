'use strict'
// cdnsign/express streamWebhook() over real HTTP on 127.0.0.1, with and
// without body parsers mounted before it.
const test = require('node:test')
const assert = require('node:assert/strict')
const express = require('express')
const { webhook } = require('..')
const { streamWebhook, keepRawBody } = require('../express')

const SECRET = 'whsec-test-secret'
const UID = '6b9e68b07dfee8cc2d116e4c51d6a957'
const BODY = `{\n\t"uid": "${UID}",\n\t"readyToStream": true,\n\t"status": {"state": "ready", "pctComplete": "100.000000"},\n\t"meta": {"name": "a.mp4"}\n}`

async function withServer(setup, fn) {
  const app = express()
  setup(app)
  app.post('/hook', (req, res) => {
    const w = req.streamWebhook
    res.json({ uid: w.event.uid, lifecycle: w.event.lifecycle, time: w.time, bodyUid: req.body && req.body.uid, rawLength: w.rawBody.length })
  })
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, _next) => res.status(err.status || 500).json({ handler: true, code: err.code, message: err.message }))
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  try {
    await fn(`http://127.0.0.1:${server.address().port}`)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

function post(base, body, headers = {}) {
  return fetch(`${base}/hook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  }).then(async (r) => ({ status: r.status, json: await r.json() }))
}

const signed = (body = BODY, time = Math.floor(Date.now() / 1000)) => ({ 'webhook-signature': webhook.sign(SECRET, body, { time }) })

test('no body parser: the middleware reads the raw body and puts the typed event on req', async () => {
  await withServer((app) => app.use(streamWebhook({ secrets: SECRET })), async (base) => {
    const r = await post(base, BODY, signed())
    assert.equal(r.status, 200, JSON.stringify(r.json))
    assert.equal(r.json.uid, UID)
    assert.equal(r.json.lifecycle, 'ready')
    assert.equal(r.json.bodyUid, UID)
    assert.equal(r.json.rawLength, Buffer.byteLength(BODY))
  })
})

test('express.json() before it without kept bytes: a clear error, not a 401 for a genuine delivery', async () => {
  await withServer((app) => {
    app.use(express.json())
    app.use(streamWebhook({ secrets: SECRET }))
  }, async (base) => {
    const r = await post(base, BODY, signed())
    assert.equal(r.status, 500)
    assert.equal(r.json.handler, true)
    assert.equal(r.json.code, 'CDNSIGN_RAW_BODY_UNAVAILABLE')
    assert.match(r.json.message, /keepRawBody/)
    assert.match(r.json.message, /express\.json/)
  })
})

test('express.json({ verify: keepRawBody }) before it: works on the kept bytes', async () => {
  await withServer((app) => {
    app.use(express.json({ verify: keepRawBody }))
    app.use(streamWebhook({ secrets: [SECRET] }))
  }, async (base) => {
    const r = await post(base, BODY, signed())
    assert.equal(r.status, 200, JSON.stringify(r.json))
    assert.equal(r.json.bodyUid, UID)
  })
})

test('express.raw() before it: works on the Buffer body', async () => {
  await withServer((app) => {
    app.use(express.raw({ type: '*/*' }))
    app.use(streamWebhook({ secrets: SECRET }))
  }, async (base) => {
    const r = await post(base, BODY, signed())
    assert.equal(r.status, 200, JSON.stringify(r.json))
  })
})

test('express.json() mounted but not matching the content type: the stream is untouched, still works', async () => {
  await withServer((app) => {
    app.use(express.json())
    app.use(streamWebhook({ secrets: SECRET }))
  }, async (base) => {
    const r = await post(base, BODY, { ...signed(), 'content-type': 'text/plain' })
    assert.equal(r.status, 200, JSON.stringify(r.json))
  })
})

test('failures answer 401/400/413 JSON with the stable code', async () => {
  const now = 1767290400
  await withServer((app) => app.use(streamWebhook({ secrets: SECRET, limit: 4096, now: () => now })), async (base) => {
    let r = await post(base, BODY)
    assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_MISSING_CREDENTIAL'])
    r = await post(base, BODY, { 'webhook-signature': webhook.sign('wrong-secret', BODY, { time: now }) })
    assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_BAD_SIGNATURE'])
    r = await post(base, BODY.replace('ready', 'error'), signed(BODY, now))
    assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_BAD_SIGNATURE'])
    r = await post(base, BODY, signed(BODY, now - 301))
    assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_TIMESTAMP_TOO_OLD'])
    r = await post(base, BODY, signed(BODY, now + 301))
    assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_TIMESTAMP_IN_FUTURE'])
    r = await post(base, BODY, { 'webhook-signature': 'time=abc,sig1=zz' })
    assert.deepEqual([r.status, r.json.code, r.json.error], [400, 'CDNSIGN_MALFORMED', 'malformed Webhook-Signature header'])
    const notJson = 'uid=1'
    r = await post(base, notJson, signed(notJson, now))
    assert.deepEqual([r.status, r.json.code, r.json.error], [400, 'CDNSIGN_MALFORMED', 'invalid webhook body'])
    const big = JSON.stringify({ uid: UID, pad: 'x'.repeat(5000) })
    r = await post(base, big, signed(big, now))
    assert.equal(r.status, 413)
    // still serving after all that
    r = await post(base, BODY, signed(BODY, now))
    assert.equal(r.status, 200)
  })
})

test('works as plain node:http middleware too (no Express request helpers needed)', async () => {
  const http = require('node:http')
  const mw = streamWebhook({ secrets: SECRET })
  const server = http.createServer((req, res) => {
    mw(req, res, (err) => {
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(err ? { err: err.code } : { uid: req.streamWebhook.event.uid }))
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const base = `http://127.0.0.1:${server.address().port}`
    const r = await post(base, BODY, signed())
    assert.deepEqual(r.json, { uid: UID })
    const bad = await post(base, BODY, { 'webhook-signature': webhook.sign('wrong', BODY, { time: Math.floor(Date.now() / 1000) }) })
    assert.deepEqual([bad.status, bad.json.code], [401, 'CDNSIGN_BAD_SIGNATURE'])
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
})

test('construction checks the secrets at startup', () => {
  assert.throws(() => streamWebhook({}), (e) => e.code === 'CDNSIGN_INVALID_INPUT')
  assert.throws(() => streamWebhook({ secrets: '' }), (e) => e.code === 'CDNSIGN_INVALID_KEY')
  assert.throws(() => streamWebhook({ secrets: SECRET, tolerance: -5 }), (e) => e.code === 'CDNSIGN_INVALID_INPUT')
})
