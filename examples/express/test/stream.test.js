'use strict'
// FLOWS §2 over real HTTP: POST /webhook/stream moves videos PROCESSING ->
// ACTIVE / FAILED idempotently; GET /api/video-token/:uid issues playback
// tokens for ACTIVE videos only.
const test = require('node:test')
const assert = require('node:assert/strict')
const { stream, webhook } = require('cdnsign')
const { start, request, keyFile, API_KEY, WEBHOOK_SECRET, CUSTOMER_CODE } = require('./helpers')
const { recheckStuck } = require('../src/recheck')

const UID = '6b9e68b07dfee8cc2d116e4c51d6a957'
const UID2 = 'dd5d531a12de0c724bd1275a3b2bc9c6'

function event(uid, state, modified, extra = {}) {
  return JSON.stringify({
    uid,
    readyToStream: state === 'ready',
    status: { state, pctComplete: state === 'ready' ? '100.000000' : '40.000000', errorReasonCode: '', errorReasonText: '', ...extra },
    meta: { name: 'clip.mp4' },
    created: '2026-01-01T17:00:00.000000Z',
    modified,
  }, null, '\t') // tab-indented like Stream's own deliveries
}

const deliver = (base, body, { secret = WEBHOOK_SECRET, time = Math.floor(Date.now() / 1000) } = {}) =>
  request(base, 'POST', '/webhook/stream', {
    headers: { 'content-type': 'application/json', 'webhook-signature': webhook.sign(secret, body, { time }) },
    body,
  })

test('webhook: PROCESSING -> ACTIVE, replays and late events change nothing', async (t) => {
  const srv = await start()
  t.after(srv.close)
  srv.config.store.create(UID)
  assert.equal(srv.config.store.get(UID).state, 'PROCESSING')

  let r = await deliver(srv.base, event(UID, 'inprogress', '2026-01-01T17:01:00.000000Z'))
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.state, 'PROCESSING')

  const ready = event(UID, 'ready', '2026-01-01T17:05:00.000000Z')
  const time = Math.floor(Date.now() / 1000)
  r = await deliver(srv.base, ready, { time })
  assert.deepEqual([r.status, r.json.state, r.json.applied], [200, 'ACTIVE', true])

  // the same delivery again (Stream retries): 200, recorded as a duplicate, nothing changes
  r = await deliver(srv.base, ready, { time })
  assert.deepEqual([r.status, r.json.state, r.json.applied, r.json.duplicate], [200, 'ACTIVE', false, true])
  // a late, older `inprogress` cannot drag it back
  r = await deliver(srv.base, event(UID, 'inprogress', '2026-01-01T17:02:00.000000Z'))
  assert.deepEqual([r.status, r.json.state, r.json.applied], [200, 'ACTIVE', false])
  assert.equal(srv.config.store.get(UID).state, 'ACTIVE')
})

test('webhook: error -> FAILED with the reason kept (both spellings); signed with the rotated secret', async (t) => {
  const srv = await start()
  t.after(srv.close)
  const body = event(UID2, 'error', '2026-01-01T17:03:00.000000Z', {
    errorReasonCode: undefined, errorReasonText: undefined,
    errReasonCode: 'ERR_MALFORMED_VIDEO', errReasonText: 'The video was deemed to be corrupted or malformed.',
  })
  const r = await deliver(srv.base, body, { secret: 'whsec-old-secret' })
  assert.equal(r.status, 200, r.text)
  assert.equal(r.json.state, 'FAILED')
  const row = srv.config.store.get(UID2)
  assert.equal(row.error_code, 'ERR_MALFORMED_VIDEO')
  assert.match(row.error_text, /corrupted/)
})

