'use strict'
// tests/vectors/cloudfront-sdk-conformance.json (the cross-SDK set) and
// tests/vectors/cloudfront.json (botocore and @aws-sdk/cloudfront-signer
// outputs on fixed keys, design refusals and verdicts) through the Node API.
const test = require('node:test')
const assert = require('node:assert/strict')
const { cloudfront } = require('..')
const { loadVectors, vectorFile, throwsCode, rejectsCode, codeOf } = require('./helpers')

const CONF = loadVectors('cloudfront-sdk-conformance.json')
const REF = loadVectors('cloudfront.json')
// Node option names for the core's field names.
const FIELD_ALIASES = { ip_range: ['ip_range', 'ipRange'], hash_algorithm: ['hash_algorithm', 'hashAlgorithm'], key_pair_id: ['key_pair_id', 'keyPairId'] }

const params = (url) => Object.fromEntries(new URL(url).searchParams)
// CloudFront base64 may contain '~' and '_' which URLSearchParams leaves alone; read raw values instead.
function rawParams(url) {
  const q = url.split('?').slice(1).join('?')
  return Object.fromEntries(q.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=')
    return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)]
  }))
}
const SIGNING = ['Expires', 'Policy', 'Signature', 'Key-Pair-Id', 'Hash-Algorithm']
function applyTo(url, concrete) {
  const q = url.split('?').slice(1).join('?')
  const ps = q.split('&').filter((p) => SIGNING.includes(p.split('=')[0]))
  return concrete + (concrete.includes('?') ? '&' : '?') + ps.join('&')
}
const cookieMap = (obj) => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v)]))

test('cloudfront vectors are present', () => {
  assert.equal(CONF && CONF.cases.length, 12)
  assert.ok(REF && REF.cases.length >= 60)
})

// ---- cross-SDK conformance set ----
for (const c of CONF ? CONF.cases : []) {
  test(`conformance ${c.id}`, async () => {
    const i = c.input
    const e = c.expected
    const signer = new cloudfront.Signer({
      keyPairId: i.keyPairId, privateKey: vectorFile(i.privateKeyFile), allowWeakRsaForTests: true,
    })
    const verifier = new cloudfront.Verifier(undefined, { allowWeakRsaForTests: true })
    verifier.addKey(signer)
    const opts = {}
    if (i.expirationDate !== undefined) opts.expires = i.expirationDate
    if (i.activeDate !== undefined) opts.starts = i.activeDate
    if (i.ipRange !== undefined) opts.ipRange = i.ipRange
    const validAt = { now: (i.expirationDate || 0) - 1 }

    if (e.error) {
      const err = throwsCode(() => signer.signUrl(i.resource, opts), 'CDNSIGN_INVALID_INPUT')
      assert.equal(err.field, 'expires')
      for (const word of e.errorContains) assert.ok(err.message.includes(word), `${err.message} lacks ${word}`)
      return
    }
    if (c.id.startsWith('json-injection')) {
      // refused as input, but the signature over the reference's escaped policy is exact
      assert.equal(signer.signPolicy(e.policyJson), e.signature)
      const err = throwsCode(() => signer.signUrl(i.resource, opts), 'CDNSIGN_INVALID_INPUT')
      assert.equal(err.field, i.ipRange !== undefined ? 'ip_range' : 'url')
      return
    }
    if (e.signatureAlgorithm === 'ECDSA-SHA1') {
      const url = `${i.resource}?Expires=${i.expirationDate}&Signature=${e.signature}&Key-Pair-Id=${i.keyPairId}`
      assert.equal(verifier.verifyUrl(url, validAt).policyJson, e.policyJson)
      const ours = signer.signUrl(i.resource, opts)
      assert.notEqual(ours, url)
      verifier.verifyUrl(ours, validAt)
      throwsCode(() => verifier.verifyUrl(url.replace('Expires=17', 'Expires=18'), validAt), 'CDNSIGN_BAD_SIGNATURE')
      return
    }
    if (e.cookies) {
      const signed = signer.signCookies(i.resource, opts)
      assert.deepEqual(cookieMap(signed.cookies), cookieMap(e.cookies))
      const requestUrl = i.resource.replace('*', 'videos/intro.mp4')
      const v = verifier.verifyCookies(signed.cookieHeader, { url: requestUrl, ...validAt, clientIp: '10.1.2.3' })
      assert.equal(v.policyJson, e.policyJson)
      assert.equal(v.form, 'cookies')
      return
    }
    const url = e.applyTo || i.resource
    if (e.applyTo) opts.resource = i.resource
    const signed = signer.signUrl(url, opts)
    assert.equal(signed, await signer.signUrlAsync(url, opts))
    const p = rawParams(signed)
    assert.equal(p.Signature, e.signature)
    for (const [k, v] of Object.entries(e.queryParams)) assert.equal(p[k], v, k)
    const v = verifier.verifyUrl(signed, { ...validAt, clientIp: i.ipRange ? '192.168.0.9' : undefined })
    assert.equal(v.policyJson, e.policyJson)
    assert.equal(v.canned, !('Policy' in p))
  })
}

