'use strict'
// Interop with jsonwebtoken (the JWT library Node backends use): it verifies
// our Stream tokens, we verify its RS256 tokens, and the algorithm-confusion
// tokens it (or a hand-rolled HMAC) can make are refused.
const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const jwt = require('jsonwebtoken')
const { stream } = require('..')
const { vectorFile, throwsCode } = require('./helpers')

const response = JSON.parse(vectorFile('keys/stream-key.json'))
const kid = response.result.id
const privatePem = vectorFile('keys/stream-key.pkcs1.pem')
const publicPem = vectorFile('keys/stream-key.pub.pem')
const key = stream.SigningKey.fromApiResponse(response)
const uid = '6b9e68b07dfee8cc2d116e4c51d6a957'
const now = Math.floor(Date.now() / 1000)

test('jsonwebtoken verifies our tokens (RS256 pinned), claims intact', () => {
  const rules = [
    { type: 'ip.geoip.country', action: 'allow', country: ['KR'] },
    { type: 'ip.src', action: 'allow', ip: ['192.0.2.0/24', '2001:db8::/32'] },
    { type: 'any', action: 'block' },
  ]
  const ours = key.sign(uid, { expires: now + 3600, notBefore: now - 5, downloadable: true, accessRules: rules })
  const { header, payload } = jwt.verify(ours, publicPem, { algorithms: ['RS256'], complete: true, subject: uid })
  assert.deepEqual(header, { alg: 'RS256', kid })
  assert.deepEqual(payload, { sub: uid, kid, exp: now + 3600, nbf: now - 5, downloadable: true, accessRules: rules })
  // and the exact bytes jsonwebtoken produces for the same header/claims
  const theirs = jwt.sign({ sub: uid, kid, exp: now + 3600, nbf: now - 5, downloadable: true, accessRules: rules },
    privatePem, { algorithm: 'RS256', keyid: kid, noTimestamp: true, header: { alg: 'RS256', kid, typ: undefined } })
  assert.equal(ours, theirs)
  // a tampered token fails in jsonwebtoken too
  const [h, p, s] = ours.split('.')
  const forged = [h, Buffer.from(JSON.stringify({ ...payload, sub: 'other' })).toString('base64url'), s].join('.')
  assert.throws(() => jwt.verify(forged, publicPem, { algorithms: ['RS256'] }), /invalid signature/)
  throwsCode(() => new stream.Verifier([key]).verify(forged), 'CDNSIGN_BAD_SIGNATURE')
})

test('we verify jsonwebtoken RS256 tokens (with its typ and iat), including string-free exp/nbf', () => {
  const verifier = new stream.Verifier({ [kid]: publicPem })
  const theirs = jwt.sign({ sub: uid, kid, downloadable: true }, privatePem, {
    algorithm: 'RS256', keyid: kid, expiresIn: 600, notBefore: -10,
  })
  const r = verifier.verify(theirs, { videoUid: uid })
  assert.equal(r.kid, kid)
  assert.equal(r.claims.sub, uid)
  assert.equal(r.claims.downloadable, true)
  assert.ok(r.claims.exp > now && r.claims.exp <= now + 601)
  // expired per jsonwebtoken is expired for us
  const old = jwt.sign({ sub: uid, kid, exp: now - 3600 }, privatePem, { algorithm: 'RS256', keyid: kid })
  assert.throws(() => jwt.verify(old, publicPem), /jwt expired/)
  throwsCode(() => verifier.verify(old), 'CDNSIGN_EXPIRED')
  // signed by another RSA key under our kid
  const other = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  const wrongKey = jwt.sign({ sub: uid, kid, exp: now + 60 }, other, { algorithm: 'RS256', keyid: kid })
  throwsCode(() => verifier.verify(wrongKey), 'CDNSIGN_BAD_SIGNATURE')
})

test('no leeway by default, as Cloudflare documents none: jsonwebtoken tokens 10 s early or 1 s late', () => {
  const t = Math.floor(Date.now() / 1000)
  const early = jwt.sign({ sub: uid, kid, nbf: t + 10, exp: t + 600 }, privatePem, { algorithm: 'RS256', keyid: kid })
  const late = jwt.sign({ sub: uid, kid, exp: t - 1 }, privatePem, { algorithm: 'RS256', keyid: kid })
  const strict = new stream.Verifier({ [kid]: publicPem })
  throwsCode(() => strict.verify(early, { now: t }), 'CDNSIGN_NOT_YET_VALID')
  throwsCode(() => strict.verify(late, { now: t }), 'CDNSIGN_EXPIRED')
  // jsonwebtoken agrees with no tolerance, and so do we with an explicit 30 s
  assert.throws(() => jwt.verify(early, publicPem, { clockTimestamp: t }), /jwt not active/)
  assert.throws(() => jwt.verify(late, publicPem, { clockTimestamp: t }), /jwt expired/)
  const lenient = new stream.Verifier({ [kid]: publicPem }, { leeway: 30 })
  assert.equal(lenient.verify(early, { now: t }).claims.nbf, t + 10)
  assert.equal(lenient.verify(late, { now: t }).claims.exp, t - 1)
})

test('algorithm confusion: none and HS256-with-the-public-key tokens are refused', () => {
  const verifier = new stream.Verifier({ [kid]: publicPem })
  const claims = { sub: uid, kid, exp: now + 600 }
  const none = jwt.sign(claims, null, { algorithm: 'none', keyid: kid })
  assert.equal(none.split('.')[2], '')
  throwsCode(() => verifier.verify(none), 'CDNSIGN_ALGORITHM_NOT_ALLOWED')

  // The classic confusion: HMAC keyed with the public PEM the verifier holds.
  // jsonwebtoken 9 refuses to make or check it with a PEM string, so build it
  // as an attacker would.
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const input = `${enc({ alg: 'HS256', kid, typ: 'JWT' })}.${enc(claims)}`
  const hs = `${input}.${crypto.createHmac('sha256', publicPem).update(input).digest('base64url')}`
  // it is a valid HS256 token for that secret...
  assert.equal(jwt.verify(hs, crypto.createSecretKey(Buffer.from(publicPem)), { algorithms: ['HS256'] }).sub, uid)
  // ...which we refuse before looking at any key
  throwsCode(() => verifier.verify(hs), 'CDNSIGN_ALGORITHM_NOT_ALLOWED')
  const hsBuilt = jwt.sign(claims, 'a-shared-secret', { algorithm: 'HS256', keyid: kid })
  throwsCode(() => verifier.verify(hsBuilt), 'CDNSIGN_ALGORITHM_NOT_ALLOWED')
  // RS512 / PS256 with the real key are refused too (RS256 only)
  for (const algorithm of ['RS512', 'PS256']) {
    const t = jwt.sign(claims, privatePem, { algorithm, keyid: kid })
    throwsCode(() => verifier.verify(t), 'CDNSIGN_ALGORITHM_NOT_ALLOWED')
  }
})
