'use strict'
// Interop with @aws-sdk/cloudfront-signer: our compat shim gives the SDK's
// exact URLs and cookies for the SDK's own inputs (signatures equal), the
// SDK's URLs and cookies verify with our Verifier, and the places where we
// deliberately differ are pinned down.
const test = require('node:test')
const assert = require('node:assert/strict')
const sdk = require('@aws-sdk/cloudfront-signer')
const compat = require('../compat/aws-cloudfront-signer')
const { cloudfront } = require('..')
const { vectorFile, throwsCode } = require('./helpers')

const keyPairId = 'K2JCJMDEHXQW5F'
const privateKey = vectorFile('keys/cloudfront-rsa2048.pem')
const ecKey = vectorFile('keys/cloudfront-ec-p256.pem')
const verifier = new cloudfront.Verifier({
  [keyPairId]: vectorFile('keys/cloudfront-rsa2048.pub.pem'),
  K3P256EXAMPLE7: vectorFile('keys/cloudfront-ec-p256.pub.pem'),
})
const expiresAt = new Date('2026-01-01T18:00:00Z') // 1767290400
const now = 1767290000
const base = 'https://d111111abcdef8.cloudfront.net'

// The SDK's own inputs, across its option space.
const INPUTS = [
  { name: 'canned', url: `${base}/image.jpg`, dateLessThan: expiresAt },
  { name: 'canned, date string', url: `${base}/image.jpg`, dateLessThan: '2026-01-01T18:00:00Z' },
  { name: 'canned, milliseconds', url: `${base}/image.jpg`, dateLessThan: expiresAt.getTime() },
  { name: 'canned, query', url: `${base}/video.mp4?quality=hd&lang=en`, dateLessThan: expiresAt },
  { name: 'canned, SHA256', url: `${base}/image.jpg`, dateLessThan: expiresAt, algorithm: 'SHA256' },
  { name: 'custom, start', url: `${base}/video.mp4`, dateLessThan: expiresAt, dateGreaterThan: new Date('2025-12-31T00:00:00Z') },
  { name: 'custom, IP', url: `${base}/doc.pdf`, dateLessThan: expiresAt, ipAddress: '192.0.2.0/24' },
  { name: 'custom, bare IP', url: `${base}/doc.pdf`, dateLessThan: expiresAt, ipAddress: '192.0.2.7', clientIp: '192.0.2.7' },
  { name: 'custom, start + IP + query, SHA256', url: `${base}/v.mp4?x=1`, dateLessThan: expiresAt, dateGreaterThan: '2025-12-31', ipAddress: '10.0.0.0/8', algorithm: 'SHA256', clientIp: '10.1.2.3' },
  { name: 'custom, wildcard url template', url: `${base}/images/*`, dateLessThan: expiresAt, ipAddress: '192.0.2.0/24', requestUrl: `${base}/images/photo1.jpg` },
  { name: 'canned, path needing the SDK encoding', url: `${base}/My Movie/caf%c3%a9 (1).mp4?q=a b`, dateLessThan: expiresAt },
]

for (const input of INPUTS) {
  test(`getSignedUrl ${input.name}: byte-identical to the SDK, and the SDK URL verifies with ours`, () => {
    const { name, clientIp, requestUrl, ...opts } = input
    const theirs = sdk.getSignedUrl({ ...opts, keyPairId, privateKey })
    const ours = compat.getSignedUrl({ ...opts, keyPairId, privateKey })
    assert.equal(ours, theirs)
    const verify = (u) => verifier.verifyUrl(u, { now, clientIp: clientIp || opts.ipAddress?.replace(/\/\d+$/, '').replace(/\.0$/, '.1') })
    let url = theirs
    if (requestUrl) {
      const q = theirs.slice(theirs.indexOf('?') + 1)
      url = `${requestUrl}?${q}`
    }
    const v = verify(url)
    assert.equal(v.expires, 1767290400)
    assert.equal(v.hashAlgorithm, opts.algorithm || 'SHA1')
  })

  test(`getSignedCookies ${input.name}: equal to the SDK, and the SDK cookies verify with ours`, () => {
    const { name, clientIp, requestUrl, ...opts } = input
    if (opts.url.includes(' ')) return // the SDK does not encode cookie resources; nor would CloudFront match them
    const theirs = sdk.getSignedCookies({ ...opts, keyPairId, privateKey })
    const ours = compat.getSignedCookies({ ...opts, keyPairId, privateKey })
    if (opts.url.includes('*') && !opts.ipAddress && !opts.dateGreaterThan) return // see the quirk test
    assert.deepEqual(ours, theirs)
    const cookies = Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, String(v)]))
    const v = verifier.verifyCookies(cookies, {
      url: requestUrl || opts.url, now, clientIp: clientIp || opts.ipAddress?.replace(/\/\d+$/, '').replace(/\.0$/, '.1'),
    })
    assert.equal(v.form, 'cookies')
  })
}