// ---- botocore / JS SDK reference outputs ----
function refVerifier() {
  const v = new cloudfront.Verifier(Object.fromEntries(Object.values(REF.keys).map((k) => [k.keyPairId, vectorFile(k.publicKeyFile)])))
  return v
}

function present(verifier, cred, now, clientIp) {
  try {
    if (cred.url) verifier.verifyUrl(cred.url, { now, clientIp })
    else verifier.verifyCookies(cred.cookies, { url: cred.requestUrl, now, clientIp })
    return 'ok'
  } catch (e) {
    assert.ok(e.code && e.code.startsWith('CDNSIGN_'), e.message)
    return e.code.slice('CDNSIGN_'.length).toLowerCase()
  }
}

const counts = {}
const bump = (k) => { counts[k] = (counts[k] || 0) + 1 }

for (const c of (REF ? REF.cases : []).filter((c) => c.source === 'references')) {
  test(`reference ${c.id}`, async () => {
    const i = c.input
    const e = c.expected
    const verifier = refVerifier()
    const signer = new cloudfront.Signer({ keyPairId: i.keyPairId, privateKey: vectorFile(i.privateKeyFile), hashAlgorithm: i.hashAlgorithm })
    const opts = { expires: i.expires }
    for (const k of ['starts', 'ipRange', 'resource', 'policyKind']) if (i[k] !== undefined) opts[k] = i[k]
    const okNow = i.expires - 1
    const okIp = e.verify.checks[0].clientIp
    const rsa = signer.keyKind === 'RSA'

    if (c.id !== 'jssdk_canned_wildcard_quirk') {
      const ours = signer.signUrl(i.url, opts)
      const oursCred = i.requestUrl ? applyTo(ours, i.requestUrl) : ours
      const v = verifier.verifyUrl(oursCred, { now: okNow, clientIp: okIp })
      assert.equal(v.canned, e.policyKind === 'canned')
      const cookieTarget = i.resource || i.url
      const cookieOpts = { ...opts, resource: undefined, policyKind: i.resource ? 'custom' : opts.policyKind }
      const cookies = await signer.signCookiesAsync(cookieTarget, cookieOpts)
      const vc = verifier.verifyCookies(cookies.cookies, { url: i.requestUrl || i.url, now: okNow, clientIp: okIp })
      if (e.botocore) {
        if (e.botocore.policy === v.policyJson) {
          if (rsa) {
            assert.equal(ours, e.botocore.url, 'URL byte-equal to botocore')
            bump('url == botocore')
          }
        } else {
          bump('botocore condition order differs')
        }
      }
      if (e.jssdk) {
        if (e.jssdk.policy === v.policyJson) {
          assert.equal(rawParams(ours).Signature, rawParams(e.jssdk.url).Signature, 'signature == JS SDK')
          bump('signature == JS SDK')
        }
        const jsCookiePolicy = e.jssdk.cookiesPolicy || e.jssdk.policy
        if (jsCookiePolicy === vc.policyJson) {
          assert.deepEqual(cookieMap(cookies.cookies), cookieMap(e.jssdk.cookies), 'cookies == JS SDK')
          bump('cookies == JS SDK')
        }
      }
    }

    // the references' own credentials against the design verdicts
    for (const t of e.verify.targets) {
      const [ref, kind] = t.target.split('.')
      const out = e[ref]
      const cred = kind === 'url'
        ? { url: t.applyTo ? applyTo(out.url, t.applyTo) : out.url }
        : { cookies: cookieMap(out.cookies), requestUrl: t.requestUrl }
      for (const check of t.checks || e.verify.checks) {
        assert.equal(present(verifier, cred, check.now, check.clientIp), check.result,
          `${t.target} at ${check.now} from ${check.clientIp}`)
        bump('verdicts')
      }
    }
    // one changed signature character is refused (the core tests every byte)
    for (const ref of ['botocore', 'jssdk']) {
      const out = e[ref]
      if (!out || !out.url) continue
      const url = i.requestUrl ? applyTo(out.url, i.requestUrl) : out.url
      const sig = rawParams(url).Signature
      const flipped = url.replace(`Signature=${sig}`, `Signature=${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`)
      assert.equal(present(verifier, { url: flipped }, okNow, okIp), 'bad_signature')
    }
  })
}

