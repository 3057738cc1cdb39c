'use strict'
// tests/vectors/mediacdn.json and tests/vectors/cloudcdn.json (Google's
// documented formulas, reproducing Google's published sample outputs)
// through the Node API: signatures, tokens, keys, refusals and verdicts.
const test = require('node:test')
const assert = require('node:assert/strict')
const { mediacdn, cloudcdn, cloudfront } = require('..')
const { loadVectors, vectorFile, throwsCode, codeOf } = require('./helpers')

const MC = loadVectors('mediacdn.json')
const CC = loadVectors('cloudcdn.json')
// Node option names for the core's field names.
const ALIASES = {
  private_key: ['private_key', 'privateKey'], key_name: ['key_name', 'keyName'], ip_ranges: ['ip_ranges', 'ipRanges'],
  path_globs: ['path_globs', 'pathGlobs'], url_prefix: ['url_prefix', 'urlPrefix'], full_path: ['full_path', 'fullPath'],
  session_id: ['session_id', 'sessionId'], client_ip: ['client_ip', 'clientIp'],
}

const keyText = (input) => {
  const file = input.key_file || input.file
  return file ? vectorFile(`keys/${file}`) : input.key_text
}

function outcome(fn, expected) {
  if (!expected.error) return fn()
  let err
  try {
    fn()
  } catch (e) {
    err = e
  }
  assert.ok(err, `expected ${expected.error.code}`)
  assert.equal(err.code, codeOf(expected.error.code), err.message)
  if (expected.error.field) {
    assert.ok((ALIASES[expected.error.field] || [expected.error.field]).includes(err.field), `${err.field}: ${err.message}`)
  }
  assert.ok(err.message.length > 0)
  return undefined
}

function claims(i) {
  const c = {}
  if (i.expires !== undefined) c.expires = i.expires
  if (i.path_globs) c.pathGlobs = i.path_globs
  if (i.glob_separator) c.globSeparator = i.glob_separator
  if (i.url_prefix) c.urlPrefix = i.url_prefix
  if (i.full_path) c.fullPath = i.full_path
  if (i.starts !== undefined) c.starts = i.starts
  if (i.session_id !== undefined) c.sessionId = i.session_id
  if (i.data !== undefined) c.data = i.data
  if (i.headers) c.headers = i.headers
  if (i.ip_ranges) c.ipRanges = i.ip_ranges
  return c
}

function keyset(spec) {
  const ks = { publicKeys: {}, sharedKeys: {} }
  if (spec.name) ks.name = spec.name
  for (const k of spec.public_keys) ks.publicKeys[k.id] = k.file ? vectorFile(`keys/${k.file}`) : k.value
  for (const k of spec.shared_keys) ks.sharedKeys[k.id] = k.file ? vectorFile(`keys/${k.file}`) : k.secret_b64
  return ks
}

test('Google CDN vectors are present', () => {
  assert.ok(MC && MC.cases.length >= 150)
  assert.ok(CC && CC.cases.length >= 50)
})

