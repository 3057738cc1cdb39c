'use strict'
// FLOWS §3 over real HTTP: GET /api/media-cdn-token issues the short-lived
// token of Media CDN's dual-token flow; the origin-side Verifier accepts it.
const test = require('node:test')
const assert = require('node:assert/strict')
const { mediacdn } = require('cdnsign')
const { start, request, keyFile, API_KEY } = require('./helpers')

const verifier = new mediacdn.Verifier({ publicKeys: { 'key-1': keyFile('keys/mediacdn-ed25519.pub.b64url') } })
const auth = { headers: { 'x-api-key': API_KEY } }

test('401 without the API key; 503 when Media CDN is not configured', async (t) => {
  const srv = await start()
  t.after(srv.close)
  assert.equal((await request(srv.base, 'GET', '/api/media-cdn-token')).status, 401)
  const off = await start({ mediacdn: undefined })
  t.after(off.close)
  assert.equal((await request(off.base, 'GET', '/api/media-cdn-token', auth)).status, 503)
})

test('a one-minute URLPrefix token for the manifest, verifiable at the origin', async (t) => {
  const srv = await start()
  t.after(srv.close)
  const before = Math.floor(Date.now() / 1000)
  const r = await request(srv.base, 'GET', '/api/media-cdn-token', auth)
  assert.equal(r.status, 200, r.text)
  const { token, url, expires, param } = r.json
  assert.equal(param, 'edge-cache-token')
  assert.ok(expires - before >= 59 && expires - before <= 61, String(expires - before))
  assert.equal(url, `https://media.example.com/videos/manifest.m3u8?edge-cache-token=${token}`)
  assert.match(token, /^URLPrefix=[A-Za-z0-9_-]+~Expires=\d+~Signature=[A-Za-z0-9_-]+$/)
  const v = verifier.verify({ url })
  assert.deepEqual([v.form, v.keyId, v.expires], ['token', 'key-1', expires])
  // the same token covers the other files under the prefix, not outside it
  verifier.verify({ url: `https://media.example.com/videos/seg-001.ts?edge-cache-token=${token}` })
  assert.throws(() => verifier.verify({ url: `https://media.example.com/private/a.ts?edge-cache-token=${token}` }),
    (e) => e.code === 'CDNSIGN_URL_MISMATCH')
  assert.throws(() => verifier.verify({ url, now: expires }), (e) => e.code === 'CDNSIGN_EXPIRED')
})

test('?path narrows the prefix; escaping it is refused', async (t) => {
  const srv = await start()
  t.after(srv.close)
  const r = await request(srv.base, 'GET', '/api/media-cdn-token?path=/videos/show1/&manifest=master.m3u8', auth)
  assert.equal(r.status, 200, r.text)
  assert.ok(r.json.url.startsWith('https://media.example.com/videos/show1/master.m3u8?edge-cache-token='))
  verifier.verify({ url: r.json.url })
  assert.throws(() => verifier.verify({ url: `https://media.example.com/videos/show2/a.ts?edge-cache-token=${r.json.token}` }),
    (e) => e.code === 'CDNSIGN_URL_MISMATCH')
  for (const q of ['?path=/private/', '?path=/videos/../private/', '?manifest=../x']) {
    const bad = await request(srv.base, 'GET', `/api/media-cdn-token${q}`, auth)
    assert.ok([400, 403].includes(bad.status), `${q}: ${bad.status}`)
  }
})