test('reference comparisons happened', () => {
  assert.ok(counts['url == botocore'] >= 8, JSON.stringify(counts))
  assert.ok(counts['signature == JS SDK'] >= 10, JSON.stringify(counts))
  assert.ok(counts['botocore condition order differs'] >= 2, JSON.stringify(counts))
  assert.ok(counts.verdicts >= 100, JSON.stringify(counts))
})

for (const c of (REF ? REF.cases : []).filter((c) => c.source === 'design')) {
  test(`refusal ${c.id}`, () => {
    const i = c.input
    const want = c.expected.error
    let err
    try {
      const signer = new cloudfront.Signer({ keyPairId: i.keyPairId, privateKey: vectorFile(i.privateKeyFile), hashAlgorithm: i.hashAlgorithm })
      const opts = {}
      for (const k of ['expires', 'starts', 'ipRange', 'resource', 'policyKind']) if (i[k] !== undefined) opts[k] = i[k]
      signer.signUrl(i.url, opts)
    } catch (e) {
      err = e
    }
    assert.ok(err, 'must be refused')
    assert.equal(err.code, codeOf(want.code), err.message)
    if (want.field) assert.ok((FIELD_ALIASES[want.field] || [want.field]).includes(err.field), `${err.field}: ${err.message}`)
  })
}

// ---- issue 13: independently signed credentials presented to the verifier ----
const VERIFIER_CASES = (REF ? REF.cases : []).filter((c) => c.source === 'verifier')

test('every cloudfront.json case has a known source', () => {
  assert.deepEqual([...new Set(REF.cases.map((c) => c.source))].sort(), ['design', 'references', 'verifier'])
  assert.ok(VERIFIER_CASES.length >= 6)
})

for (const c of VERIFIER_CASES) {
  test(`verifier ${c.id}`, () => {
    const verifier = refVerifier()
    let refused = 0
    for (const p of c.expected.presentations) {
      const opts = { now: p.now, clientIp: p.clientIp }
      const calls = p.present === 'url'
        ? [() => verifier.verifyUrl(p.url, opts)]
        : [
            () => verifier.verifyCookies(cookieMap(p.cookies), { ...opts, url: p.requestUrl }),
            () => verifier.verifyCookies(Object.entries(p.cookies).map(([k, v]) => `${k}=${v}`).join('; '), { ...opts, url: p.requestUrl }),
          ]
      for (const call of calls) {
        if (p.result === 'ok') {
          assert.equal(call().form, p.form, JSON.stringify(p))
        } else {
          const err = throwsCode(call, codeOf(p.result))
          assert.equal(err.field, p.field, `${err.message} ${JSON.stringify(p)}`)
          refused++
        }
      }
    }
    assert.ok(refused > 0)
  })
}

