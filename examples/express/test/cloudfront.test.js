'use strict'
// FLOWS §1 over real HTTP: POST /api/generate-signed-resource.
const test = require('node:test')
const assert = require('node:assert/strict')
const { cloudfront } = require('cdnsign')
const { start, request, keyFile, API_KEY } = require('./helpers')

const ENDPOINT = '/api/generate-signed-resource'
const verifier = new cloudfront.Verifier({ K2JCJMDEHXQW5F: keyFile('keys/cloudfront-rsa2048.pub.pem') })
const call = (srv, json, key = API_KEY) =>
  request(srv.base, 'POST', ENDPOINT, { headers: key === null ? {} : { 'x-api-key': key }, json })

test('401 Unauthorized without or with a wrong x-api-key (before the body is looked at)', async (t) => {
  const srv = await start()
  t.after(srv.close)
  for (const key of [null, '', 'wrong-key']) {
    const r = await call(srv, { request_type: 'url', resource_url: 'https://cdn.example.com/a.mp4' }, key)
    assert.deepEqual([r.status, r.json], [401, { error: 'Unauthorized' }])
  }
  const r = await request(srv.base, 'POST', ENDPOINT, { body: '{not json', headers: { 'content-type': 'application/json' } })
  assert.equal(r.status, 401)
})

test('400 Missing Parameter when resource_url or request_type is missing or invalid', async (t) => {
  const srv = await start()
  t.after(srv.close)
  for (const body of [
    { request_type: 'url' },
    { request_type: 'url', resource_url: '' },
    { request_type: 'url', resource_url: 42 },
    { resource_url: 'https://cdn.example.com/a.mp4' },
    { request_type: 'folder', resource_url: 'https://cdn.example.com/a.mp4' },
    [],
  ]) {
    const r = await call(srv, body)
    assert.equal(r.status, 400, JSON.stringify(body))
    assert.equal(r.json.error, 'Missing Parameter')
  }
  const r = await request(srv.base, 'POST', ENDPOINT, { body: '{not json', headers: { 'content-type': 'application/json', 'x-api-key': API_KEY } })
  assert.deepEqual([r.status, r.json.error], [400, 'Missing Parameter'])
  const bad = await call(srv, { request_type: 'url', resource_url: 'https://cdn.example.com/a.mp4', expiry_seconds: -5 })
  assert.equal(bad.status, 400)
})

test('url mode: canned Expires= URL by default (300 s), that CloudFront\'s check accepts', async (t) => {
  const srv = await start()
  t.after(srv.close)
  const before = Math.floor(Date.now() / 1000)
  const r = await call(srv, { request_type: 'url', resource_url: 'https://cdn.example.com/videos/intro.mp4?lang=en' })
  assert.equal(r.status, 200, r.text)
  assert.deepEqual(Object.keys(r.json), ['status', 'mode', 'data'])
  assert.equal(r.json.status, 'success')
  assert.equal(r.json.mode, 'url')
  const url = r.json.data.signed_url
  assert.match(url, /^https:\/\/cdn\.example\.com\/videos\/intro\.mp4\?lang=en&Expires=\d+&Signature=[A-Za-z0-9~_-]+&Key-Pair-Id=K2JCJMDEHXQW5F$/)
  const v = verifier.verifyUrl(url)
  assert.ok(v.canned)
  assert.ok(v.expires >= before + 300 && v.expires <= before + 302, String(v.expires - before))
  assert.throws(() => verifier.verifyUrl(url, { now: v.expires }), (e) => e.code === 'CDNSIGN_EXPIRED')
  assert.throws(() => verifier.verifyUrl(url.replace('intro', 'other')), (e) => e.code === 'CDNSIGN_BAD_SIGNATURE')
})

