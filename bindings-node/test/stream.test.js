'use strict'
// tests/vectors/stream.json (tokens from Cloudflare's Worker algorithm and
// PyJWT, verdicts on PyJWT / jsonwebtoken / crafted tokens, URLs, keys)
// through the Node API.
const test = require('node:test')
const assert = require('node:assert/strict')
const { stream } = require('..')
const { loadVectors, vectorFile, throwsCode, rejectsCode, codeOf } = require('./helpers')

const V = loadVectors('stream.json')
const cases = (prefix) => (V ? V.cases : []).filter((c) => c.id.startsWith(prefix))
// The Node option names for the claims the core names in its errors.
const FIELD_ALIASES = { exp: ['exp', 'expires'], nbf: ['nbf', 'notBefore'], sub: ['sub', 'videoUid'] }

function checkError(e, expected) {
  assert.equal(e.code, codeOf(expected.code), `${e.code}: ${e.message}`)
  if (expected.field) {
    const allowed = FIELD_ALIASES[expected.field] || [expected.field]
    assert.ok(allowed.includes(e.field), `field ${e.field} (${e.message}), expected ${expected.field}`)
  }
  if (expected.rule !== undefined) assert.match(e.message, new RegExp(`accessRules\\[${expected.rule}\\]`))
}

function expectError(fn, expected) {
  let err
  try {
    fn()
  } catch (e) {
    err = e
  }
  assert.ok(err, 'expected an error')
  checkError(err, expected)
}

function signingKey(desc) {
  const text = vectorFile(desc.file)
  switch (desc.format) {
    case 'stream_keys_response': return stream.SigningKey.fromApiResponse(JSON.parse(text))
    case 'pem': return stream.SigningKey.fromPem(desc.id, text)
    case 'jwk': return stream.SigningKey.fromJwk(JSON.parse(text))
    default: throw new Error(desc.format)
  }
}

function verifier(input) {
  // A vector without "leeway" checks the verifier's default.
  const options = { requireExp: input.require_exp ?? true }
  if (input.leeway !== undefined) options.leeway = input.leeway
  const v = new stream.Verifier(undefined, options)
  for (const desc of input.keys) {
    const text = vectorFile(desc.file)
    if (desc.format === 'pem') v.addKey(text, desc.id)
    else v.addKey(desc.format === 'stream_keys_response' ? JSON.parse(text) : text)
  }
  return v
}

function signOptions(input) {
  const c = input.claims
  const o = { expires: c.exp, now: input.now }
  if (c.nbf !== undefined) o.notBefore = c.nbf
  if (c.downloadable !== undefined) o.downloadable = c.downloadable
  if (c.accessRules !== undefined) o.accessRules = c.accessRules
  return o
}

test('stream vectors are present and cover every kind', () => {
  assert.ok(V, 'tests/vectors/stream.json')
  for (const kind of ['sign_', 'sign_error_', 'verify_', 'decode_', 'url_', 'key_']) {
    assert.ok(cases(kind).length > 0, kind)
  }
})

test('stream vectors judge the default leeway and IPv4-mapped viewers', () => {
  // PyJWT tokens 10 s before nbf / 1 s past exp, for the default verifier (no
  // "leeway" in the input); IPv4-mapped viewers against IPv4 and mapped rules.
  const byDefault = cases('verify_').filter((c) => c.input.leeway === undefined).map((c) => c.expected.code)
  assert.ok(byDefault.includes('not_yet_valid') && byDefault.includes('expired'), String(byDefault))
  const mapped = cases('verify_').filter((c) => (c.input.viewer_ip ?? '').startsWith('::ffff:'))
  assert.ok(mapped.length >= 3, String(mapped.length))
})

for (const c of cases('sign_').filter((c) => !c.id.startsWith('sign_error_'))) {
  test(`vector ${c.id}`, async () => {
    const key = signingKey(c.input.key)
    const token = key.sign(c.input.claims.sub, signOptions(c.input))
    assert.equal(token, c.expected.token)
    const [h, p] = token.split('.')
    assert.equal(Buffer.from(h, 'base64url').toString(), c.expected.header)
    assert.equal(Buffer.from(p, 'base64url').toString(), c.expected.payload)
    assert.equal(await key.signAsync(c.input.claims.sub, signOptions(c.input)), c.expected.token)
    // Date objects are the same times
    const o = signOptions(c.input)
    o.expires = new Date(o.expires * 1000)
    o.now = new Date(o.now * 1000)
    assert.equal(key.sign(c.input.claims.sub, o), c.expected.token)
  })
}

for (const c of cases('sign_error_')) {
  test(`vector ${c.id}`, async () => {
    const key = signingKey(c.input.key)
    expectError(() => key.sign(c.input.claims.sub, signOptions(c.input)), c.expected)
    // the async variant refuses the same way (synchronously for argument errors, else by rejecting)
    let err
    try {
      await key.signAsync(c.input.claims.sub, signOptions(c.input))
    } catch (e) {
      err = e
    }
    assert.ok(err)
    checkError(err, c.expected)
  })
}

for (const c of cases('verify_')) {
  test(`vector ${c.id}`, () => {
    const i = c.input
    const opts = { now: i.now }
    if (i.expected_sub) opts.videoUid = i.expected_sub
    if (i.viewer_ip) opts.viewerIp = i.viewer_ip
    if (i.viewer_country) opts.viewerCountry = i.viewer_country
    const run = () => verifier(i).verify(i.token, opts)
    if (!c.expected.ok) return expectError(run, c.expected)
    const r = run()
    const e = c.expected
    assert.equal(r.claims.sub ?? null, e.sub)
    assert.equal(r.claims.kid ?? null, e.kid)
    assert.equal(r.kid, e.kid)
    assert.equal(r.claims.exp ?? null, e.exp)
    assert.equal(r.claims.nbf ?? null, e.nbf)
    assert.equal(r.claims.downloadable, e.downloadable)
    assert.equal(r.claims.accessRules.length, e.access_rules)
    assert.equal(e.decision.action, 'allow')
    if (e.decision.rule === null) assert.deepEqual(r.access, { decision: 'no_match' })
    else assert.deepEqual(r.access, { decision: 'allowed_by_rule', rule: e.decision.rule })
  })
}

