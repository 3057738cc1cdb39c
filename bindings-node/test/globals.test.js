'use strict'
// Our results do not depend on globals a program may replace after loading
// the package: a library that swaps `JSON.parse` or `JSON.stringify` for one
// of its own (to keep big integers, to log, to strip `__proto__`) must not
// change what explain, a webhook event, decoded claims or a signed manifest
// are made of, nor what a key given as an object reads as. The addon takes
// hold of both while the package loads, on each thread; results.js does the
// same with `Object.keys`, which reads Media CDN token claims.
const test = require('node:test')
const assert = require('node:assert/strict')
const { Worker } = require('node:worker_threads')
const { cloudfront, stream, webhook, mediacdn } = require('..')
const { vectorFile } = require('./helpers')

const NOW = 1_800_000_000
const EXP = NOW + 3600
const SECRET = 'whsec-globals-test'
// `__proto__` is an own member of what JSON.parse returns; a body is the
// sender's, so it must stay one (and never become the object's prototype).
const BODY = '{"uid":"abc","readyToStream":true,"meta":{"name":"a.mp4","__proto__":{"polluted":1}},"big":12345678901234567890}'

// A `/stream/keys` response as an object: read through JSON.stringify.
const STREAM_RESPONSE = JSON.parse(vectorFile('keys/stream-key.json'))

const CF_PEM = vectorFile('keys/cloudfront-rsa2048.pem')
const STREAM_KEY = vectorFile('keys/stream-key.json')
const MC_SEED = vectorFile('keys/mediacdn-ed25519.seed.b64url-nopad').trim()

/** Everything these calls return, in one value. */
function results() {
  const cf = new cloudfront.Signer({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: CF_PEM })
  const url = cf.signUrl('https://d111111abcdef8.cloudfront.net/v/a.m3u8', { expires: EXP })
  const key = stream.SigningKey.fromApiResponse(STREAM_KEY)
  const token = key.sign('ea95132c15732412d22c1476fa83f27a', { expires: EXP, now: NOW })
  const header = webhook.sign(SECRET, BODY, { time: NOW })
  const playlist = '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg0.ts\n#EXT-X-ENDLIST\n'
  return {
    explain: cloudfront.explain(url, { now: NOW }),
    event: new webhook.Verifier(SECRET).verifyEvent(header, BODY, { now: NOW }).event,
    claims: stream.decode(token).claims,
    jwk: key.publicJwk,
    kidFromObject: stream.SigningKey.fromApiResponse(STREAM_RESPONSE).kid,
    verified: new webhook.Verifier(SECRET).verify(header, BODY, { now: NOW }),
    mcToken: new mediacdn.TokenSigner({ privateKey: MC_SEED }).sign({ pathGlobs: '/v/*', expires: EXP }).token,
    manifest: cf.signManifest(playlist, { url: 'https://d111111abcdef8.cloudfront.net/v/a.m3u8', expires: EXP }).references,
  }
}

/** Runs `f` with `JSON.parse`, `JSON.stringify` and `Object.keys` answering nonsense. */
function withHijackedGlobals(f) {
  const { parse, stringify } = JSON
  const { keys } = Object
  let calls = 0
  Object.keys = () => {
    calls++
    return []
  }
  JSON.parse = () => {
    calls++
    return { hijacked: true }
  }
  JSON.stringify = () => {
    calls++
    return '{"hijacked":true}'
  }
  try {
    return [f(), calls]
  } finally {
    Object.assign(JSON, { parse, stringify })
    Object.keys = keys
  }
}

test('results are the same after a program replaces JSON.parse, JSON.stringify and Object.keys', () => {
  const before = results()
  // the shapes this test relies on
  assert.equal(before.explain.keyId, 'K2JCJMDEHXQW5F')
  assert.equal(before.event.raw.meta.name, 'a.mp4')
  assert.equal(Object.getPrototypeOf(before.event.raw.meta), Object.prototype)
  assert.ok(Object.hasOwn(before.event.raw.meta, '__proto__'))
  assert.equal(before.event.raw.meta.polluted, undefined)
  assert.equal(before.event.raw.big, 12345678901234567890)
  assert.equal(before.kidFromObject, STREAM_RESPONSE.result.id)
  assert.match(before.mcToken, /^PathGlobs=\/v\/\*~Expires=/)
  const [after, calls] = withHijackedGlobals(results)
  assert.equal(calls, 0, 'a replaced global was called')
  assert.deepEqual(after, before)
})

test('a worker thread takes hold of its own JSON.parse', async () => {
  const src = `
    const { parentPort } = require('node:worker_threads')
    const { cloudfront } = require(${JSON.stringify(require.resolve('..'))})
    JSON.parse = () => ({ hijacked: true })
    const e = cloudfront.explain(${JSON.stringify(
      'https://d111111abcdef8.cloudfront.net/v/a.m3u8?Expires=1800003600&Signature=AAAA&Key-Pair-Id=K2JCJMDEHXQW5F',
    )}, { now: ${NOW} })
    parentPort.postMessage({ keyId: e.keyId, expires: e.expires, hijacked: e.hijacked === true })
  `
  const w = new Worker(src, { eval: true })
  const msg = await new Promise((resolve, reject) => {
    w.once('message', resolve)
    w.once('error', reject)
  })
  await w.terminate()
  assert.deepEqual(msg, { keyId: 'K2JCJMDEHXQW5F', expires: 1800003600, hijacked: false })
})