for (const c of MC ? MC.cases : []) {
  test(`mediacdn ${c.id}`, () => {
    const i = c.input
    const e = c.expected
    switch (i.op) {
      case 'private_key': {
        const r = outcome(() => new mediacdn.Signer({ keyName: 'k', privateKey: keyText(i) }), e)
        if (r) assert.equal(r.publicKey, e.keyset_value)
        if (r) assert.equal(mediacdn.publicKeyOf(keyText(i)), e.keyset_value)
        return
      }
      case 'public_key': {
        const r = outcome(() => new mediacdn.Verifier({ publicKeys: { k: keyText(i) } }), e)
        if (r) assert.equal(mediacdn.keysetValue(keyText(i)), e.keyset_value)
        return
      }
      case 'hmac_secret': {
        const r = outcome(() => new mediacdn.TokenSigner({ algorithm: 'hmac-sha256', secret: keyText(i) }), e)
        if (r) assert.equal(Buffer.from(keyText(i).trim(), 'base64').length, e.len)
        return
      }
      case 'sign_url': case 'sign_prefix': case 'sign_path': case 'sign_cookie': {
        const signer = outcome(() => new mediacdn.Signer({ keyName: i.key_name, privateKey: keyText(i), padded: i.padded ?? false }),
          e.error && e.error.field === 'key_name' ? e : {})
        if (!signer) return
        const o = { expires: i.expires }
        const run = {
          sign_url: () => signer.signUrl(i.url, o),
          sign_prefix: () => signer.signPrefix(i.url, i.prefix, o),
          sign_path: () => signer.signPath(i.prefix, i.rest, o),
          sign_cookie: () => signer.signCookie(i.prefix, o),
        }[i.op]
        const r = outcome(run, e)
        if (!r) return
        assert.equal(r.signedValue, e.signed_value)
        assert.equal(i.op === 'sign_cookie' ? r.value : r.url, e.output)
        if (e.cookie) assert.equal(r.cookiePair, e.cookie)
        if (i.op === 'sign_prefix') {
          const q = signer.prefixQuery(i.prefix, o)
          assert.equal(q.signedValue, e.signed_value)
          assert.ok(e.output.endsWith(q.query))
        }
        return
      }
      case 'token': case 'short_lived_token': {
        const opts = { algorithm: i.algorithm, padded: i.padded ?? false }
        if (i.param) opts.param = i.param
        if (i.algorithm === 'ed25519') opts.privateKey = keyText(i)
        else opts.secret = keyText(i)
        const signer = outcome(() => new mediacdn.TokenSigner(opts), e.error && ['param', 'secret'].includes(e.error.field) ? e : {})
        if (!signer) return
        const r = outcome(() => (i.op === 'short_lived_token'
          ? signer.signShortLived(claims(i), { now: i.now, lifetime: i.lifetime })
          : signer.sign(claims(i))), e)
        if (!r) return
        if (e.query_prefix) return assert.ok(r.query.startsWith(e.query_prefix))
        assert.equal(r.signedValue, e.signed_value)
        assert.equal(r.token, e.token)
        assert.equal(r.query, e.query)
        assert.equal(r.cookie.cookiePair, e.cookie)
        return
      }
      case 'verify': {
        const v = new mediacdn.Verifier(keyset(i.keyset), {
          param: i.param ?? MC.default_param,
          allowedAlgorithms: i.allowed_algorithms,
          maxExpirationTtl: i.max_expiration_ttl,
        })
        const r = i.request
        const req = { url: r.url, now: r.now ?? MC.now, headers: r.headers }
        if (r.cookie) req.cookie = r.cookie
        if (r.client_ip) req.clientIp = r.client_ip
        const ok = outcome(() => v.verify(req), e)
        if (!ok) return
        assert.equal(e.ok, true)
        assert.equal(ok.form, e.form)
        assert.equal(ok.keyId, e.key_id)
        assert.equal(ok.expires, e.expires)
        return
      }
      default:
        assert.fail(`unknown op ${i.op}`)
    }
  })
}