test('Signer.signUrl carries the same signature as the SDK (our own parameter order: botocore\'s)', () => {
  const signer = new cloudfront.Signer({ keyPairId, privateKey })
  for (const { name, clientIp, requestUrl, ...opts } of INPUTS.filter((i) => !i.algorithm && !i.url.includes(' '))) {
    const theirs = sdk.getSignedUrl({ ...opts, keyPairId, privateKey })
    const o = { expires: 1767290400 }
    if (opts.dateGreaterThan) o.starts = new Date(opts.dateGreaterThan)
    if (opts.ipAddress) o.ipRange = opts.ipAddress
    if (opts.url.includes('*')) o.policyKind = 'custom' // a '*' in the URL is a pattern only when asked
    const ours = signer.signUrl(opts.url, o)
    const sig = (u) => u.match(/[?&]Signature=([^&]+)/)[1]
    assert.equal(sig(ours), sig(theirs), name)
  }
})

test('SDK policy option: signed verbatim, same URL and cookies', () => {
  const policy = JSON.stringify({ Statement: [{ Resource: `${base}/live/*`, Condition: { DateLessThan: { 'AWS:EpochTime': 1767290400 } } }] })
  const theirs = sdk.getSignedUrl({ url: `${base}/live/a.ts`, policy, keyPairId, privateKey })
  assert.equal(compat.getSignedUrl({ url: `${base}/live/a.ts`, policy, keyPairId, privateKey }), theirs)
  verifier.verifyUrl(theirs, { now })
  // without url: the SDK takes the policy's resource
  assert.equal(compat.getSignedUrl({ policy, keyPairId, privateKey }), sdk.getSignedUrl({ policy, keyPairId, privateKey }))
  const c = sdk.getSignedCookies({ policy, keyPairId, privateKey })
  assert.deepEqual(compat.getSignedCookies({ policy, keyPairId, privateKey }), c)
  verifier.verifyCookies(c, { url: `${base}/live/seg9.ts`, now })
})

test('ECDSA keys: randomised signatures, both directions verify', () => {
  const opts = { url: `${base}/video.mp4`, dateLessThan: expiresAt, keyPairId: 'K3P256EXAMPLE7', privateKey: ecKey }
  verifier.verifyUrl(compat.getSignedUrl(opts), { now })
  // the SDK's createSign('RSA-SHA1') also signs with an EC key (ECDSA-SHA1)
  verifier.verifyUrl(sdk.getSignedUrl(opts), { now })
})

test('deliberate difference: wildcard cookies without start/IP', () => {
  const opts = { url: `${base}/images/*`, dateLessThan: expiresAt, keyPairId, privateKey }
  const theirs = sdk.getSignedCookies(opts)
  // the SDK writes a canned policy whose resource is the literal pattern...
  assert.ok('CloudFront-Expires' in theirs)
  const asStrings = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]))
  throwsCode(() => verifier.verifyCookies(asStrings(theirs), { url: `${base}/images/photo1.jpg`, now }), 'CDNSIGN_BAD_SIGNATURE')
  // ...ours is a custom policy that CloudFront honours for the files under it
  const ours = compat.getSignedCookies(opts)
  assert.ok('CloudFront-Policy' in ours && !('CloudFront-Expires' in ours))
  verifier.verifyCookies(ours, { url: `${base}/images/photo1.jpg`, now })
})

test('deliberate difference: a canned URL with a literal * is refused', () => {
  const opts = { url: `${base}/images/*`, dateLessThan: expiresAt, keyPairId, privateKey }
  assert.match(sdk.getSignedUrl(opts), /Expires=1767290400/)
  throwsCode(() => compat.getSignedUrl(opts), 'CDNSIGN_INVALID_INPUT')
})

test('deliberate difference: Unix seconds where the SDK reads milliseconds are refused, not signed for 1970', () => {
  const opts = { url: `${base}/image.jpg`, keyPairId, privateKey, dateLessThan: 1767290400 }
  const theirs = sdk.getSignedUrl(opts)
  assert.match(theirs, /Expires=1767290&/) // January 1970: already expired
  const e = throwsCode(() => compat.getSignedUrl(opts), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
  assert.equal(e.field, 'dateLessThan')
  throwsCode(() => compat.getSignedUrl({ ...opts, dateLessThan: 'not a date' }), 'CDNSIGN_INVALID_INPUT', /dateLessThan/)
  throwsCode(() => compat.getSignedUrl({ keyPairId, privateKey, dateLessThan: expiresAt }), 'CDNSIGN_INVALID_INPUT')
  throwsCode(() => compat.getSignedUrl({ ...opts, dateLessThan: expiresAt, privateKey: 'garbage' }), 'CDNSIGN_INVALID_KEY')
})