test('cookies: attributes, Set-Cookie headers, verification from a header, an object or pairs', async () => {
  const pem = vectorFile('keys/cloudfront-rsa2048.pem')
  const signer = new cloudfront.Signer({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: Buffer.from(pem) })
  const verifier = new cloudfront.Verifier({ K2JCJMDEHXQW5F: vectorFile('keys/cloudfront-rsa2048.pub.pem') })
  const r = signer.signCookies('https://cdn.example.com/premium/*', {
    expires: new Date(1767290400 * 1000), ipRange: '192.0.2.7', domain: '.example.com', path: '/', sameSite: 'Lax',
  })
  assert.deepEqual(Object.keys(r.cookies), ['CloudFront-Policy', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id'])
  assert.equal(r.setCookieHeaders.length, 3)
  for (const h of r.setCookieHeaders) {
    assert.match(h, /^CloudFront-(Policy|Signature|Key-Pair-Id)=[^;]+; Domain=\.example\.com; Path=\/; Secure; HttpOnly; SameSite=Lax$/)
  }
  const opts = { url: 'https://cdn.example.com/premium/a/b.m3u8?x=1', now: 1767290000, clientIp: '192.0.2.7' }
  const v = verifier.verifyCookies(r.cookieHeader, opts)
  assert.deepEqual([v.form, v.canned, v.resource, v.ipRange, v.expires], ['cookies', false, 'https://cdn.example.com/premium/*', '192.0.2.7/32', 1767290400])
  verifier.verifyCookies({ ...r.cookies, session: 'x=y;z' }, opts)
  verifier.verifyCookies(Object.entries(r.cookies), opts)
  throwsCode(() => verifier.verifyCookies(r.cookies, { ...opts, clientIp: '192.0.2.8' }), 'CDNSIGN_IP_NOT_ALLOWED')
  throwsCode(() => verifier.verifyCookies(r.cookies, { ...opts, url: 'https://cdn.example.com/free/a.mp4' }), 'CDNSIGN_URL_MISMATCH')
  throwsCode(() => verifier.verifyCookies({}, opts), 'CDNSIGN_MISSING_CREDENTIAL')
  throwsCode(() => verifier.verifyCookies(r.cookies, { now: 1 }), 'CDNSIGN_INVALID_INPUT')
  const noAttrs = signer.signCookies('https://cdn.example.com/a.mp4', { expires: 1767290400, secure: false, httpOnly: false })
  assert.deepEqual(Object.keys(noAttrs.cookies), ['CloudFront-Expires', 'CloudFront-Signature', 'CloudFront-Key-Pair-Id'])
  assert.ok(noAttrs.setCookieHeaders.every((h) => !/Secure|HttpOnly/.test(h)))
  throwsCode(() => signer.signCookies('https://cdn.example.com/a.mp4', { expires: 1767290400, sameSite: 'sometimes' }), 'CDNSIGN_INVALID_INPUT')
  throwsCode(() => signer.signCookies(undefined, { expires: 1767290400 }), 'CDNSIGN_INVALID_INPUT')
  await rejectsCode(signer.signCookiesAsync('https://cdn.example.com/a b.mp4', { expires: 1767290400 }), 'CDNSIGN_INVALID_INPUT')
})

test('signer basics: keys, passphrase, SHA-256, own policy, Date/ms handling, percent-encoding helper', async () => {
  const enc = vectorFile('keys/test-rsa2048.pkcs8-encrypted.pem')
  const pass = JSON.parse(vectorFile('crypto.json')).passphrase
  const s = new cloudfront.Signer({ keyPairId: 'KENC', privateKey: enc, passphrase: pass, hashAlgorithm: 'SHA256' })
  assert.equal(s.hashAlgorithm, 'SHA256')
  assert.equal(s.keyPairId, 'KENC')
  const verifier = new cloudfront.Verifier({ KENC: s.publicKeyPem() })
  const url = s.signUrl('https://d111111abcdef8.cloudfront.net/a.mp4', { expires: new Date('2030-01-01T00:00:00Z') })
  assert.ok(url.endsWith('&Key-Pair-Id=KENC&Hash-Algorithm=SHA256'), url)
  assert.equal(verifier.verifyUrl(url, { now: 1767290400 }).hashAlgorithm, 'SHA256')
  throwsCode(() => new cloudfront.Signer({ keyPairId: 'K', privateKey: enc, passphrase: 'wrong' }), 'CDNSIGN_INVALID_KEY')
  throwsCode(() => new cloudfront.Signer({ keyPairId: 'K', privateKey: enc }), 'CDNSIGN_INVALID_KEY')
  throwsCode(() => new cloudfront.Signer({ privateKey: enc }), 'CDNSIGN_INVALID_INPUT')
  throwsCode(() => new cloudfront.Signer(), 'CDNSIGN_INVALID_INPUT')
  const e = throwsCode(() => s.signUrl('https://d111111abcdef8.cloudfront.net/a.mp4', { expires: Date.now() + 60000 }), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
  assert.equal(e.field, 'expires')
  await rejectsCode(s.signUrlAsync('https://d111111abcdef8.cloudfront.net/a.mp4#x', { expires: 1767290400 }), 'CDNSIGN_INVALID_INPUT')
  // a policy written by hand is signed verbatim
  const policy = '{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/v/*","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}'
  const own = s.signUrl('https://d111111abcdef8.cloudfront.net/v/1.ts', { policy })
  assert.equal(verifier.verifyUrl(own, { now: 1767290000 }).policyJson, policy)
  throwsCode(() => s.signUrl('https://d111111abcdef8.cloudfront.net/w/1.ts', { policy }), 'CDNSIGN_INVALID_INPUT')
  throwsCode(() => s.signUrl('https://d111111abcdef8.cloudfront.net/v/1.ts', { policy, expires: 5 }), 'CDNSIGN_INVALID_INPUT')
  const fromPolicy = s.signCookies(undefined, { policy })
  assert.equal(verifier.verifyCookies(fromPolicy.cookies, { url: 'https://d111111abcdef8.cloudfront.net/v/2.ts', now: 1767290000 }).policyJson, policy)
  // the helper makes an unsignable URL signable
  const raw = 'https://d111111abcdef8.cloudfront.net/My Movie/café.mp4'
  throwsCode(() => s.signUrl(raw, { expires: 1767290400 }), 'CDNSIGN_INVALID_INPUT', /percent/)
  assert.equal(cloudfront.percentEncodeUrl(raw), 'https://d111111abcdef8.cloudfront.net/My%20Movie/caf%C3%A9.mp4')
  s.signUrl(cloudfront.percentEncodeUrl(raw), { expires: 1767290400 })
  assert.equal(cloudfront.wildcardMatches('https://x/videos/*', 'https://x/videos/a/b.mp4'), true)
  assert.equal(cloudfront.wildcardMatches('https://x/seg_?.ts', 'https://x/seg_10.ts'), false)
  assert.deepEqual(verifier.keyPairIds, ['KENC'])
  throwsCode(() => verifier.verifyUrl('https://d111111abcdef8.cloudfront.net/a.mp4'), 'CDNSIGN_MISSING_CREDENTIAL')
  throwsCode(() => verifier.verifyUrl(url, { now: 1767290400, clientIp: 'nope' }), 'CDNSIGN_INVALID_INPUT')
  // the core's field, as for mediacdn and cloudcdn requests and on every other surface
  assert.throws(() => verifier.verifyUrl(url, { now: 1767290400, clientIp: 'nope' }), (e) => e.field === 'client_ip')
})

test('policyKind goes through the core parser: any case, the core message (issue 15)', () => {
  const signer = new cloudfront.Signer({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: vectorFile('keys/cloudfront-rsa2048.pem') })
  const url = 'https://d111111abcdef8.cloudfront.net/v/a.mp4'
  const expires = 1893456000
  for (const kind of ['custom', 'CUSTOM', 'Custom']) {
    assert.ok(params(signer.signUrl(url, { expires, policyKind: kind })).Policy, kind)
  }
  for (const kind of ['canned', 'CANNED', 'auto', 'Auto']) {
    assert.equal(params(signer.signUrl(url, { expires, policyKind: kind })).Expires, String(expires), kind)
  }
  assert.ok(signer.signCookies(url, { expires, policyKind: 'Custom' }).cookies['CloudFront-Policy'])
  const e = throwsCode(() => signer.signUrl(url, { expires, policyKind: 'weird' }), 'CDNSIGN_INVALID_INPUT')
  assert.match(e.message, /policy_kind="?weird"? is not one of auto, canned, custom/)
  assert.equal(e.field, 'policy_kind')
  throwsCode(() => signer.signCookies(url, { expires, policyKind: 'cannned' }), 'CDNSIGN_INVALID_INPUT', /not one of auto, canned, custom/)
})

test('signUrlWithPolicy, signCookiesWithPolicy and buildPolicy: the registry names of what the policy option does', () => {
  const signer = new cloudfront.Signer({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: vectorFile('keys/cloudfront-rsa2048.pem') })
  const url = 'https://d111111abcdef8.cloudfront.net/videos/a.mp4'
  const options = { expires: 1767229200, resource: 'https://d111111abcdef8.cloudfront.net/videos/*' }
  const policy = cloudfront.buildPolicy(url, options)
  assert.equal(JSON.parse(policy).Statement[0].Resource, options.resource)
  assert.equal(signer.signUrlWithPolicy(url, policy), signer.signUrl(url, { policy }))
  assert.equal(signer.signUrlWithPolicy(url, policy), signer.signUrl(url, options))
  assert.deepEqual(
    signer.signCookiesWithPolicy(policy, { domain: 'd111111abcdef8.cloudfront.net' }),
    signer.signCookies(undefined, { policy, domain: 'd111111abcdef8.cloudfront.net' }),
  )
  const beside = /cannot be combined with a policy \(the policy says it all\)/
  throwsCode(() => signer.signCookiesWithPolicy(policy, { expires: 1 }), 'CDNSIGN_INVALID_INPUT', /^expires /)
  throwsCode(() => signer.signCookiesWithPolicy(policy, { policy }), 'CDNSIGN_INVALID_INPUT', /first argument of signCookiesWithPolicy/)
  throwsCode(() => signer.signUrl(url, { policy, ipRange: '192.0.2.1' }), 'CDNSIGN_INVALID_INPUT', beside)
  throwsCode(() => signer.signCookies(undefined, { policy, policyKind: 'custom' }), 'CDNSIGN_INVALID_INPUT', /^policyKind /)
  throwsCode(() => signer.signCookies(undefined, { expires: 1, resource: url }), 'CDNSIGN_INVALID_INPUT', /first argument of signCookies/)
  throwsCode(() => cloudfront.buildPolicy(url, { policy }), 'CDNSIGN_INVALID_INPUT')
})

test('signUrls and signUrlsAsync: a batch signed as signUrl signs each URL, a refusal names its index', async () => {
  const signer = new cloudfront.Signer({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: vectorFile('keys/cloudfront-rsa2048.pem') })
  const base = 'https://d111111abcdef8.cloudfront.net/videos/'
  const urls = Array.from({ length: 64 }, (_, i) => `${base}seg-${i}.ts?q=${i}`)
  for (const options of [
    { expires: 1893456000 },
    { expires: new Date(1893456000 * 1000), starts: 1767290400, ipRange: '192.0.2.0/24' },
    { expires: 1893456000, resource: `${base}*`, policyKind: 'custom' },
    { policy: `{"Statement":[{"Resource":"${base}*","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}` },
  ]) {
    const each = urls.map((u) => signer.signUrl(u, options))
    assert.deepEqual(signer.signUrls(urls, options), each)
    assert.deepEqual(await signer.signUrlsAsync(urls, options), each)
  }
  // several batches in flight settle independently
  const batches = await Promise.all([0, 1, 2, 3].map((k) => signer.signUrlsAsync(urls.slice(k * 16, k * 16 + 16), { expires: 1893456000 })))
  assert.deepEqual(batches.flat(), urls.map((u) => signer.signUrl(u, { expires: 1893456000 })))
  // an empty batch is an empty result; the options are read (types, names, milliseconds)
  // but the core's own checks (an IP range, starts before expires) run per URL
  assert.deepEqual(signer.signUrls([], { expires: 1893456000 }), [])
  assert.deepEqual(await signer.signUrlsAsync([], { expires: 1893456000 }), [])
  let e = throwsCode(() => signer.signUrls([], { expires: Date.now() }), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
  assert.equal(e.field, 'expires')
  e = throwsCode(() => signer.signUrls([], { expiers: 1893456000 }), 'CDNSIGN_INVALID_INPUT', /did you mean "expires"/)
  // an option the core refuses keeps its field, as signUrl reports it; the message says where
  const optSingle = throwsCode(() => signer.signUrl(urls[0], { expires: 1893456000, ipRange: 'bogus' }), 'CDNSIGN_INVALID_INPUT')
  e = throwsCode(() => signer.signUrls(urls.slice(0, 2), { expires: 1893456000, ipRange: 'bogus' }), 'CDNSIGN_INVALID_INPUT')
  assert.equal(e.field, optSingle.field)
  assert.notEqual(e.field, 'urls[0]')
  assert.equal(e.message, `urls[0]: ${optSingle.message}`)
  e = await rejectsCode(signer.signUrlsAsync(urls.slice(0, 2), { expires: 1893456000, ipRange: 'bogus' }), 'CDNSIGN_INVALID_INPUT')
  assert.equal(e.field, optSingle.field)
  // a URL signUrl refuses: the error names its index, sync and async alike
  const bad = [...urls.slice(0, 3), `${base}a.mp4#fragment`, ...urls.slice(3, 6)]
  const single = throwsCode(() => signer.signUrl(bad[3], { expires: 1893456000 }), 'CDNSIGN_INVALID_INPUT')
  e = throwsCode(() => signer.signUrls(bad, { expires: 1893456000 }), 'CDNSIGN_INVALID_INPUT')
  assert.equal(e.field, 'urls[3]')
  assert.equal(e.message, `urls[3]: ${single.message}`)
  e = await rejectsCode(signer.signUrlsAsync(bad, { expires: 1893456000 }), 'CDNSIGN_INVALID_INPUT')
  assert.equal(e.field, 'urls[3]')
  assert.equal(e.message, `urls[3]: ${single.message}`)
  // not an array, or an element that is not a string: refused before any signing
  for (const notArray of ['https://d111111abcdef8.cloudfront.net/a.mp4', undefined, null, 3, { 0: 'x', length: 1 }]) {
    e = throwsCode(() => signer.signUrls(notArray, { expires: 1893456000 }), 'CDNSIGN_INVALID_INPUT', /urls must be an array/)
    assert.equal(e.field, 'urls')
    e = throwsCode(() => signer.signUrlsAsync(notArray, { expires: 1893456000 }), 'CDNSIGN_INVALID_INPUT', /urls must be an array/)
    assert.equal(e.field, 'urls')
  }
  for (const element of [42, null, undefined, Buffer.from('https://h/a'), new URL(`${base}a.mp4`)]) {
    e = throwsCode(() => signer.signUrls([urls[0], urls[1], element], { expires: 1893456000 }), 'CDNSIGN_INVALID_INPUT', /urls\[2\] must be a string/)
    assert.equal(e.field, 'urls[2]')
    e = throwsCode(() => signer.signUrlsAsync([urls[0], element], { expires: 1893456000 }), 'CDNSIGN_INVALID_INPUT', /urls\[1\] must be a string/)
    assert.equal(e.field, 'urls[1]')
  }
})