for (const c of CC ? CC.cases : []) {
  test(`cloudcdn ${c.id}`, () => {
    const i = c.input
    const e = c.expected
    switch (i.op) {
      case 'key': {
        const r = outcome(() => new cloudcdn.Signer({ keyName: 'k', key: keyText(i) }), e)
        if (r) assert.equal(e.len, 16)
        return
      }
      case 'sign_url': case 'sign_prefix': case 'sign_cookie': {
        const signer = outcome(() => new cloudcdn.Signer({ keyName: i.key_name, key: keyText(i), padded: i.padded ?? true }),
          e.error && e.error.field === 'key_name' ? e : {})
        if (!signer) return
        const o = { expires: i.expires }
        const r = outcome({
          sign_url: () => signer.signUrl(i.url, o),
          sign_prefix: () => signer.signPrefix(i.url, i.prefix, o),
          sign_cookie: () => signer.signCookie(i.prefix, o),
        }[i.op], e)
        if (!r) return
        const output = i.op === 'sign_cookie' ? r.value : r.url
        if (e.output_prefix) return assert.ok(output.startsWith(e.output_prefix))
        assert.equal(r.signedValue, e.signed_value)
        assert.equal(output, e.output)
        if (e.cookie) assert.equal(r.cookiePair, e.cookie)
        return
      }
      case 'verify': {
        const v = new cloudcdn.Verifier(Object.fromEntries(i.keys.map((k) => [k.name, keyText(k)])))
        const req = { url: i.request.url, now: i.request.now ?? CC.now }
        if (i.request.cookie) req.cookie = i.request.cookie
        const ok = outcome(() => v.verify(req), e)
        if (!ok) return
        assert.equal(ok.form, e.form)
        assert.equal(ok.keyName, e.key_name)
        assert.equal(ok.expires, e.expires)
        return
      }
      default:
        assert.fail(`unknown op ${i.op}`)
    }
  })
}