test('url mode with client_ip and expiry_seconds: custom Policy= URL bound to that IP', async (t) => {
  const srv = await start()
  t.after(srv.close)
  const r = await call(srv, { request_type: 'url', resource_url: 'https://cdn.example.com/a.pdf', client_ip: '203.0.113.9', expiry_seconds: 3600 })
  assert.equal(r.status, 200, r.text)
  const url = r.json.data.signed_url
  assert.match(url, /\?Policy=[^&]+&Signature=[^&]+&Key-Pair-Id=K2JCJMDEHXQW5F$/)
  const v = verifier.verifyUrl(url, { clientIp: '203.0.113.9' })
  assert.equal(v.ipRange, '203.0.113.9/32')
  assert.ok(v.expires - Math.floor(Date.now() / 1000) > 3500)
  assert.throws(() => verifier.verifyUrl(url, { clientIp: '203.0.113.10' }), (e) => e.code === 'CDNSIGN_IP_NOT_ALLOWED')
})

test('cookie mode: three Set-Cookie headers with Domain=.<domain>; Path=/; Secure; HttpOnly; SameSite', async (t) => {
  const srv = await start()
  t.after(srv.close)
  const r = await call(srv, { request_type: 'cookie', resource_url: 'https://cdn.example.com/premium/*', expiry_seconds: 600 })
  assert.equal(r.status, 200, r.text)
  assert.deepEqual(r.json, { status: 'success', mode: 'cookie', message: 'Cookies set successfully' })
  const setCookies = r.headers.getSetCookie()
  assert.equal(setCookies.length, 3)
  const names = setCookies.map((h) => h.split('=')[0])
  assert.deepEqual(names, ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id'])
  for (const h of setCookies) {
    assert.match(h, /; Domain=\.example\.com; Path=\/; Secure; HttpOnly; SameSite=Lax$/)
  }
  // what the browser sends back to CloudFront for a file under the folder
  const cookieHeader = setCookies.map((h) => h.split(';')[0]).join('; ')
  const v = verifier.verifyCookies(cookieHeader, { url: 'https://cdn.example.com/premium/show/ep1.m3u8' })
  assert.equal(v.resource, 'https://cdn.example.com/premium/*')
  assert.throws(() => verifier.verifyCookies(cookieHeader, { url: 'https://cdn.example.com/free/a.mp4' }), (e) => e.code === 'CDNSIGN_URL_MISMATCH')
})

test('cookie mode for one file is canned (CloudFront-Expires)', async (t) => {
  const srv = await start()
  t.after(srv.close)
  const r = await call(srv, { request_type: 'cookie', resource_url: 'https://cdn.example.com/a.mp4' })
  assert.equal(r.status, 200)
  assert.deepEqual(r.headers.getSetCookie().map((h) => h.split('=')[0]), ['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id'])
})

test('a URL CloudFront would not match is a 400 with the reason; nothing leaks the key', async (t) => {
  const srv = await start()
  t.after(srv.close)
  for (const resource_url of ['https://cdn.example.com/My Movie.mp4', 'https://cdn.example.com/a.mp4#t=5', 'ftp://cdn.example.com/a', 'https://cdn.example.com/a.mp4?Signature=x']) {
    const r = await call(srv, { request_type: 'url', resource_url })
    assert.equal(r.status, 400, resource_url)
    assert.equal(r.json.error, 'Missing Parameter')
    assert.equal(r.json.field, 'url')
    assert.equal(r.json.code, 'CDNSIGN_INVALID_INPUT')
    assert.ok(r.json.message.length > 10)
    assert.doesNotMatch(r.text, /PRIVATE KEY|MII/)
  }
  const r = await call(srv, { request_type: 'url', resource_url: 'https://cdn.example.com/a.mp4', client_ip: '2001:db8::1' })
  assert.deepEqual([r.status, r.json.error, r.json.code], [400, 'Invalid Parameter', 'CDNSIGN_INVALID_INPUT'])
})

test('a section left out of the config answers 503', async (t) => {
  const srv = await start({ cloudfront: undefined })
  t.after(srv.close)
  const r = await call(srv, { request_type: 'url', resource_url: 'https://cdn.example.com/a.mp4' })
  assert.equal(r.status, 503)
})