test('webhook: forged, re-serialised, stale and unsigned deliveries are refused and change nothing', async (t) => {
  const srv = await start()
  t.after(srv.close)
  srv.config.store.create(UID)
  const body = event(UID, 'ready', '2026-01-01T17:05:00.000000Z')
  let r = await deliver(srv.base, body, { secret: 'not-the-secret' })
  assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_BAD_SIGNATURE'])
  const header = webhook.sign(WEBHOOK_SECRET, body, { time: Math.floor(Date.now() / 1000) })
  r = await request(srv.base, 'POST', '/webhook/stream', {
    headers: { 'content-type': 'application/json', 'webhook-signature': header },
    body: JSON.stringify(JSON.parse(body)),
  })
  assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_BAD_SIGNATURE'])
  r = await deliver(srv.base, body, { time: Math.floor(Date.now() / 1000) - 3600 })
  assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_TIMESTAMP_TOO_OLD'])
  r = await request(srv.base, 'POST', '/webhook/stream', { headers: { 'content-type': 'application/json' }, body })
  assert.deepEqual([r.status, r.json.code], [401, 'CDNSIGN_MISSING_CREDENTIAL'])
  assert.equal(srv.config.store.get(UID).state, 'PROCESSING')
})

test('video token: 401 without the API key, 404 unknown, 409 unless ACTIVE, token + HLS for ACTIVE', async (t) => {
  const srv = await start()
  t.after(srv.close)
  const auth = { headers: { 'x-api-key': API_KEY } }
  let r = await request(srv.base, 'GET', `/api/video-token/${UID}`)
  assert.deepEqual([r.status, r.json], [401, { error: 'Unauthorized' }])
  r = await request(srv.base, 'GET', `/api/video-token/${UID}`, { headers: { 'x-api-key': 'wrong' } })
  assert.equal(r.status, 401)
  r = await request(srv.base, 'GET', `/api/video-token/${UID}`, auth)
  assert.equal(r.status, 404)

  srv.config.store.create(UID)
  r = await request(srv.base, 'GET', `/api/video-token/${UID}`, auth)
  assert.deepEqual([r.status, r.json.state], [409, 'PROCESSING'])
  await deliver(srv.base, event(UID2, 'error', '2026-01-01T17:03:00.000000Z', { errorReasonCode: 'ERR_X', errorReasonText: 'x' }))
  r = await request(srv.base, 'GET', `/api/video-token/${UID2}`, auth)
  assert.deepEqual([r.status, r.json.state], [409, 'FAILED'])

  await deliver(srv.base, event(UID, 'ready', '2026-01-01T17:05:00.000000Z'))
  r = await request(srv.base, 'GET', `/api/video-token/${UID}?country=KR&downloadable=true`, auth)
  assert.equal(r.status, 200, r.text)
  const { token, hls, iframe, expires } = r.json
  assert.equal(hls, `https://customer-${CUSTOMER_CODE}.cloudflarestream.com/${token}/manifest/video.m3u8`)
  assert.equal(iframe, `https://customer-${CUSTOMER_CODE}.cloudflarestream.com/${token}/iframe`)
  // the token verifies with the public key only, for this video, from KR only
  const response = JSON.parse(keyFile('keys/stream-key.json'))
  const verifier = new stream.Verifier({ [response.result.id]: keyFile('keys/stream-key.pub.pem') })
  const v = verifier.verify(token, { videoUid: UID, viewerCountry: 'KR' })
  assert.equal(v.claims.exp, expires)
  assert.equal(v.claims.downloadable, true)
  assert.ok(expires - Math.floor(Date.now() / 1000) <= 3600)
  assert.throws(() => verifier.verify(token, { videoUid: UID, viewerCountry: 'US' }), (e) => e.code === 'CDNSIGN_ACCESS_DENIED')
  assert.throws(() => verifier.verify(token, { videoUid: UID2, viewerCountry: 'KR' }), (e) => e.code === 'CDNSIGN_SUBJECT_MISMATCH')
})

test('re-check job: videos stuck in PROCESSING over 30 min are refreshed from the API', async () => {
  const { VideoStore } = require('../src/store')
  const store = new VideoStore(':memory:')
  const now = 1767290400
  store.create(UID, now - 3600)
  store.create(UID2, now - 60)
  const asked = []
  const results = await recheckStuck({
    store,
    now,
    fetchVideo: async (uid) => {
      asked.push(uid)
      return JSON.parse(event(uid, 'ready', '2026-01-01T18:00:00.000000Z'))
    },
  })
  assert.deepEqual(asked, [UID])
  assert.deepEqual(results, [{ uid: UID, state: 'ACTIVE', applied: true }])
  assert.equal(store.get(UID2).state, 'PROCESSING')
  store.close()
})