test('mediacdn: every form round-trips through the Verifier; Node request shapes work', () => {
  const gen = mediacdn.generateKey()
  assert.match(gen.privatePem, /BEGIN PRIVATE KEY/)
  const signer = new mediacdn.Signer({ keyName: 'k1', privateKey: gen.seed })
  assert.equal(signer.publicKey, gen.keysetValue)
  assert.equal(new mediacdn.Signer({ keyName: 'k1', privateKey: Buffer.from(gen.privatePem) }).publicKey, gen.keysetValue)
  const hmacSecret = Buffer.alloc(32, 7)
  const v = new mediacdn.Verifier({ publicKeys: { k1: gen.keysetValue }, sharedKeys: { s1: hmacSecret } },
    { allowedAlgorithms: ['ed25519', 'hmac-sha256'] })
  // A key the keyset cannot read is refused naming the member and id it came under.
  for (const [keyset, code, field] of [
    [{ publicKeys: { k1: 42 } }, 'CDNSIGN_INVALID_INPUT', 'publicKeys.k1'],
    [{ sharedKeys: { s1: true } }, 'CDNSIGN_INVALID_INPUT', 'sharedKeys.s1'],
    [{ name: 'ks', publicKeys: { k1: gen.keysetValue }, sharedKeys: { k1: hmacSecret } }, 'CDNSIGN_INVALID_INPUT', 'key_id'],
  ]) {
    assert.throws(() => new mediacdn.Verifier(keyset), (e) => e.code === code && e.field === field, JSON.stringify(keyset))
  }
  // The default route allows Ed25519 alone (RULES.md T17).
  const edOnly = new mediacdn.Verifier({ publicKeys: { k1: gen.keysetValue }, sharedKeys: { s1: hmacSecret } })
  const now = Math.floor(Date.now() / 1000)
  const expires = new Date((now + 60) * 1000)
  const forms = [
    ['signed_url', signer.signUrl('https://h.example/v/a.m3u8?q=1', { expires }).url],
    ['signed_prefix', signer.signPrefix('https://h.example/v/a.m3u8', 'https://h.example/v/', { expires }).url],
    ['path_component', signer.signPath('https://h.example/v/', 'a.m3u8', { expires }).url],
    ['token', new mediacdn.TokenSigner({ privateKey: gen.seed }).signUrl('https://h.example/v/a.m3u8', { pathGlobs: '/v/*', expires }).url],
    ['token', new mediacdn.TokenSigner({ algorithm: 'HMAC_SHA_256', secret: hmacSecret }).signUrl('https://h.example/v/a.m3u8', { pathGlobs: ['/v/*'], expires }).url],
  ]
  for (const [form, url] of forms) {
    const r = v.verify({ url })
    assert.equal(r.form, form, url)
    throwsCode(() => v.verify({ url, now: now + 61 }), 'CDNSIGN_EXPIRED')
  }
  // cookie forms, through Node's req.headers shape
  const cookie = signer.signCookie('https://h.example/v/', { expires, domain: '.example', sameSite: 'strict' })
  // SameSite is read by the core's parser for every provider: one field, one message
  const cf = new cloudfront.Signer({ keyPairId: 'K', privateKey: vectorFile('keys/cloudfront-rsa2048.pem') })
  const bad = [
    throwsCode(() => signer.signCookie('https://h.example/v/', { expires, sameSite: 'Sometimes' }), 'CDNSIGN_INVALID_INPUT'),
    throwsCode(() => cf.signCookies('https://h.example/v/a.ts', { expires, sameSite: 'Sometimes' }), 'CDNSIGN_INVALID_INPUT'),
  ]
  assert.equal(bad[0].field, 'same_site')
  assert.deepEqual([bad[0].field, bad[0].message], [bad[1].field, bad[1].message])
  // an attribute the core refuses when writing Set-Cookie names its field
  const domain = throwsCode(() => signer.signCookie('https://h.example/v/', { expires, domain: 'not a host' }), 'CDNSIGN_INVALID_INPUT')
  assert.equal(domain.field, 'domain')
  assert.match(cookie.setCookie, /^Edge-Cache-Cookie=URLPrefix=[^;]+; Domain=\.example; Path=\/; Secure; HttpOnly; SameSite=Strict$/)
  assert.equal(v.verify({ url: 'https://h.example/v/b.ts', headers: { host: 'h.example', cookie: `a=1; ${cookie.cookiePair}` } }).form, 'cookie')
  const tok = new mediacdn.TokenSigner({ privateKey: gen.seed }).signShortLived({ urlPrefix: 'https://h.example/live/', ipRanges: ['192.0.2.0/24'] })
  assert.equal(tok.cookie.name, 'Edge-Cache-Cookie')
  const r = v.verify({ url: 'https://h.example/live/x.m3u8', cookie: tok.cookie.cookiePair, clientIp: '192.0.2.9' })
  assert.equal(r.form, 'token_cookie')
  assert.ok(r.expires - now >= 59 && r.expires - now <= 61)
  throwsCode(() => v.verify({ url: 'https://h.example/live/x.m3u8', cookie: tok.cookie.cookiePair, clientIp: '198.51.100.1' }), 'CDNSIGN_IP_NOT_ALLOWED')
  // a token bound to a header
  const bound = new mediacdn.TokenSigner({ privateKey: gen.seed }).sign({ pathGlobs: '/v/*', expires, headers: { 'X-Device': 'tv' } })
  const url = `https://h.example/v/a.ts?${bound.query}`
  assert.equal(v.verify({ url, headers: [['x-device', 'tv']] }).form, 'token')
  // the header's value is part of what is signed
  throwsCode(() => v.verify({ url, headers: { 'x-device': 'phone' } }), 'CDNSIGN_BAD_SIGNATURE')
  throwsCode(() => v.verify({ url }), 'CDNSIGN_HEADER_MISMATCH')
  // A bound header sent twice, in each of Node's header shapes, and a value
  // that could stand in for a token field, are refused before any key (T22).
  throwsCode(() => v.verify({ url, headers: { 'x-device': ['tv', 'tv'] } }), 'CDNSIGN_MALFORMED', /2 times/)
  throwsCode(() => v.verify({ url, headers: [['x-device', 'tv'], ['X-Device', 'tv']] }), 'CDNSIGN_MALFORMED')
  throwsCode(() => v.verify({ url, headers: { 'x-device': 'tv~IPRanges=MC4wLjAuMC8w' } }), 'CDNSIGN_MALFORMED', /'~'/)
  throwsCode(() => v.verify({ url, headers: { 'x-device': 'tv,X-Other=1' } }), 'CDNSIGN_MALFORMED')
  // HMAC tokens need the route to list HMAC (T17).
  throwsCode(() => edOnly.verify({ url: forms[4][1] }), 'CDNSIGN_ALGORITHM_NOT_ALLOWED', /allowedAlgorithms|allowed_algorithms/)
  assert.equal(v.verifyToken(bound.token, { url: 'https://h.example/v/a.ts', headers: { 'x-device': ['tv'] } }).keyId, 'k1')
  throwsCode(() => v.verify({ url: 'https://h.example/v/a.ts' }), 'CDNSIGN_MISSING_CREDENTIAL')
  throwsCode(() => v.verify({ now }), 'CDNSIGN_INVALID_INPUT')
  throwsCode(() => signer.signUrl('https://h.example/a', { expires: Date.now() }), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
  throwsCode(() => new mediacdn.TokenSigner({ secret: hmacSecret }), 'CDNSIGN_INVALID_INPUT')
  assert.equal(mediacdn.globMatches('/v/*', '/v/a/b.ts'), true)
  assert.equal(mediacdn.globMatches('/v/?.ts', '/v/ab.ts'), false)
})

test('cloudcdn: round trip, Buffer keys, generated key, unsigned requests are refused at the origin', () => {
  const keyText = cloudcdn.generateKey()
  const raw = Buffer.from(keyText, 'base64url')
  assert.equal(raw.length, 16)
  const signer = new cloudcdn.Signer({ keyName: 'k', key: raw })
  const v = new cloudcdn.Verifier({ k: keyText })
  assert.deepEqual(v.keyNames, ['k'])
  const now = Math.floor(Date.now() / 1000)
  const u = signer.signUrl('https://cdn.example.com/a.mp4', { expires: now + 60 })
  assert.equal(v.verify({ url: u.url }).form, 'signed_url')
  const c = signer.signCookie('https://cdn.example.com/v/', { expires: now + 60 })
  assert.equal(c.name, cloudcdn.COOKIE_NAME)
  assert.equal(v.verify({ url: 'https://cdn.example.com/v/x.ts', cookie: c.cookiePair }).form, 'cookie')
  const q = signer.prefixQuery('https://cdn.example.com/v/', { expires: now + 60 })
  assert.equal(v.verify({ url: `https://cdn.example.com/v/y.ts?${q.query}` }).form, 'signed_prefix')
  throwsCode(() => v.verify({ url: 'https://cdn.example.com/a.mp4' }), 'CDNSIGN_MISSING_CREDENTIAL')
  throwsCode(() => v.verify({ url: u.url.replace('a.mp4', 'b.mp4') }), 'CDNSIGN_BAD_SIGNATURE')
  throwsCode(() => new cloudcdn.Signer({ keyName: 'k', key: Buffer.alloc(15) }), 'CDNSIGN_INVALID_KEY')
  throwsCode(() => new cloudcdn.Signer({ keyName: 'k' }), 'CDNSIGN_INVALID_INPUT')
})

test('mediacdn: a SignedToken is plain data (issue 15): no native memory, every field visible', () => {
  const seed = vectorFile('keys/mediacdn-ed25519.seed.b64url-nopad').trim()
  const ed = new mediacdn.TokenSigner({ privateKey: seed })
  const hmac = new mediacdn.TokenSigner({ algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 7), param: 'tok' })
  const expires = 1893456000
  const v = new mediacdn.Verifier({ publicKeys: { k: mediacdn.publicKeyOf(seed) }, sharedKeys: { s: Buffer.alloc(32, 7) } },
    { allowedAlgorithms: ['ed25519', 'hmac-sha256'] })
  const cases = [
    // the signed value is the token up to its signature field
    [ed, ed.sign({ urlPrefix: 'https://h.example/v/', expires }), 'ed25519', 'edge-cache-token'],
    [hmac, hmac.sign({ pathGlobs: ['/v/*'], expires, sessionId: 's1' }), 'hmac-sha256', 'tok'],
    // the token carries less than it signs: FullPath, Headers
    [ed, ed.sign({ fullPath: '/v/a.ts', expires }), 'ed25519', 'edge-cache-token'],
    [ed, ed.sign({ pathGlobs: '/v/*', expires, headers: { 'X-Device': 'tv' } }), 'ed25519', 'edge-cache-token'],
  ]
  for (const [signer, t, algorithm, param] of cases) {
    assert.equal(Object.getPrototypeOf(t), Object.prototype)
    // `url` (declared optional) only from signUrl: absent, not `undefined`
    assert.deepEqual(Object.keys(t), ['token', 'signedValue', 'param', 'algorithm', 'query', 'cookie'])
    assert.equal(t.algorithm, algorithm)
    assert.equal(t.param, param)
    assert.equal(t.query, `${param}=${t.token}`)
    assert.ok(t.token.endsWith(algorithm === 'ed25519' ? t.token.match(/~Signature=[^~]+$/)[0] : t.token.match(/~hmac=[0-9a-f]+$/)[0]))
    if (t.token.includes('FullPath') || t.token.includes('Headers')) {
      assert.notEqual(t.signedValue, t.token.slice(0, t.token.lastIndexOf('~')))
      assert.match(t.signedValue, /FullPath=\/v\/a\.ts|Headers=X-Device=tv/)
    } else {
      assert.equal(t.signedValue, t.token.slice(0, t.token.lastIndexOf('~')))
    }
    assert.deepEqual(t.cookie, {
      name: 'Edge-Cache-Cookie',
      value: t.token,
      signedValue: t.signedValue,
      cookiePair: `Edge-Cache-Cookie=${t.token}`,
      setCookie: `Edge-Cache-Cookie=${t.token}; Path=/; Secure; HttpOnly`,
    })
    assert.deepEqual(structuredClone(t), t)
    assert.deepEqual({ ...t }, t)
    assert.deepEqual(JSON.parse(JSON.stringify(t)), t)
    assert.equal(signer.param, param)
  }
  // signUrl appends with ? or &, and the result verifies
  const a = ed.signUrl('https://h.example/v/a.ts', { urlPrefix: 'https://h.example/v/', expires })
  assert.equal(a.url, `https://h.example/v/a.ts?${a.query}`)
  assert.deepEqual(Object.keys(a), ['token', 'signedValue', 'param', 'algorithm', 'query', 'cookie', 'url'])
  const b = hmac.signUrl('https://h.example/v/a.ts?x=1', { pathGlobs: '/v/*', expires })
  assert.equal(b.url, `https://h.example/v/a.ts?x=1&${b.query}`)
  assert.equal(v.verify({ url: a.url, now: expires - 10 }).form, 'token')
  assert.equal(new mediacdn.Verifier({ sharedKeys: { s: Buffer.alloc(32, 7) } }, { param: 'tok', allowedAlgorithms: ['hmac-sha256'] })
    .verify({ url: b.url, now: expires - 10 }).form, 'token')
  const short = ed.signShortLived({ urlPrefix: 'https://h.example/live/' }, { now: 1767290400, lifetime: 30 })
  assert.match(short.token, /~Expires=1767290430~/)
  assert.equal(short.signedValue, short.token.slice(0, short.token.lastIndexOf('~')))
  // errors still come from the addon, with the argument named
  assert.equal(throwsCode(() => ed.signUrl(42, { urlPrefix: 'https://h.example/', expires }), 'CDNSIGN_INVALID_INPUT').field, 'url')
  throwsCode(() => ed.sign({ urlPrefix: 'https://h.example/', expires, iprange: '0.0.0.0/0' }), 'CDNSIGN_INVALID_INPUT', /ipRanges/)
  assert.throws(() => mediacdn.TokenSigner.prototype.sign.call({}, { urlPrefix: 'https://h.example/', expires }), TypeError)
})