for (const c of cases('decode_')) {
  test(`vector ${c.id}`, () => {
    const d = stream.decode(c.input.token)
    assert.equal(d.alg, c.expected.alg)
    assert.equal(d.kid, c.expected.kid)
    assert.equal(d.claims.sub ?? null, c.expected.sub)
    assert.equal(d.claims.exp, c.expected.exp)
    assert.equal(d.claims.nbf, c.expected.nbf)
    assert.equal(d.claims.expWasString, c.expected.exp_is_string)
  })
}

for (const c of cases('url_')) {
  test(`vector ${c.id}`, () => {
    const run = () => new stream.Urls(c.input.customer_code).url(c.input.id, c.input.kind)
    if (c.expected.url) {
      assert.equal(run(), c.expected.url)
      assert.equal(stream.idFromUrl(c.expected.url), c.input.id)
    } else {
      expectError(run, c.expected)
    }
  })
}

for (const c of cases('key_')) {
  test(`vector ${c.id}`, () => {
    const t = c.input.text
    const run = {
      stream_keys_response: () => stream.SigningKey.fromApiResponse(t),
      jwk: () => stream.SigningKey.fromJwk(t),
      pem: () => stream.SigningKey.fromPem(c.input.id, t),
    }[c.input.format]
    expectError(run, c.expected)
  })
}

test('keys load from every shape and agree; Verifier accepts records, lists and documents', () => {
  const response = JSON.parse(vectorFile('keys/stream-key.json'))
  const kid = response.result.id
  const a = stream.SigningKey.fromApiResponse(response)
  const b = stream.SigningKey.fromApiResponse(JSON.stringify(response.result))
  const c = stream.SigningKey.fromPem(kid, Buffer.from(vectorFile('keys/stream-key.pkcs8.pem')))
  const d = stream.SigningKey.fromJwk(vectorFile('keys/stream-key.jwk.json'))
  const e = stream.SigningKey.fromText(response.result.pem, kid)
  const opts = { expires: 1767294000, now: 1767290400 }
  const want = a.sign('abc', opts)
  for (const k of [b, c, d, e]) assert.equal(k.sign('abc', opts), want)
  assert.equal(a.kid, kid)
  assert.match(a.publicPem(), /BEGIN PUBLIC KEY/)
  for (const v of [
    new stream.Verifier({ [kid]: vectorFile('keys/stream-key.pub.pem') }),
    new stream.Verifier([a]),
    new stream.Verifier(a),
    new stream.Verifier(response),
    new stream.Verifier([a.publicJwk()]),
    new stream.Verifier({ keys: [a.publicJwk()] }),
  ]) {
    assert.deepEqual(v.kids, [kid])
    assert.equal(v.verify(want, { now: 1767290400, videoUid: 'abc' }).claims.sub, 'abc')
    throwsCode(() => v.verify(want, { now: 1767290400, videoUid: 'other' }), 'CDNSIGN_SUBJECT_MISMATCH')
  }
  // Cloudflare documents no leeway on exp/nbf, so none by default.
  assert.equal(stream.DEFAULT_LEEWAY, 0)
  assert.equal(new stream.Verifier().leeway, 0)
  assert.equal(new stream.Verifier(undefined, { leeway: 30 }).leeway, 30)
  throwsCode(() => new stream.Verifier().verify(want, { now: 1767290400 }), 'CDNSIGN_UNKNOWN_KEY')
  throwsCode(() => stream.SigningKey.fromPem(kid, 'not a key'), 'CDNSIGN_INVALID_KEY')
  throwsCode(() => new stream.Verifier({ [kid]: 42 }), 'CDNSIGN_INVALID_INPUT')
})

test('times: Date or seconds; milliseconds refused; expires required', async () => {
  const key = stream.SigningKey.fromApiResponse(JSON.parse(vectorFile('keys/stream-key.json')))
  const now = Math.floor(Date.now() / 1000)
  const t = key.sign('abc', { expires: new Date((now + 60) * 1000) })
  const v = new stream.Verifier([key])
  assert.equal(v.verify(t).claims.exp, now + 60)
  throwsCode(() => key.sign('abc', { expires: Date.now() + 60000 }), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
  assert.equal(throwsCode(() => key.sign('abc', {}), 'CDNSIGN_INVALID_INPUT').field, 'expires')
  assert.equal(throwsCode(() => key.sign('abc'), 'CDNSIGN_INVALID_INPUT').field, 'expires')
  throwsCode(() => key.sign('abc', { expires: now + 25 * 3600 }), 'CDNSIGN_INVALID_INPUT', /24 h|86400/)
  await rejectsCode(key.signAsync('abc', { expires: now + 25 * 3600 }), 'CDNSIGN_INVALID_INPUT')
  throwsCode(() => v.verify(t, { now: now + 3600 }), 'CDNSIGN_EXPIRED')
  throwsCode(() => v.verify(t, { viewerIp: 'not-an-ip' }), 'CDNSIGN_INVALID_INPUT')
  // the core's name for the viewer's address, on every surface
  assert.throws(() => v.verify(t, { viewerIp: 'not-an-ip' }), (e) => e.field === 'viewer_ip')
})
