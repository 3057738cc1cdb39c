'use strict'
// Misuse resistance of the Node package.
//
// Every callable declared in index.d.ts (and the compat and express helpers'
// .d.ts), enumerated with the TypeScript parser, is called once with valid
// arguments, then once per argument - and once per property of an options
// object - with a wrong value: missing, null, a number, a boolean, a symbol, a
// BigInt, a function, a Buffer where only a string is declared, a string with
// a lone UTF-16 surrogate, huge strings and Buffers, other typed arrays,
// NaN/Infinity/fractions/huge numbers, objects whose getters throw. Whatever
// the value, the call returns or throws (or rejects with) an Error whose
// `code` is one of errorCodes(), or a TypeError; a user getter's own error
// may pass through untouched. Never a napi status error (`InvalidArg`,
// `StringExpected`...) and never a crash. A plainly wrong value must throw.
//
// Then: util.inspect/JSON.stringify/String/structuredClone of every key,
// signer and verifier, and every error raised for bad key input, never
// reveal the secret (raw, hex, base64 or base64url, in part or whole).
//
// Handles: the addon's classes are immutable and have no close(); a method
// called on an object of another class (`signer.signUrl.call(verifier)`)
// is a TypeError ("Illegal invocation"), tested below.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const util = require('node:util')
const ts = require('typescript')
const cdnsign = require('..')
const compat = require('../compat/aws-cloudfront-signer')
const express = require('../express')
const { vectorFile, PKG_DIR } = require('./helpers')

const { cloudfront, cloudcdn, mediacdn, stream, webhook } = cdnsign
const CODES = new Set(cdnsign.errorCodes())

const NOW = 1767290400
const EXP = NOW + 3600
const HUGE = 4 * 1024 * 1024
const LONE = '\ud800'

const CF_PEM = vectorFile('keys/cloudfront-rsa2048.pem')
const CF_PUB = vectorFile('keys/cloudfront-rsa2048.pub.pem')
const CF_URL = 'https://d111111abcdef8.cloudfront.net/v/a.mp4'
const CF_WILDCARD = 'https://d111111abcdef8.cloudfront.net/v/*'
const CF_POLICY = `{"Statement":[{"Resource":"${CF_WILDCARD}","Condition":{"DateLessThan":{"AWS:EpochTime":${EXP}}}}]}`
const STREAM_JSON = vectorFile('keys/stream-key.json')
const STREAM_PEM = vectorFile('keys/stream-key.pkcs1.pem')
const STREAM_JWK = vectorFile('keys/stream-key.jwk.json')
const STREAM_PUB = vectorFile('keys/stream-key.pub.pem')
const STREAM_KID = '2a8ac671e190e2e51c685b2fe32951bd'
const VIDEO = '6b9e68b07dfee8cc2d116e4c51d6a957'
const MD_SEED = vectorFile('keys/mediacdn-ed25519.seed.b64url-nopad').trim()
const MD_PUB = vectorFile('keys/mediacdn-ed25519.pub.b64url').trim()
const MD_SECRET = vectorFile('keys/mediacdn-hmac-sha256.secret.b64url').trim()
const CC_KEY = vectorFile('keys/cloudcdn-key.b64url').trim()
const WH_SECRET = '85011ed3a913c6ad5f9cf6c5573cc0a7'
const WH_BODY = Buffer.from('{"uid":"u1","readyToStream":true,"status":{"state":"ready"}}')
const RULES = [
  { type: 'ip.geoip.country', action: 'allow', country: ['KR'] },
  { type: 'any', action: 'block' },
]

// ---- the declarations ------------------------------------------------------------------

const DTS = {
  '': path.join(PKG_DIR, 'index.d.ts'),
  compat: path.join(PKG_DIR, 'compat', 'aws-cloudfront-signer.d.ts'),
  express: path.join(PKG_DIR, 'express.d.ts'),
}
// express helpers that take Node's HTTP objects: exercised by express.test.js
const NOT_ENUMERATED = new Set(['express.keepRawBody', 'express.rawBodyOf'])

function declarations() {
  const callables = new Map() // qualname -> { params: [{ name, type, optional }] }
  const types = new Map() // qualified interface/alias name -> type node
  for (const [prefix, file] of Object.entries(DTS)) {
    const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const params = (node, ns) =>
      node.parameters.map((p) => ({
        name: p.name.getText(src),
        type: p.type,
        text: p.type ? p.type.getText(src) : 'any',
        optional: Boolean(p.questionToken || p.initializer),
        ns,
      }))
    const visit = (statements, ns) => {
      for (const st of statements) {
        const q = (name) => [prefix, ns, name].filter(Boolean).join('.')
        if (ts.isModuleDeclaration(st) && st.body && ts.isModuleBlock(st.body)) {
          if (st.name.getText(src) === 'global') continue
          visit(st.body.statements, st.name.getText(src))
        } else if (ts.isFunctionDeclaration(st) && st.name) {
          callables.set(q(st.name.getText(src)), { params: params(st, ns) })
        } else if (ts.isClassDeclaration(st) && st.name) {
          const cls = q(st.name.getText(src))
          if (cls === 'express.RawBodyUnavailableError') continue
          for (const m of st.members) {
            if (ts.isConstructorDeclaration(m)) callables.set(cls, { params: params(m, ns) })
            else if (ts.isMethodDeclaration(m)) callables.set(`${cls}.${m.name.getText(src)}`, { params: params(m, ns) })
          }
        } else if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
          types.set(q(st.name.getText(src)), { node: st, src, ns, prefix })
        }
      }
    }
    visit(src.statements, '')
  }
  for (const n of NOT_ENUMERATED) callables.delete(n)
  return { callables, types }
}

const { callables: CALLABLES, types: TYPES } = declarations()

/** The properties of an options type (interface, literal, intersection), or null. */
function propsOf(typeNode, ns, prefix = '') {
  if (!typeNode) return null
  if (ts.isParenthesizedTypeNode(typeNode)) return propsOf(typeNode.type, ns, prefix)
  if (ts.isIntersectionTypeNode(typeNode)) {
    const all = typeNode.types.map((t) => propsOf(t, ns, prefix))
    return all.every(Boolean) ? Object.assign({}, ...all) : null
  }
  if (ts.isTypeLiteralNode(typeNode)) {
    const out = {}
    for (const m of typeNode.members) {
      if (ts.isPropertySignature(m)) {
        out[m.name.getText()] = { type: m.type, text: m.type.getText(), optional: Boolean(m.questionToken), ns }
      }
    }
    return out
  }
  if (ts.isTypeReferenceNode(typeNode)) {
    const name = typeNode.typeName.getText()
    const decl =
      TYPES.get([prefix, ns, name].filter(Boolean).join('.')) ||
      TYPES.get([prefix, name].filter(Boolean).join('.'))
    if (!decl) return null
    if (ts.isInterfaceDeclaration(decl.node)) {
      const out = {}
      for (const m of decl.node.members) {
        if (ts.isPropertySignature(m)) {
          out[m.name.getText(decl.src)] = {
            type: m.type,
            text: m.type.getText(decl.src),
            optional: Boolean(m.questionToken),
            ns: decl.ns,
          }
        }
      }
      return out
    }
    return propsOf(decl.node.type, decl.ns, decl.prefix)
  }
  return null
}

// ---- live objects the calls need -------------------------------------------------------

const MANIFEST = '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg-1.ts\n#EXT-X-ENDLIST\n'
const MANIFEST_URL = 'https://h.example/v/index.m3u8'

const F = (() => {
  const f = {}
  f.cfSigner = new cloudfront.Signer({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: CF_PEM })
  f.cfVerifier = new cloudfront.Verifier({ K2JCJMDEHXQW5F: CF_PUB })
  f.cfUrl = f.cfSigner.signUrl(CF_URL, { expires: EXP })
  f.cfCookies = f.cfSigner.signCookies(CF_URL, { expires: EXP })
  f.streamKey = stream.SigningKey.fromText(STREAM_JSON)
  f.streamVerifier = new stream.Verifier({ [STREAM_KID]: STREAM_PUB })
  f.streamToken = f.streamKey.sign(VIDEO, { expires: EXP, accessRules: RULES, now: NOW })
  f.urls = new stream.Urls('f33zs165nr7gyfy4')
  f.whVerifier = new webhook.Verifier(WH_SECRET)
  f.whHeader = webhook.sign(WH_SECRET, WH_BODY, { time: NOW })
  f.mdSigner = new mediacdn.Signer({ keyName: 'key-1', privateKey: MD_SEED })
  f.mdTokens = new mediacdn.TokenSigner({ privateKey: MD_SEED })
  f.mdHmacTokens = new mediacdn.TokenSigner({ secret: MD_SECRET, algorithm: 'hmac-sha256' })
  // A route allows Ed25519 alone unless it lists HMAC (RULES.md T17).
  f.mdVerifier = new mediacdn.Verifier({ publicKeys: { 'key-1': MD_PUB }, sharedKeys: { 'hmac-1': MD_SECRET } },
    { allowedAlgorithms: ['ed25519', 'hmac-sha1', 'hmac-sha256'] })
  f.mdUrl = f.mdSigner.signUrl('https://m.example/v/a.m3u8', { expires: EXP }).url
  f.mdToken = f.mdTokens.sign({ expires: EXP, pathGlobs: '/v/*' })
  f.ccSigner = new cloudcdn.Signer({ keyName: 'my-key', key: CC_KEY })
  f.ccVerifier = new cloudcdn.Verifier({ 'my-key': CC_KEY })
  f.ccUrl = f.ccSigner.signUrl('https://h.example/v/a.mp4', { expires: EXP }).url
  return f
})()

const MD_CLAIMS = {
  expires: EXP,
  starts: NOW - 60,
  pathGlobs: ['/v/*', '/w/*'],
  globSeparator: ',',
  sessionId: 's1',
  data: 'd1',
  headers: { 'X-Viewer': 'v1' },
  ipRanges: ['192.0.2.0/24'],
}
const COMPAT = {
  keyPairId: 'K2JCJMDEHXQW5F',
  privateKey: CF_PEM,
  url: CF_URL,
  dateLessThan: new Date(EXP * 1000),
}

// A valid call of every declared callable: () => [function, args].
const CALLS = {
  // ---- signed manifests ----
  'cloudfront.Signer.signManifest': () => [F.cfSigner.signManifest.bind(F.cfSigner), [MANIFEST, { url: MANIFEST_URL, expires: EXP, prefix: 'https://h.example/v/', absolute: true }]],
  'cloudcdn.Signer.signManifest': () => [F.ccSigner.signManifest.bind(F.ccSigner), [MANIFEST, { url: MANIFEST_URL, expires: EXP, prefix: 'https://h.example/v/', absolute: true }]],
  'mediacdn.TokenSigner.signManifest': () => [
    F.mdTokens.signManifest.bind(F.mdTokens),
    [MANIFEST, { url: MANIFEST_URL, expires: EXP, prefix: 'https://h.example/v/', absolute: true, pathGlobs: true }],
  ],
  // signed, so that `now` (the clock when omitted: past EXP) shows
  'cloudfront.Verifier.checkManifest': () => [
    F.cfVerifier.checkManifest.bind(F.cfVerifier),
    [F.cfSigner.signManifest(MANIFEST, { url: MANIFEST_URL, expires: EXP }).manifest, { url: MANIFEST_URL, now: NOW }],
  ],
  'mediacdn.Verifier.checkManifest': () => [
    F.mdVerifier.checkManifest.bind(F.mdVerifier),
    [F.mdTokens.signManifest(MANIFEST, { url: MANIFEST_URL, expires: EXP }).manifest, { url: MANIFEST_URL, now: NOW }],
  ],
  'cloudcdn.Verifier.checkManifest': () => [
    F.ccVerifier.checkManifest.bind(F.ccVerifier),
    [F.ccSigner.signManifest(MANIFEST, { url: MANIFEST_URL, expires: EXP }).manifest, { url: MANIFEST_URL, now: NOW }],
  ],
  errorCodes: () => [cdnsign.errorCodes, []],
  toUnixSeconds: () => [cdnsign.toUnixSeconds, [NOW]],
  version: () => [cdnsign.version, []],
  // ---- cloudcdn ----
  'cloudcdn.Signer': () => [(o) => new cloudcdn.Signer(o), [{ keyName: 'my-key', key: CC_KEY, padded: true }]],
  'cloudcdn.Signer.signUrl': () => [F.ccSigner.signUrl.bind(F.ccSigner), ['https://h.example/v/a.mp4', { expires: EXP }]],
  'cloudcdn.Signer.signPrefix': () => [
    F.ccSigner.signPrefix.bind(F.ccSigner),
    ['https://h.example/v/a.mp4', 'https://h.example/v/', { expires: EXP }],
  ],
  'cloudcdn.Signer.prefixQuery': () => [F.ccSigner.prefixQuery.bind(F.ccSigner), ['https://h.example/v/', { expires: EXP }]],
  'cloudcdn.Signer.signCookie': () => [
    F.ccSigner.signCookie.bind(F.ccSigner),
    ['https://h.example/v/', { expires: EXP, domain: 'h.example', path: '/v/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: 3600 }],
  ],
  'cloudcdn.Verifier': () => [(k) => new cloudcdn.Verifier(k), [{ 'my-key': CC_KEY }]],
  'cloudcdn.Verifier.verify': () => [
    F.ccVerifier.verify.bind(F.ccVerifier),
    [{ url: F.ccUrl, now: NOW, headers: { 'x-a': '1' }, cookie: 'other=1', clientIp: '192.0.2.7' }],
  ],
  'cloudcdn.generateKey': () => [cloudcdn.generateKey, []],
  'cloudcdn.explain': () => [cloudcdn.explain, [F.ccUrl, { now: NOW }]],
  // ---- cloudfront ----
  'cloudfront.Signer': () => [
    (o) => new cloudfront.Signer(o),
    [{ keyPairId: 'K2JCJMDEHXQW5F', privateKey: CF_PEM, hashAlgorithm: 'SHA256', allowWeakRsaForTests: false }],
  ],
  'cloudfront.Signer.publicKeyPem': () => [F.cfSigner.publicKeyPem.bind(F.cfSigner), []],
  'cloudfront.Signer.signPolicy': () => [F.cfSigner.signPolicy.bind(F.cfSigner), [CF_POLICY]],
  'cloudfront.Signer.signUrlWithPolicy': () => [F.cfSigner.signUrlWithPolicy.bind(F.cfSigner), [CF_URL, CF_POLICY]],
  'cloudfront.Signer.signCookiesWithPolicy': () => [
    F.cfSigner.signCookiesWithPolicy.bind(F.cfSigner),
    [CF_POLICY, { domain: 'd111111abcdef8.cloudfront.net', path: '/v/', secure: true, httpOnly: true, sameSite: 'Lax' }],
  ],
  'cloudfront.Signer.signUrl': () => [
    F.cfSigner.signUrl.bind(F.cfSigner),
    [CF_URL, { expires: EXP, starts: NOW - 60, ipRange: '192.0.2.0/24', resource: CF_WILDCARD, policyKind: 'custom' }],
  ],
  'cloudfront.Signer.signUrlAsync': () => [
    F.cfSigner.signUrlAsync.bind(F.cfSigner),
    [CF_URL, { expires: EXP, starts: NOW - 60, ipRange: '192.0.2.0/24', resource: CF_WILDCARD, policyKind: 'custom' }],
  ],
  'cloudfront.Signer.signUrls': () => [
    F.cfSigner.signUrls.bind(F.cfSigner),
    [[CF_URL, CF_URL], { expires: EXP, starts: NOW - 60, ipRange: '192.0.2.0/24', resource: CF_WILDCARD, policyKind: 'custom' }],
  ],
  'cloudfront.Signer.signUrlsAsync': () => [
    F.cfSigner.signUrlsAsync.bind(F.cfSigner),
    [[CF_URL, CF_URL], { expires: EXP, starts: NOW - 60, ipRange: '192.0.2.0/24', resource: CF_WILDCARD, policyKind: 'custom' }],
  ],
  'cloudfront.Signer.signCookies': () => [
    F.cfSigner.signCookies.bind(F.cfSigner),
    [
      CF_WILDCARD,
      {
        expires: EXP, starts: NOW - 60, ipRange: '192.0.2.0/24', policyKind: 'custom', domain: 'd111111abcdef8.cloudfront.net',
        path: '/v/', secure: true, httpOnly: true, sameSite: 'Lax', cookieExpires: EXP, maxAge: 3600,
      },
    ],
  ],
  'cloudfront.Signer.signCookiesAsync': () => [
    F.cfSigner.signCookiesAsync.bind(F.cfSigner),
    [undefined, { policy: CF_POLICY, domain: 'd111111abcdef8.cloudfront.net', path: '/v/', sameSite: 'Strict' }],
  ],
  'cloudfront.Verifier': () => [(k, o) => new cloudfront.Verifier(k, o), [{ K2JCJMDEHXQW5F: CF_PUB }, { allowWeakRsaForTests: false }]],
  'cloudfront.Verifier.addKey': () => [
    (id, pub) => new cloudfront.Verifier().addKey(id, pub),
    ['K2JCJMDEHXQW5F', CF_PUB],
  ],
  'cloudfront.Verifier.verifyUrl': () => [F.cfVerifier.verifyUrl.bind(F.cfVerifier), [F.cfUrl, { now: NOW, clientIp: '192.0.2.7' }]],
  'cloudfront.Verifier.verifyCookies': () => [
    F.cfVerifier.verifyCookies.bind(F.cfVerifier),
    [F.cfCookies.cookieHeader, { url: CF_URL, now: NOW, clientIp: '192.0.2.7' }],
  ],
  'cloudfront.percentEncodeUrl': () => [cloudfront.percentEncodeUrl, ['https://h.example/a b']],
  'cloudfront.wildcardMatches': () => [cloudfront.wildcardMatches, [CF_WILDCARD, CF_URL]],
  'cloudfront.buildPolicy': () => [
    cloudfront.buildPolicy,
    [CF_URL, { expires: EXP, starts: NOW - 60, ipRange: '192.0.2.0/24', resource: CF_WILDCARD, policyKind: 'custom' }],
  ],
  'cloudfront.explain': () => [cloudfront.explain, [F.cfUrl, { now: NOW }]],
  // ---- mediacdn ----
  'mediacdn.Signer': () => [(o) => new mediacdn.Signer(o), [{ keyName: 'key-1', privateKey: MD_SEED, padded: true, param: 'edge-cache-token' }]],
  'mediacdn.Signer.signUrl': () => [F.mdSigner.signUrl.bind(F.mdSigner), ['https://m.example/v/a.m3u8', { expires: EXP }]],
  'mediacdn.Signer.signPrefix': () => [
    F.mdSigner.signPrefix.bind(F.mdSigner),
    ['https://m.example/v/a.m3u8', 'https://m.example/v/', { expires: EXP }],
  ],
  'mediacdn.Signer.prefixQuery': () => [F.mdSigner.prefixQuery.bind(F.mdSigner), ['https://m.example/v/', { expires: EXP }]],
  'mediacdn.Signer.signPath': () => [F.mdSigner.signPath.bind(F.mdSigner), ['https://m.example/v/', 'a.m3u8', { expires: EXP }]],
  'mediacdn.Signer.signCookie': () => [
    F.mdSigner.signCookie.bind(F.mdSigner),
    ['https://m.example/v/', { expires: EXP, domain: 'm.example', path: '/v/', secure: true, httpOnly: true, sameSite: 'None', maxAge: 3600 }],
  ],
  'mediacdn.TokenSigner': () => [(o) => new mediacdn.TokenSigner(o), [{ secret: MD_SECRET, algorithm: 'hmac-sha1', padded: false, param: 'tok' }]],
  'mediacdn.TokenSigner.sign': () => [F.mdTokens.sign.bind(F.mdTokens), [MD_CLAIMS]],
  'mediacdn.TokenSigner.signUrl': () => [F.mdTokens.signUrl.bind(F.mdTokens), ['https://m.example/v/a.m3u8', MD_CLAIMS]],
  'mediacdn.TokenSigner.signShortLived': () => [
    F.mdHmacTokens.signShortLived.bind(F.mdHmacTokens),
    [{ ...MD_CLAIMS, expires: undefined }, { now: NOW, lifetime: 60 }],
  ],
  'mediacdn.Verifier': () => [
    (k, o) => new mediacdn.Verifier(k, o),
    [
      { name: 'keyset-1', publicKeys: { 'key-1': MD_PUB }, sharedKeys: { 'hmac-1': MD_SECRET } },
      { param: 'edge-cache-token', allowedAlgorithms: ['ed25519', 'hmac-sha256'], maxExpirationTtl: 86400, leeway: 30 },
    ],
  ],
  'mediacdn.Verifier.verify': () => [
    F.mdVerifier.verify.bind(F.mdVerifier),
    [{ url: F.mdUrl, now: NOW, headers: { 'X-Viewer': 'v1' }, cookie: 'other=1', clientIp: '192.0.2.7' }],
  ],
  'mediacdn.Verifier.verifyToken': () => [
    F.mdVerifier.verifyToken.bind(F.mdVerifier),
    [F.mdToken.token, { url: 'https://m.example/v/a.m3u8', now: NOW, headers: [['X-Viewer', 'v1']], clientIp: '192.0.2.7' }],
  ],
  'mediacdn.generateKey': () => [mediacdn.generateKey, []],
  'mediacdn.globMatches': () => [mediacdn.globMatches, ['/v/*', '/v/a.m3u8']],
  'mediacdn.keysetValue': () => [mediacdn.keysetValue, [MD_PUB]],
  'mediacdn.publicKeyOf': () => [mediacdn.publicKeyOf, [MD_SEED]],
  'mediacdn.explain': () => [mediacdn.explain, [F.mdUrl, { now: NOW }]],
  // ---- stream ----
  'stream.SigningKey.fromApiResponse': () => [stream.SigningKey.fromApiResponse, [STREAM_JSON]],
  'stream.SigningKey.fromPem': () => [stream.SigningKey.fromPem, [STREAM_KID, STREAM_PEM]],
  'stream.SigningKey.fromJwk': () => [stream.SigningKey.fromJwk, [STREAM_JWK, STREAM_KID]],
  'stream.SigningKey.fromText': () => [stream.SigningKey.fromText, [STREAM_PEM, STREAM_KID]],
  'stream.SigningKey.publicJwk': () => [F.streamKey.publicJwk.bind(F.streamKey), []],
  'stream.SigningKey.publicPem': () => [F.streamKey.publicPem.bind(F.streamKey), []],
  'stream.SigningKey.sign': () => [
    F.streamKey.sign.bind(F.streamKey),
    [VIDEO, { expires: EXP, notBefore: NOW - 60, downloadable: true, accessRules: RULES, now: NOW }],
  ],
  'stream.SigningKey.signAsync': () => [
    F.streamKey.signAsync.bind(F.streamKey),
    [VIDEO, { expires: EXP, notBefore: NOW - 60, downloadable: true, accessRules: RULES, now: NOW }],
  ],
  'stream.Urls': () => [(c) => new stream.Urls(c), ['f33zs165nr7gyfy4']],
  'stream.Urls.url': () => [F.urls.url.bind(F.urls), [VIDEO, 'hls']],
  'stream.Urls.iframe': () => [F.urls.iframe.bind(F.urls), [VIDEO]],
  'stream.Urls.hls': () => [F.urls.hls.bind(F.urls), [VIDEO]],
  'stream.Urls.dash': () => [F.urls.dash.bind(F.urls), [VIDEO]],
  'stream.Urls.thumbnail': () => [F.urls.thumbnail.bind(F.urls), [VIDEO]],
  'stream.Urls.mp4Download': () => [F.urls.mp4Download.bind(F.urls), [VIDEO]],
  'stream.Verifier': () => [(k, o) => new stream.Verifier(k, o), [{ [STREAM_KID]: STREAM_PUB }, { leeway: 30, requireExp: true }]],
  'stream.Verifier.addKey': () => [(k, kid) => new stream.Verifier().addKey(k, kid), [STREAM_PUB, STREAM_KID]],
  'stream.Verifier.verify': () => [
    F.streamVerifier.verify.bind(F.streamVerifier),
    [F.streamToken, { now: NOW, videoUid: VIDEO, viewerIp: '192.0.2.7', viewerCountry: 'KR', skipAccessRules: false }],
  ],
  'stream.decode': () => [stream.decode, [F.streamToken]],
  'stream.idFromUrl': () => [stream.idFromUrl, [F.urls.hls(VIDEO)]],
  'stream.explain': () => [stream.explain, [F.streamToken, { now: NOW }]],
  // ---- webhook ----
  'webhook.Verifier': () => [(s, o) => new webhook.Verifier(s, o), [[WH_SECRET, 'old'], { tolerance: 300, ignoreTimestamp: false }]],
  'webhook.Verifier.verify': () => [F.whVerifier.verify.bind(F.whVerifier), [F.whHeader, WH_BODY, { now: NOW }]],
  'webhook.Verifier.verifyEvent': () => [F.whVerifier.verifyEvent.bind(F.whVerifier), [F.whHeader, WH_BODY, { now: NOW }]],
  'webhook.parseEvent': () => [webhook.parseEvent, [WH_BODY]],
  'webhook.sign': () => [webhook.sign, [WH_SECRET, WH_BODY, { time: NOW }]],
  'webhook.explain': () => [webhook.explain, [F.whHeader, { now: NOW, bodyLen: WH_BODY.length }]],
  // ---- compat and express (JavaScript over the addon) ----
  'compat.getSignedUrl': () => [compat.getSignedUrl, [{ ...COMPAT }]],
  'compat.getSignedCookies': () => [compat.getSignedCookies, [{ ...COMPAT, dateGreaterThan: new Date((NOW - 60) * 1000) }]],
  'express.streamWebhook': () => [express.streamWebhook, [{ secrets: [WH_SECRET], tolerance: 300, ignoreTimestamp: false, limit: 1024, now: () => NOW }]],
}

// ---- outcomes --------------------------------------------------------------------------

const USER_ERROR = new Error('thrown by a getter of the caller')
const throwingGetter = (base) =>
  Object.defineProperty({ ...(base && typeof base === 'object' ? base : {}) }, 'sneaky', {
    enumerable: true,
    get() {
      throw USER_ERROR
    },
  })

async function outcome(fn) {
  try {
    const r = fn()
    if (r && typeof r.then === 'function') await r
    return null
  } catch (e) {
    return e
  }
}

function typed(e) {
  if (e === USER_ERROR) return true
  return e instanceof TypeError || (e instanceof Error && CODES.has(e.code))
}

function describe(e) {
  if (e === null) return 'no error'
  return `${e && e.constructor && e.constructor.name} code=${e && e.code} ${String(e && e.message).slice(0, 200)}`
}

/** What the type text accepts, coarsely. */
function accepts(text) {
  return {
    string: /\bstring\b|'[^']*'/.test(text),
    number: /\bnumber\b/.test(text),
    date: /\bDate\b/.test(text),
    buffer: /\bBuffer\b/.test(text),
    boolean: /\bboolean\b/.test(text),
    object: /\bobject\b|Record<|\{|\[\]|Array<|^[A-Z]\w*(\s*[&|]|$)|\b(SignerOptions|Request|Keyset|TokenClaims)\b/.test(text) || /^\w+\.\w+$/.test(text),
    array: /\[\]|Array<|\[string, string\]/.test(text),
    nullish: /\bnull\b|\bundefined\b/.test(text),
    func: /=>|\bFunction\b/.test(text),
    any: /\b(any|unknown|never)\b/.test(text),
  }
}

/** Wrong values for a value declared as `text` (its valid value is `base`);
 * `options`: the declaration is an options object (an interface or literal). */
function mutations(text, optional, base, options = false) {
  const a = options ? { object: true } : accepts(text)
  const loose = a.any || a.func
  const out = []
  const add = (label, value, mustThrow) => out.push({ label, value, mustThrow: mustThrow && !loose })
  add('undefined', undefined, !optional && !a.nullish)
  add('null', null, !optional && !a.nullish)
  add('number', 42, !a.number && !a.date)
  add('boolean', true, !a.boolean)
  if (!a.string) add('string', '1mb', true)
  add('symbol', Symbol('x'), true)
  add('bigint', 10n, true)
  add('function', () => 'x', !a.object)
  if (!a.buffer && a.string) add('Buffer for string', Buffer.from('text'), !a.object)
  if (a.string) {
    const s = typeof base === 'string' ? base : 'x'
    add('lone surrogate', s + LONE, true)
    add('lone low surrogate', '\udc00' + s, true)
    add('huge string', 'a'.repeat(HUGE), false)
  }
  if (a.buffer) {
    add('huge Buffer', Buffer.alloc(HUGE, 0x61), false)
    add('not UTF-8 Buffer', Buffer.concat([Buffer.isBuffer(base) ? base : Buffer.from('x'), Buffer.from([0xff, 0xfe, 0xc0])]), false)
    add('Uint16Array', new Uint16Array([1, 2, 3]), false)
    add('ArrayBuffer', new ArrayBuffer(4), false)
  }
  if (a.number || a.date) {
    for (const [label, v] of [['NaN', NaN], ['Infinity', Infinity], ['-1', -1], ['1.5', 1.5], ['2**64', 2 ** 64], ['-1e300', -1e300]]) {
      add(label, v, label === 'NaN' || label === 'Infinity' || label === '2**64' || label === '-1e300')
    }
  }
  if (a.date) add('invalid Date', new Date('nope'), true)
  if (a.object && !a.array) add('array for object', [1, 2], !a.string && !a.buffer)
  if (a.object) add('throwing getter', throwingGetter(base), false)
  if (Array.isArray(base) && typeof base[0] === 'string') {
    add('lone surrogate in element', [base[0] + LONE, ...base.slice(1)], true)
    add('number element', [42, ...base.slice(1)], true)
  }
  if (base && typeof base === 'object' && !Array.isArray(base) && !Buffer.isBuffer(base) && a.object) {
    const entries = Object.entries(base)
    if (entries.length && typeof entries[0][1] === 'string' && /Record</.test(text)) {
      const [k, v] = entries[0]
      add('lone surrogate in key', { [k + LONE]: v }, true)
      add('lone surrogate in value', { [k]: v + LONE }, true)
      add('number value', { [k]: 42 }, true)
    }
  }
  return out
}

// Declared required, accepted when absent: a Media CDN verifier with an empty
// keyset (as in Python, where every keyset argument is optional) refuses
// every request with CDNSIGN_UNKNOWN_KEY / CDNSIGN_MISSING_CREDENTIAL.
const LENIENT = new Set(['mediacdn.Verifier(keyset)'])

// Where a lone surrogate cannot be refused: text matched against nothing
// (a glob or pattern that simply does not match is the answer, not an error).
const SURROGATE_MAY_PASS = new Set(['mediacdn.globMatches', 'cloudfront.wildcardMatches', 'stream.idFromUrl'])

function cases() {
  const out = []
  for (const [qualname, decl] of CALLABLES) {
    if (!CALLS[qualname]) continue
    decl.params.forEach((p, i) => {
      const [, args] = CALLS[qualname]()
      const props = propsOf(p.type, p.ns, qualname.startsWith('compat.') ? 'compat' : qualname.startsWith('express.') ? 'express' : '')
      for (const m of mutations(p.text, p.optional || LENIENT.has(`${qualname}(${p.name})`), args[i], Boolean(props))) {
        out.push({ qualname, where: p.name, index: i, prop: null, m })
      }
      if (!props) return
      for (const [name, prop] of Object.entries(props)) {
        const base = args[i] && typeof args[i] === 'object' ? args[i][name] : undefined
        for (const m of mutations(prop.text, prop.optional, base)) {
          out.push({ qualname, where: `${p.name}.${name}`, index: i, prop: name, m })
        }
      }
    })
  }
  return out
}

// ---- the tests -------------------------------------------------------------------------

test('every declared callable has a misuse case', () => {
  const declared = [...CALLABLES.keys()]
  assert.ok(declared.length >= 65, `only ${declared.length} callables found in the .d.ts files`)
  assert.deepEqual(declared.filter((q) => !CALLS[q]).sort(), [], 'declared but without a case')
  assert.deepEqual(Object.keys(CALLS).filter((q) => !CALLABLES.has(q)).sort(), [], 'cases for undeclared callables')
})

test('every baseline call succeeds', async () => {
  for (const [qualname, call] of Object.entries(CALLS)) {
    const [fn, args] = call()
    const e = await outcome(() => fn(...args))
    assert.equal(e, null, `${qualname}: ${describe(e)}`)
  }
})

test('wrong values throw typed errors, never napi status errors or crashes', { timeout: 600_000 }, async (t) => {
  const failures = []
  let n = 0
  for (const c of cases()) {
    const [fn, args] = CALLS[c.qualname]()
    if (c.prop === null) {
      args[c.index] = c.m.value
    } else {
      const obj = { ...(args[c.index] || {}) }
      if (c.m.value === undefined) delete obj[c.prop]
      else obj[c.prop] = c.m.value
      args[c.index] = obj
    }
    const started = Date.now()
    const e = await outcome(() => fn(...args))
    const took = Date.now() - started
    n++
    const label = `${c.qualname}(${c.where} = ${c.m.label})`
    const mayPass = SURROGATE_MAY_PASS.has(c.qualname) && /surrogate/.test(c.m.label)
    if (took > 30_000) failures.push(`${label}: took ${took} ms`)
    if (e === null) {
      if (c.m.mustThrow && !mayPass) failures.push(`${label}: accepted`)
    } else if (!typed(e)) {
      failures.push(`${label}: ${describe(e)}`)
    }
  }
  t.diagnostic(`${n} cases`)
  assert.ok(n > 2000, `only ${n} cases`)
  assert.equal(failures.length, 0, `${failures.length} misuse cases went wrong:\n${failures.join('\n')}`)
})

test('a class called without new is refused; static factories work detached', () => {
  const ctors = {
    'cloudcdn.Signer': [cloudcdn.Signer, [{ keyName: 'my-key', key: CC_KEY }]],
    'cloudcdn.Verifier': [cloudcdn.Verifier, [{ 'my-key': CC_KEY }]],
    'cloudfront.Signer': [cloudfront.Signer, [{ keyPairId: 'K2JCJMDEHXQW5F', privateKey: CF_PEM }]],
    'cloudfront.Verifier': [cloudfront.Verifier, [{ K2JCJMDEHXQW5F: CF_PUB }]],
    'mediacdn.Signer': [mediacdn.Signer, [{ keyName: 'key-1', privateKey: MD_SEED }]],
    'mediacdn.TokenSigner': [mediacdn.TokenSigner, [{ privateKey: MD_SEED }]],
    'mediacdn.Verifier': [mediacdn.Verifier, [{ publicKeys: { 'key-1': MD_PUB } }]],
    'stream.Urls': [stream.Urls, ['f33zs165nr7gyfy4']],
    'stream.Verifier': [stream.Verifier, [{ [STREAM_KID]: STREAM_PUB }]],
    'webhook.Verifier': [webhook.Verifier, [WH_SECRET]],
  }
  const namespaces = { cloudcdn, cloudfront, mediacdn, stream, webhook }
  for (const [name, [Ctor, args]] of Object.entries(ctors)) {
    const [ns, cls] = name.split('.')
    assert.ok(new Ctor(...args) instanceof Ctor, name)
    for (const call of [
      () => namespaces[ns][cls](...args), // this = the namespace object
      () => Ctor(...args), // this = undefined
      () => Ctor.call({}, ...args),
      () => Reflect.construct(Ctor, args, Date), // new.target another class
    ]) {
      let e = null
      try {
        call()
      } catch (err) {
        e = err
      }
      assert.ok(e && e.code === 'CDNSIGN_INVALID_INPUT' && /new /.test(e.message), `${name}: ${describe(e)}`)
    }
    // subclasses still construct
    class Sub extends Ctor {}
    assert.ok(new Sub(...args) instanceof Ctor, `${name} subclass`)
  }
  // the namespace objects were not turned into native objects along the way
  assert.equal(typeof cloudcdn.Signer, 'function')
  assert.ok(new cloudcdn.Signer({ keyName: 'k', key: CC_KEY }).signUrl('https://h.example/a', { expires: EXP }).url)
  // static factories taken off their class, as `.map(stream.SigningKey.fromText)` does
  const { fromText, fromPem } = stream.SigningKey
  assert.equal(fromText(STREAM_JSON).kid, STREAM_KID)
  assert.ok([STREAM_JSON].map((t) => fromText.call(undefined, t))[0] instanceof stream.SigningKey)
  const k = fromPem.call(cloudfront.Signer, STREAM_KID, STREAM_PEM)
  assert.ok(k instanceof stream.SigningKey && !(k instanceof cloudfront.Signer))
})

test('a method called on another class or a plain object is a TypeError, not a crash', () => {
  const pairs = [
    [cloudfront.Signer.prototype.signUrl, F.cfVerifier, [CF_URL, { expires: EXP }]],
    [cloudfront.Verifier.prototype.verifyUrl, F.cfSigner, [F.cfUrl]],
    [stream.SigningKey.prototype.sign, F.streamVerifier, [VIDEO, { expires: EXP, now: NOW }]],
    [stream.Verifier.prototype.verify, F.streamKey, [F.streamToken]],
    [mediacdn.Signer.prototype.signUrl, F.mdTokens, ['https://m.example/a', { expires: EXP }]],
    [mediacdn.TokenSigner.prototype.sign, F.mdSigner, [MD_CLAIMS]],
    [cloudcdn.Signer.prototype.signUrl, F.mdSigner, ['https://h.example/a', { expires: EXP }]],
    [webhook.Verifier.prototype.verify, {}, [F.whHeader, WH_BODY]],
    [webhook.Verifier.prototype.verify, Object.create(webhook.Verifier.prototype), [F.whHeader, WH_BODY]],
  ]
  for (const [method, self, args] of pairs) {
    assert.throws(() => method.apply(self, args), TypeError, `${method.name} on ${self && self.constructor && self.constructor.name}`)
  }
  for (const getter of [
    Object.getOwnPropertyDescriptor(cloudfront.Signer.prototype, 'keyPairId').get,
    Object.getOwnPropertyDescriptor(stream.SigningKey.prototype, 'kid').get,
  ]) {
    assert.throws(() => getter.call({}))
  }
  // objects keep working after a failed call on them
  assert.throws(() => F.cfSigner.signUrl(CF_URL + LONE, { expires: EXP }))
  assert.match(F.cfSigner.signUrl(CF_URL, { expires: EXP }), /Signature=/)
})

// ---- no secret in inspect, JSON, String, clones or errors --------------------------------

function encodings(secret) {
  const forms = [secret.toString('hex'), secret.toString('hex').toUpperCase(), secret.toString('base64'), secret.toString('base64url')]
  const all = [...forms, ...forms.map((f) => f.replace(/=+$/, ''))]
  if (/^[\x20-\x7e]+$/.test(secret.toString('latin1'))) all.push(secret.toString('latin1'))
  return all
}

function assertNoSecret(text, secret, what, window = 12) {
  for (const form of encodings(secret)) {
    const w = Math.min(window, form.length)
    for (let i = 0; i + w <= form.length; i++) {
      const chunk = form.slice(i, i + w)
      assert.ok(!text.includes(chunk), `${what} reveals secret material ${JSON.stringify(chunk)}: ${text.slice(0, 300)}`)
    }
  }
}

const pemDer = (pem) => Buffer.from(pem.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64')
const SECRETS = {
  'cloudfront RSA key': pemDer(CF_PEM),
  'stream RSA key': pemDer(STREAM_PEM),
  'mediacdn seed': Buffer.from(MD_SEED, 'base64url'),
  'mediacdn HMAC secret': Buffer.from(MD_SECRET, 'base64url'),
  'cloudcdn key': Buffer.from(CC_KEY, 'base64url'),
  'webhook secret': Buffer.from(WH_SECRET),
}

function textsOf(value) {
  const texts = [
    util.inspect(value, { showHidden: true, depth: 10, getters: true }),
    String(value),
    JSON.stringify(value) ?? '',
    JSON.stringify(Object.getOwnPropertyNames(value).map((k) => [k, String(value[k])])),
  ]
  try {
    texts.push(util.inspect(structuredClone(value), { showHidden: true, depth: 10 }))
  } catch (e) {
    texts.push(String(e && e.message))
  }
  return texts
}

test('inspect, JSON, String and structuredClone of keys, signers and verifiers never reveal a secret', () => {
  const holders = {
    'cloudfront.Signer': F.cfSigner,
    'cloudfront.Verifier': F.cfVerifier,
    'stream.SigningKey': F.streamKey,
    'stream.SigningKey.fromJwk': stream.SigningKey.fromJwk(STREAM_JWK),
    'stream.Verifier': F.streamVerifier,
    'stream.Verifier(private key)': new stream.Verifier([STREAM_JSON]),
    'webhook.Verifier': F.whVerifier,
    'mediacdn.Signer': F.mdSigner,
    'mediacdn.TokenSigner(ed25519)': F.mdTokens,
    'mediacdn.TokenSigner(hmac)': F.mdHmacTokens,
    'mediacdn.Verifier': F.mdVerifier,
    'cloudcdn.Signer': F.ccSigner,
    'cloudcdn.Verifier': F.ccVerifier,
    'express.streamWebhook': express.streamWebhook({ secrets: [WH_SECRET] }),
  }
  for (const [name, obj] of Object.entries(holders)) {
    for (const text of textsOf(obj)) {
      for (const [what, secret] of Object.entries(SECRETS)) assertNoSecret(text, secret, `${name} (${what})`)
    }
  }
})

test('errors from bad key input never reveal the key', () => {
  const cfDer = SECRETS['cloudfront RSA key']
  const stDer = SECRETS['stream RSA key']
  const seed = SECRETS['mediacdn seed']
  const hmac = SECRETS['mediacdn HMAC secret']
  const cc = SECRETS['cloudcdn key']
  const cutCf = CF_PEM.slice(0, 700) + CF_PEM.slice(900)
  const cutSt = STREAM_PEM.slice(0, 700) + STREAM_PEM.slice(900)
  const calls = [
    ['cloudfront cut PEM', cfDer, () => new cloudfront.Signer({ keyPairId: 'K', privateKey: cutCf })],
    ['cloudfront cut DER', cfDer, () => new cloudfront.Signer({ keyPairId: 'K', privateKey: cfDer.subarray(0, cfDer.length - 40) })],
    ['cloudfront needless passphrase', cfDer, () => new cloudfront.Signer({ keyPairId: 'K', privateKey: CF_PEM, passphrase: 'pw' })],
    ['cloudfront bad hash', cfDer, () => new cloudfront.Signer({ keyPairId: 'K', privateKey: CF_PEM, hashAlgorithm: 'MD5' })],
    ['cloudfront verifier private key', cfDer, () => new cloudfront.Verifier({ K: cutCf })],
    ['compat cut PEM', cfDer, () => compat.getSignedUrl({ ...COMPAT, privateKey: cutCf })],
    ['stream cut PEM', stDer, () => stream.SigningKey.fromPem(STREAM_KID, cutSt)],
    ['stream PEM without kid', stDer, () => stream.SigningKey.fromText(STREAM_PEM)],
    ['stream kid mismatch', stDer, () => stream.SigningKey.fromText(STREAM_JSON, 'other')],
    ['stream bad JWK', stDer, () => stream.SigningKey.fromJwk(STREAM_JWK.replace('"kty"', '"ktz"'))],
    ['stream verifier cut PEM', stDer, () => new stream.Verifier({ [STREAM_KID]: cutSt })],
    ['mediacdn short seed', seed, () => new mediacdn.Signer({ keyName: 'k', privateKey: MD_SEED.slice(0, -2) })],
    ['mediacdn long seed bytes', seed, () => new mediacdn.Signer({ keyName: 'k', privateKey: Buffer.concat([seed, Buffer.from([1])]) })],
    ['mediacdn seed bad char', seed, () => mediacdn.publicKeyOf(MD_SEED.slice(0, 10) + '*' + MD_SEED.slice(11))],
    ['mediacdn seed as public key', seed, () => mediacdn.keysetValue(seed.subarray(0, 31))],
    ['mediacdn short HMAC', hmac, () => new mediacdn.TokenSigner({ secret: hmac.subarray(0, 15) })],
    ['mediacdn HMAC bad algorithm', hmac, () => new mediacdn.TokenSigner({ secret: MD_SECRET, algorithm: 'md5' })],
    ['mediacdn both keys', seed, () => new mediacdn.TokenSigner({ privateKey: MD_SEED, secret: MD_SECRET })],
    ['mediacdn verifier short HMAC', hmac, () => new mediacdn.Verifier({ sharedKeys: { h: hmac.subarray(0, 15) } })],
    ['cloudcdn short key', cc, () => new cloudcdn.Signer({ keyName: 'k', key: cc.subarray(0, 15) })],
    ['cloudcdn long key text', cc, () => new cloudcdn.Signer({ keyName: 'k', key: CC_KEY + 'AAAA' })],
    ['cloudcdn verifier bad key', cc, () => new cloudcdn.Verifier({ k: CC_KEY.slice(0, -4) })],
    ['webhook negative time', Buffer.from(WH_SECRET), () => webhook.sign(WH_SECRET, '{}', { time: -5 })],
    ['webhook empty secret among', Buffer.from(WH_SECRET), () => new webhook.Verifier([WH_SECRET, ''])],
    ['express empty secret', Buffer.from(WH_SECRET), () => express.streamWebhook({ secrets: [WH_SECRET, ''] })],
  ]
  for (const [name, secret, call] of calls) {
    let err = null
    try {
      call()
    } catch (e) {
      err = e
    }
    assert.ok(err && typed(err), `${name}: ${describe(err)}`)
    const texts = [err.message, String(err.stack), util.inspect(err, { showHidden: true, depth: 5 }), JSON.stringify(err), String(err.field)]
    for (const text of texts) assertNoSecret(text, secret, name)
  }
})

test('verification errors never reveal the expected signature', () => {
  const body = Buffer.from('{"a":1}')
  const right = webhook.sign(WH_SECRET, body, { time: NOW })
  let err
  try {
    F.whVerifier.verify(`time=${NOW},sig1=${'0'.repeat(64)}`, body, { now: NOW })
  } catch (e) {
    err = e
  }
  assert.equal(err && err.code, 'CDNSIGN_BAD_SIGNATURE', describe(err))
  assertNoSecret(err.message + util.inspect(err), Buffer.from(right.split('sig1=')[1], 'hex'), 'webhook forged', 8)
  assertNoSecret(err.message, Buffer.from(WH_SECRET), 'webhook forged (secret)', 8)

  const token = F.mdHmacTokens.sign({ expires: EXP, pathGlobs: '/v/*' }).token
  const tag = token.split('hmac=')[1]
  const bad = token.slice(0, -tag.length) + (tag[0] === '0' ? '1' : '0') + tag.slice(1)
  err = null
  try {
    F.mdVerifier.verify({ url: `https://m.example/v/a.m3u8?edge-cache-token=${bad}`, now: NOW })
  } catch (e) {
    err = e
  }
  assert.equal(err && err.code, 'CDNSIGN_BAD_SIGNATURE', describe(err))
  assertNoSecret(err.message, Buffer.from(tag, 'hex'), 'mediacdn forged token', 8)

  const sig = F.ccUrl.split('Signature=')[1]
  const tampered = F.ccUrl.slice(0, -sig.length) + (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)
  err = null
  try {
    F.ccVerifier.verify({ url: tampered, now: NOW })
  } catch (e) {
    err = e
  }
  assert.equal(err && err.code, 'CDNSIGN_BAD_SIGNATURE', describe(err))
  assertNoSecret(err.message, Buffer.from(sig, 'base64url'), 'cloudcdn forged', 8)
})

// ---- options objects: unknown names refused, inherited members ignored -------------------
//
// Every options object a caller passes (found by walking the parameter types
// of every declared callable: interfaces, aliases, literals, intersections,
// unions, and the object types nested in their members, such as
// `stream.AccessRule` in `accessRules`) is tried, member by member, at every
// call site:
//   (a) misspelt (lower-cased, snake_case, a letter dropped, two letters
//       swapped, the first letter's case swapped): CDNSIGN_INVALID_INPUT naming
//       the slip and `did you mean "<member>"?`;
//   (b) given only through the prototype (`Object.create({ member: value })`):
//       the outcome equals the one without the member (a result, or the
//       required-member error);
//   (c) given as an own property: the outcome differs from the one without it
//       at one call site at least, so (b) compares something that matters.
// SAMPLES holds a valid value per `Type.member`; a member the .d.ts files
// declare without a sample fails the suite, so a member added later is
// covered or the suite says why not.

/** The members of an options type: name -> { owner, typeNode, ns, prefix }, or null. */
function membersOf(typeNode, ns, prefix, owner) {
  if (!typeNode) return null
  if (ts.isParenthesizedTypeNode(typeNode)) return membersOf(typeNode.type, ns, prefix, owner)
  if (ts.isIntersectionTypeNode(typeNode) || ts.isUnionTypeNode(typeNode)) {
    const parts = typeNode.types.map((t) => membersOf(t, ns, prefix, owner))
    const objects = parts.filter(Boolean)
    if (objects.length === 0 || (ts.isIntersectionTypeNode(typeNode) && objects.length !== parts.length)) return null
    const out = new Map()
    // the first declaration of a name owns it (`CookieOptions` over the `& { expires }` that repeats it)
    for (const part of objects) for (const [name, m] of part) if (!out.has(name)) out.set(name, m)
    return out
  }
  const fromMembers = (members, src, mNs, mPrefix, mOwner) => {
    const out = new Map()
    for (const m of members) {
      if (!ts.isPropertySignature(m) || !m.type) continue
      if (m.type.kind === ts.SyntaxKind.NeverKeyword) continue // `policy?: never`: not a member of that branch
      out.set(m.name.getText(src), { owner: mOwner, typeNode: m.type, ns: mNs, prefix: mPrefix })
    }
    return out
  }
  if (ts.isTypeLiteralNode(typeNode)) return fromMembers(typeNode.members, undefined, ns, prefix, owner)
  if (ts.isTypeReferenceNode(typeNode)) {
    const name = typeNode.typeName.getText()
    const qn = [[prefix, ns, name], [prefix, name]].map((p) => p.filter(Boolean).join('.')).find((q) => TYPES.has(q))
    if (!qn) return null
    const decl = TYPES.get(qn)
    if (ts.isInterfaceDeclaration(decl.node)) return fromMembers(decl.node.members, decl.src, decl.ns, decl.prefix, qn)
    return membersOf(decl.node.type, decl.ns, decl.prefix, qn)
  }
  return null
}

/** Every place an options object is read: { qualname, index, path, members }. */
function optionSites() {
  const sites = []
  const add = (site) => {
    sites.push(site)
    for (const [name, m] of site.members) {
      let t = m.typeNode
      const path = [name]
      if (ts.isArrayTypeNode(t)) {
        t = t.elementType
        path.push(0)
      } else if (ts.isTypeReferenceNode(t) && t.typeName.getText() === 'Array' && t.typeArguments && t.typeArguments.length === 1) {
        t = t.typeArguments[0]
        path.push(0)
      }
      const nested = ts.isTypeReferenceNode(t) ? membersOf(t, m.ns, m.prefix, null) : null
      if (nested) add({ ...site, path: [...site.path, ...path], members: nested })
    }
  }
  for (const [qualname, decl] of CALLABLES) {
    if (!CALLS[qualname]) continue
    const prefix = qualname.startsWith('compat.') ? 'compat' : qualname.startsWith('express.') ? 'express' : ''
    decl.params.forEach((p, index) => {
      const members = membersOf(p.type, p.ns, prefix, `${qualname}(${p.name})`)
      if (members) add({ qualname, index, path: [], members })
    })
  }
  return sites
}

const WEAK_CF_PEM = vectorFile('keys/cloudfront-conformance-rsa1024.pem')
const MD_KEYSET_NAME = 'keyset-1'
// A Stream token without `exp` (only `requireExp: false` accepts it), signed as Cloudflare's Worker would.
const STREAM_NO_EXP = (() => {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const signing = `${b64({ alg: 'RS256', kid: STREAM_KID })}.${b64({ sub: VIDEO, kid: STREAM_KID })}`
  return `${signing}.${require('node:crypto').sign('sha256', Buffer.from(signing), STREAM_PEM).toString('base64url')}`
})()

// A valid value for every member of every options type, chosen to differ
// from the default and from the baseline call where that makes the member's
// effect visible.
const SAMPLES = {
  'SignManifestOptions.url': 'https://h.example/v/other/index.m3u8',
  'SignManifestOptions.expires': EXP + 60,
  'SignManifestOptions.prefix': 'https://h.example/',
  'SignManifestOptions.absolute': true,
  'SignManifestTokenOptions.url': 'https://h.example/v/other/index.m3u8',
  'SignManifestTokenOptions.expires': EXP + 60,
  'SignManifestTokenOptions.prefix': 'https://h.example/',
  'SignManifestTokenOptions.absolute': true,
  'SignManifestTokenOptions.pathGlobs': true,
  'CheckManifestOptions.url': 'https://h.example/w/index.m3u8',
  'CheckManifestOptions.now': NOW + 60,
  'cloudcdn.SignerOptions.keyName': 'other-key',
  'cloudcdn.SignerOptions.key': CC_KEY,
  'cloudcdn.SignerOptions.padded': false,
  'cloudfront.SignerOptions.keyPairId': 'K3OTHERKEYPAIR',
  'cloudfront.SignerOptions.privateKey': CF_PEM,
  'cloudfront.SignerOptions.passphrase': 'not encrypted',
  'cloudfront.SignerOptions.hashAlgorithm': 'SHA256',
  'cloudfront.SignerOptions.allowWeakRsaForTests': true,
  'cloudfront.VerifierOptions.allowWeakRsaForTests': true,
  'cloudfront.SignUrlOptions.expires': EXP + 60,
  'cloudfront.SignUrlOptions.starts': NOW - 120,
  'cloudfront.SignUrlOptions.ipRange': '198.51.100.0/24',
  'cloudfront.SignUrlOptions.resource': 'https://d111111abcdef8.cloudfront.net/*',
  'cloudfront.SignUrlOptions.policyKind': 'canned',
  'cloudfront.SignUrlOptions.policy': CF_POLICY,
  'cloudfront.SignCookiesOptions.expires': EXP + 60,
  'cloudfront.SignCookiesOptions.starts': NOW - 120,
  'cloudfront.SignCookiesOptions.ipRange': '198.51.100.0/24',
  'cloudfront.SignCookiesOptions.policyKind': 'canned',
  'cloudfront.SignCookiesOptions.policy': CF_POLICY,
  'cloudfront.SignCookiesOptions.domain': '.example.net',
  'cloudfront.SignCookiesOptions.path': '/other/',
  'cloudfront.SignCookiesOptions.secure': false,
  'cloudfront.SignCookiesOptions.httpOnly': false,
  'cloudfront.SignCookiesOptions.sameSite': 'None',
  'cloudfront.SignCookiesOptions.cookieExpires': EXP + 60,
  'cloudfront.SignCookiesOptions.maxAge': 60,
  'cloudfront.VerifyOptions.now': EXP + 60,
  'cloudfront.VerifyOptions.clientIp': '198.51.100.7',
  'cloudfront.VerifyOptions.url': 'https://d111111abcdef8.cloudfront.net/other.mp4',
  'mediacdn.SignerOptions.keyName': 'other-key',
  'mediacdn.SignerOptions.privateKey': vectorFile('keys/mediacdn-ed25519-2.seed.b64url-nopad').trim(),
  'mediacdn.SignerOptions.padded': true,
  'mediacdn.SignerOptions.param': 'tok',
  'mediacdn.ExpiresOptions.expires': EXP + 60,
  'mediacdn.CookieOptions.expires': EXP + 60,
  'mediacdn.CookieOptions.domain': '.example.net',
  'mediacdn.CookieOptions.path': '/other/',
  'mediacdn.CookieOptions.secure': false,
  'mediacdn.CookieOptions.httpOnly': false,
  'mediacdn.CookieOptions.sameSite': 'Strict',
  'mediacdn.CookieOptions.maxAge': 60,
  'mediacdn.TokenSignerOptions.algorithm': 'hmac-sha256',
  'mediacdn.TokenSignerOptions.privateKey': MD_SEED,
  'mediacdn.TokenSignerOptions.secret': vectorFile('keys/mediacdn-hmac-sha1.secret.b64url').trim(),
  'mediacdn.TokenSignerOptions.padded': true,
  'mediacdn.TokenSignerOptions.param': 'other-token',
  'mediacdn.TokenClaims.expires': EXP + 60,
  'mediacdn.TokenClaims.starts': NOW - 120,
  'mediacdn.TokenClaims.pathGlobs': '/other/*',
  'mediacdn.TokenClaims.globSeparator': '!',
  'mediacdn.TokenClaims.urlPrefix': 'https://m.example/other/',
  'mediacdn.TokenClaims.fullPath': '/v/a.m3u8',
  'mediacdn.TokenClaims.sessionId': 'other-session',
  'mediacdn.TokenClaims.data': 'other-data',
  'mediacdn.TokenClaims.headers': { 'X-Other': 'o1' },
  'mediacdn.TokenClaims.ipRanges': '198.51.100.0/24',
  'mediacdn.ShortLivedOptions.now': NOW + 60,
  'mediacdn.ShortLivedOptions.lifetime': 120,
  'mediacdn.Keyset.name': MD_KEYSET_NAME,
  'mediacdn.Keyset.publicKeys': { 'key-2': vectorFile('keys/mediacdn-ed25519-2.pub.b64url-nopad').trim() },
  'mediacdn.Keyset.sharedKeys': { 'hmac-2': vectorFile('keys/mediacdn-hmac-sha1.secret.b64url').trim() },
  'mediacdn.VerifierOptions.param': 'tok',
  'mediacdn.VerifierOptions.allowedAlgorithms': ['hmac-sha256'],
  'mediacdn.VerifierOptions.maxExpirationTtl': 60,
  'mediacdn.VerifierOptions.leeway': 300,
  'mediacdn.Request.url': 'https://m.example/v/other.m3u8',
  'mediacdn.Request.now': EXP + 60,
  'mediacdn.Request.headers': { 'X-Viewer': 'other' },
  'mediacdn.Request.cookie': 'Edge-Cache-Cookie=garbage',
  'mediacdn.Request.clientIp': '198.51.100.7',
  'stream.SignOptions.expires': EXP + 60,
  'stream.SignOptions.notBefore': NOW - 120,
  'stream.SignOptions.downloadable': false,
  'stream.SignOptions.accessRules': [{ type: 'any', action: 'block' }],
  'stream.SignOptions.now': NOW + 60,
  'stream.AccessRule.type': 'ip.src',
  'stream.AccessRule.action': 'block',
  'stream.AccessRule.country': ['JP'],
  'stream.AccessRule.ip': ['198.51.100.0/24'],
  'stream.VerifierOptions.leeway': 30,
  'stream.VerifierOptions.requireExp': false,
  'stream.VerifyOptions.now': EXP + 60,
  'stream.VerifyOptions.videoUid': 'ffffffffffffffffffffffffffffffff',
  'stream.VerifyOptions.viewerIp': '198.51.100.7',
  'stream.VerifyOptions.viewerCountry': 'JP',
  'stream.VerifyOptions.skipAccessRules': true,
  'webhook.SignOptions.time': NOW + 60,
  'webhook.VerifierOptions.tolerance': 5,
  'webhook.VerifierOptions.ignoreTimestamp': true,
  'webhook.VerifyOptions.now': NOW + 200,
  // explain: judged later than the baseline's NOW (expired / too old) and,
  // without `now`, at the clock: three different reports
  'cloudcdn.ExplainOptions.now': EXP + 60,
  'cloudfront.ExplainOptions.now': EXP + 60,
  'mediacdn.ExplainOptions.now': EXP + 60,
  'stream.ExplainOptions.now': EXP + 60,
  'webhook.ExplainOptions.now': NOW + 600,
  'webhook.ExplainOptions.bodyLen': 12345,
  'compat.CloudfrontSignerCredentials.keyPairId': 'K3OTHERKEYPAIR',
  'compat.CloudfrontSignerCredentials.privateKey': vectorFile('keys/cloudfront-rsa2048-b.pem'),
  'compat.CloudfrontSignerCredentials.passphrase': 'not encrypted',
  'compat.CloudfrontSignerCredentials.algorithm': 'SHA256',
  'compat.CloudfrontSignInputWithParameters.url': 'https://d111111abcdef8.cloudfront.net/other.mp4',
  'compat.CloudfrontSignInputWithParameters.dateLessThan': new Date((EXP + 60) * 1000),
  'compat.CloudfrontSignInputWithParameters.dateGreaterThan': new Date((NOW - 120) * 1000),
  'compat.CloudfrontSignInputWithParameters.ipAddress': '198.51.100.0/24',
  'compat.CloudfrontSignInputWithPolicy.policy': CF_POLICY,
  'express.StreamWebhookOptions.secrets': ['another secret'],
  'express.StreamWebhookOptions.tolerance': 50,
  'express.StreamWebhookOptions.ignoreTimestamp': true,
  'express.StreamWebhookOptions.limit': 100,
  'express.StreamWebhookOptions.now': () => NOW,
}

// Members whose own value cannot change any call's outcome, with the reason.
const NO_VISIBLE_EFFECT = {}

// Baselines for this suite where CALLS' would hide a member's effect: a weak
// key that needs allowWeakRsaForTests, credentials bound to an IP range or
// headers (so clientIp, viewerIp and headers matter), a cookie credential,
// an Ed25519 token signer (whose signature padding shows).
const CF_IP_URL = F.cfSigner.signUrl(CF_URL, { expires: EXP, ipRange: '192.0.2.0/24' })
const CF_IP_COOKIES = F.cfSigner.signCookies(CF_URL, { expires: EXP, ipRange: '192.0.2.0/24' })
const MD_BOUND_TOKEN = F.mdTokens.sign({ expires: EXP, pathGlobs: '/v/*', headers: { 'X-Viewer': 'v1' }, ipRanges: ['192.0.2.0/24'] })
const MD_COOKIE = F.mdSigner.signCookie('https://m.example/v/', { expires: EXP })
const STREAM_IP_TOKEN = F.streamKey.sign(VIDEO, {
  expires: EXP,
  now: NOW,
  accessRules: [{ type: 'ip.src', action: 'block', ip: ['198.51.100.0/24'] }, ...RULES],
})
const OPTION_CALLS = {
  'cloudfront.Signer': () => [
    (o) => new cloudfront.Signer(o),
    [{ keyPairId: 'K1WEAK', privateKey: WEAK_CF_PEM, hashAlgorithm: 'SHA1', allowWeakRsaForTests: true }],
  ],
  'cloudfront.Verifier.verifyUrl': () => [F.cfVerifier.verifyUrl.bind(F.cfVerifier), [CF_IP_URL, { now: NOW, clientIp: '192.0.2.7' }]],
  'cloudfront.Verifier.verifyCookies': () => [
    F.cfVerifier.verifyCookies.bind(F.cfVerifier),
    [CF_IP_COOKIES.cookieHeader, { url: CF_URL, now: NOW, clientIp: '192.0.2.7' }],
  ],
  'mediacdn.TokenSigner': () => [(o) => new mediacdn.TokenSigner(o), [{ privateKey: MD_SEED, padded: false, param: 'tok' }]],
  'mediacdn.Verifier.verify': () => [
    F.mdVerifier.verify.bind(F.mdVerifier),
    [{ url: 'https://m.example/v/a.m3u8', now: NOW, headers: { 'X-Viewer': 'v1' }, cookie: MD_COOKIE.cookiePair, clientIp: '192.0.2.7' }],
  ],
  'mediacdn.Verifier.verifyToken': () => [
    F.mdVerifier.verifyToken.bind(F.mdVerifier),
    [MD_BOUND_TOKEN.token, { url: 'https://m.example/v/a.m3u8', now: NOW, headers: [['X-Viewer', 'v1']], clientIp: '192.0.2.7' }],
  ],
  'stream.Verifier.verify': () => [
    F.streamVerifier.verify.bind(F.streamVerifier),
    [STREAM_IP_TOKEN, { now: NOW, videoUid: VIDEO, viewerIp: '192.0.2.7', viewerCountry: 'KR', skipAccessRules: false }],
  ],
}

// What a constructed object (or a middleware) does, for comparing outcomes:
// constructors return objects whose state is only visible through use.
async function webhookDeliveries(mw) {
  const { Readable } = require('node:stream')
  const deliver = (body, time) =>
    new Promise((resolve) => {
      const req = Readable.from([Buffer.from(body)])
      req.headers = { 'webhook-signature': webhook.sign(WH_SECRET, body, { time }) }
      const res = { statusCode: 200, setHeader() {}, end: (b) => resolve(`${res.statusCode} ${b}`) }
      mw(req, res, (err) => resolve(err ? `next ${err.code}` : `ok ${req.streamWebhook.time}`))
    })
  const body = WH_BODY.toString()
  return [await deliver(body, NOW), await deliver(body, NOW - 100), await deliver(body, NOW - 10_000), await deliver(body + ' '.repeat(200), NOW)]
}
const settle = (f) => {
  try {
    return ['ok', f()]
  } catch (e) {
    return ['error', e.code, e.message]
  }
}
const mdRequests = () => {
  const ed = F.mdTokens.sign({ expires: EXP, pathGlobs: '/v/*' }).token
  const hmac = F.mdHmacTokens.sign({ expires: EXP, pathGlobs: '/v/*' }).token
  const named = new mediacdn.Signer({ keyName: MD_KEYSET_NAME, privateKey: MD_SEED }).signUrl('https://m.example/v/a.m3u8', { expires: EXP }).url
  return [
    { url: F.mdUrl, now: NOW },
    { url: `https://m.example/v/a.m3u8?edge-cache-token=${hmac}`, now: NOW },
    { url: `https://m.example/v/a.m3u8?tok=${ed}`, now: NOW },
    { url: `https://m.example/v/a.m3u8?edge-cache-token=${ed}`, now: NOW },
    { url: F.mdUrl, now: EXP + 100 },
    { url: named, now: NOW },
  ]
}
const PROBES = {
  'cloudcdn.Signer': (s) => [s.keyName, s.signUrl('https://h.example/v/a.mp4', { expires: EXP }).url],
  'cloudfront.Signer': (s) => [s.keyPairId, s.hashAlgorithm, s.signUrl(CF_URL, { expires: EXP })],
  'cloudfront.Verifier': (v) => [v.keyPairIds, settle(() => v.addKey('K1WEAK', WEAK_CF_PEM))],
  'mediacdn.Signer': (s) => [s.keyName, s.publicKey, s.signPath('https://m.example/v/', 'a.m3u8', { expires: EXP }).url],
  'mediacdn.TokenSigner': (t) => [t.algorithm, t.param, t.sign({ expires: EXP, pathGlobs: '/v/*' }).token],
  'mediacdn.Verifier': (v) => mdRequests().map((r) => settle(() => v.verify(r).form)),
  'stream.Verifier': (v) => [v.leeway, v.kids, settle(() => v.verify(STREAM_NO_EXP, { now: NOW }).kid)],
  'webhook.Verifier': (v) => [v.tolerance, settle(() => v.verify(F.whHeader, WH_BODY, { now: NOW + 100 }).age)],
  'express.streamWebhook': webhookDeliveries,
}

/** The call of `site` with the options object at its path replaced by `edit(object)`. */
function callWith(site, edit) {
  const [fn, args] = (OPTION_CALLS[site.qualname] || CALLS[site.qualname])()
  const shallow = (v) => (Array.isArray(v) ? [...v] : v && typeof v === 'object' ? { ...v } : {})
  let holder = args
  let key = site.index
  for (const step of site.path) {
    holder[key] = shallow(holder[key])
    holder = holder[key]
    key = step
  }
  holder[key] = edit(shallow(holder[key]))
  return [fn, args]
}

/** A comparable account of what a call did (the error, or what the result does). */
async function account(site, [fn, args]) {
  try {
    let r = fn(...args)
    if (r && typeof r.then === 'function') r = await r
    const probe = PROBES[site.qualname]
    return `ok ${JSON.stringify(probe ? await probe(r) : r)}`
  } catch (e) {
    return `error ${e && e.code} ${e && e.message}`
  }
}

/** Accounts of two calls; again if they differ, in case the clock ticked between them. */
async function twoAccounts(site, a, b) {
  let x = [await account(site, a()), await account(site, b())]
  if (x[0] !== x[1]) x = [await account(site, a()), await account(site, b())]
  return x
}

function misspellings(name, known) {
  const out = new Set([name.toLowerCase(), name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)])
  const mid = Math.floor(name.length / 2)
  out.add(name.slice(0, mid) + name.slice(mid + 1)) // a letter dropped
  for (let i = Math.max(0, mid - 1); i < name.length - 1; i++) {
    if (name[i] !== name[i + 1]) {
      out.add(name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2)) // two letters swapped
      break
    }
  }
  const first = name[0] === name[0].toUpperCase() ? name[0].toLowerCase() : name[0].toUpperCase()
  out.add(first + name.slice(1))
  return [...out].filter((v) => v && v !== name && !known.has(v))
}

const SITES = optionSites()
const siteLabel = (s) => `${s.qualname}(${[CALLABLES.get(s.qualname).params[s.index].name, ...s.path].join('.')})`

test('options: every member of every options type has a sample value', () => {
  const declared = new Set()
  for (const s of SITES) for (const [name, m] of s.members) declared.add(`${m.owner}.${name}`)
  assert.ok(SITES.length >= 40, `only ${SITES.length} options objects found`)
  assert.ok(declared.size >= 100, `only ${declared.size} members found`)
  // the object types the issue names are among them
  for (const t of ['cloudfront.SignUrlOptions', 'cloudfront.SignCookiesOptions', 'stream.SignOptions', 'stream.AccessRule',
    'mediacdn.CookieOptions', 'webhook.VerifierOptions', 'mediacdn.Keyset', 'mediacdn.VerifierOptions',
    'cloudcdn.SignerOptions', 'compat.CloudfrontSignerCredentials', 'express.StreamWebhookOptions']) {
    assert.ok([...declared].some((k) => k.startsWith(`${t}.`)), `${t} not found`)
  }
  assert.deepEqual([...declared].filter((k) => !(k in SAMPLES)).sort(), [], 'members without a sample in SAMPLES')
  assert.deepEqual(Object.keys(SAMPLES).filter((k) => !declared.has(k)).sort(), [], 'SAMPLES for members not declared')
})

test('options: a misspelt member is refused with the closest known name', async (t) => {
  const failures = []
  let n = 0
  for (const site of SITES) {
    const known = new Set(site.members.keys())
    for (const [name, m] of site.members) {
      for (const slip of misspellings(name, known)) {
        n++
        const call = callWith(site, (o) => {
          delete o[name]
          o[slip] = SAMPLES[`${m.owner}.${name}`]
          return o
        })
        const got = await account(site, call)
        const want = `did you mean "${name}"?`
        if (!got.startsWith('error CDNSIGN_INVALID_INPUT ') || !got.includes(`"${slip}"`) || !got.includes(want)) {
          failures.push(`${siteLabel(site)} ${JSON.stringify(slip)} for ${name}: ${got.slice(0, 200)}`)
        }
      }
    }
  }
  t.diagnostic(`${n} misspellings over ${SITES.length} options objects`)
  assert.ok(n >= 400, `only ${n} misspellings tried`)
  assert.equal(failures.length, 0, `${failures.length} misspellings not refused as they should be:\n${failures.join('\n')}`)
})

test('options: a member given only through the prototype is ignored', async (t) => {
  const failures = []
  const visible = new Set()
  let n = 0
  for (const site of SITES) {
    for (const [name, m] of site.members) {
      const key = `${m.owner}.${name}`
      const sample = SAMPLES[key]
      const without = () => callWith(site, (o) => {
        delete o[name]
        return o
      })
      const inherited = () => callWith(site, (o) => {
        const r = Object.assign(Object.create({ [name]: sample }), o)
        delete r[name]
        return r
      })
      const own = () => callWith(site, (o) => ({ ...o, [name]: sample }))
      n++
      const [a, b] = await twoAccounts(site, without, inherited)
      if (a !== b) failures.push(`${siteLabel(site)} ${name}: inherited value was read\n  without:   ${a.slice(0, 300)}\n  inherited: ${b.slice(0, 300)}`)
      const [c, d] = await twoAccounts(site, without, own)
      if (c !== d) visible.add(key)
    }
  }
  t.diagnostic(`${n} members tried through the prototype at their call sites; ${visible.size} Type.member entries shown to change an outcome`)
  assert.equal(failures.length, 0, failures.join('\n'))
  const all = new Set(SITES.flatMap((s) => [...s.members].map(([name, m]) => `${m.owner}.${name}`)))
  const invisible = [...all].filter((k) => !visible.has(k) && !(k in NO_VISIBLE_EFFECT)).sort()
  assert.deepEqual(invisible, [], 'members whose own sample changed no outcome: the prototype check above proves nothing for them')
  const stale = Object.keys(NO_VISIBLE_EFFECT).filter((k) => visible.has(k))
  assert.deepEqual(stale, [], 'NO_VISIBLE_EFFECT lists members that do have an effect')
})

// ---- issue 13, item 4: the reported cases ------------------------------------------------

const expectSlip = (fn, slip, meant) => {
  let e = null
  try {
    fn()
  } catch (err) {
    e = err
  }
  assert.ok(e, `${slip}: accepted`)
  assert.equal(e.code, 'CDNSIGN_INVALID_INPUT', describe(e))
  assert.ok(e.message.includes(`"${slip}"`) && e.message.includes(`did you mean "${meant}"?`), e.message)
  return e
}

test('issue 13: signUrl with iprange / ip_range is refused, not an unrestricted URL', () => {
  for (const slip of ['iprange', 'ip_range']) {
    const e = expectSlip(() => F.cfSigner.signUrl(CF_URL, { expires: EXP, [slip]: '1.2.3.0/24' }), slip, 'ipRange')
    assert.equal(e.message, `unknown option "${slip}" for signUrl options; did you mean "ipRange"?`)
    expectSlip(() => F.cfSigner.signUrlAsync(CF_URL, { expires: EXP, [slip]: '1.2.3.0/24' }), slip, 'ipRange')
  }
  // spelt right, the restriction is there
  assert.match(F.cfSigner.signUrl(CF_URL, { expires: EXP, ipRange: '1.2.3.0/24' }), /Policy=/)
})

test('issue 13: key.sign with accessrules / access_rules is refused, not a token valid worldwide', async () => {
  const rules = [{ type: 'ip.geoip.country', action: 'allow', country: ['KR'] }, { type: 'any', action: 'block' }]
  for (const slip of ['accessrules', 'access_rules']) {
    expectSlip(() => F.streamKey.sign(VIDEO, { expires: EXP, now: NOW, [slip]: rules }), slip, 'accessRules')
    await assert.rejects(
      async () => F.streamKey.signAsync(VIDEO, { expires: EXP, now: NOW, [slip]: rules }),
      (e) => e.code === 'CDNSIGN_INVALID_INPUT' && e.message.includes(`did you mean "accessRules"?`),
    )
  }
  // and inside a rule
  const e = expectSlip(() => F.streamKey.sign(VIDEO, { expires: EXP, now: NOW, accessRules: [{ type: 'any', acton: 'block' }] }), 'acton', 'action')
  assert.match(e.message, /accessRules\[0\]/)
  assert.equal(e.field, 'accessRules')
})

test('issue 13: signCookies with domian is refused', () => {
  expectSlip(() => F.cfSigner.signCookies(CF_URL, { expires: EXP, domian: '.example.com' }), 'domian', 'domain')
  expectSlip(() => F.mdSigner.signCookie('https://m.example/v/', { expires: EXP, domian: '.example.com' }), 'domian', 'domain')
  expectSlip(() => F.ccSigner.signCookie('https://h.example/v/', { expires: EXP, domian: '.example.com' }), 'domian', 'domain')
})

test('issue 13: new webhook.Verifier(secrets, { tolerence: 5 }) is refused instead of keeping 300 s', () => {
  expectSlip(() => new webhook.Verifier([WH_SECRET], { tolerence: 5 }), 'tolerence', 'tolerance')
  expectSlip(() => express.streamWebhook({ secrets: [WH_SECRET], tolerence: 5 }), 'tolerence', 'tolerance')
  assert.equal(new webhook.Verifier([WH_SECRET], { tolerance: 5 }).tolerance, 5)
})

test('issue 13: new mediacdn.Verifier({ publickeys }) is refused', () => {
  expectSlip(() => new mediacdn.Verifier({ publickeys: { 'key-1': MD_PUB } }), 'publickeys', 'publicKeys')
  expectSlip(() => new mediacdn.Verifier({ publicKeys: { 'key-1': MD_PUB } }, { alowedAlgorithms: ['ed25519'] }), 'alowedAlgorithms', 'allowedAlgorithms')
  expectSlip(() => compat.getSignedUrl({ ...COMPAT, ipadress: '1.2.3.4' }), 'ipadress', 'ipAddress')
})

test('issue 13: an inherited resource does not sign a wildcard policy', () => {
  const plain = F.cfSigner.signUrl(CF_URL, { expires: EXP })
  const tricky = Object.assign(Object.create({ resource: 'https://*', policyKind: 'custom', ipRange: '0.0.0.0/0' }), { expires: EXP })
  assert.equal(F.cfSigner.signUrl(CF_URL, tricky), plain)
  assert.ok(!/Policy=/.test(F.cfSigner.signUrl(CF_URL, tricky)), 'a canned URL, no policy')
  // the same for cookies, claims and compat input
  const cookieOpts = Object.assign(Object.create({ policy: CF_POLICY, domain: '.evil.example' }), { expires: EXP })
  assert.deepEqual(F.cfSigner.signCookies(CF_URL, cookieOpts), F.cfSigner.signCookies(CF_URL, { expires: EXP }))
  const claims = Object.assign(Object.create({ pathGlobs: '/*', urlPrefix: 'https://m.example/' }), { expires: EXP, pathGlobs: '/v/*' })
  assert.equal(F.mdTokens.sign(claims).token, F.mdTokens.sign({ expires: EXP, pathGlobs: '/v/*' }).token)
  const input = Object.assign(Object.create({ url: CF_WILDCARD, policy: CF_POLICY }), COMPAT)
  assert.equal(compat.getSignedUrl(input), compat.getSignedUrl({ ...COMPAT }))
})

test('a polluted Object.prototype widens nothing: options, key maps and headers read own properties only', () => {
  const attackerCf = new cloudfront.Signer({ keyPairId: 'KEVIL', privateKey: vectorFile('keys/cloudfront-rsa2048-b.pem') })
  const attackerMd = new mediacdn.Signer({ keyName: 'evil', privateKey: vectorFile('keys/mediacdn-ed25519-other.seed.b64url-nopad').trim() })
  const attackerMdPub = attackerMd.publicKey
  const forgedCf = attackerCf.signUrl(CF_URL, { expires: EXP })
  const forgedMd = attackerMd.signUrl('https://m.example/v/a.m3u8', { expires: EXP }).url
  const boundToken = F.mdTokens.sign({ expires: EXP, pathGlobs: '/v/*', headers: { 'x-a': 'a' } }).token
  const clean = {
    url: F.cfSigner.signUrl(CF_URL, { expires: EXP }),
    cookies: F.cfSigner.signCookies(CF_URL, { expires: EXP }),
    token: F.streamKey.sign(VIDEO, { expires: EXP, now: NOW }),
    mdToken: F.mdTokens.sign({ expires: EXP, pathGlobs: '/v/*' }).token,
    tolerance: new webhook.Verifier(WH_SECRET).tolerance,
  }
  const pollution = {
    resource: 'https://*',
    policyKind: 'custom',
    ipRange: '0.0.0.0/0',
    policy: CF_POLICY,
    pathGlobs: '/*',
    accessRules: [{ type: 'any', action: 'allow' }],
    tolerance: 1e9,
    ignoreTimestamp: true,
    skipAccessRules: true,
    allowedAlgorithms: ['ed25519', 'hmac-sha1', 'hmac-sha256'],
    KEVIL: attackerCf.publicKeyPem(),
    evil: attackerMdPub,
    'x-a': 'a',
  }
  const before = new Set(Object.getOwnPropertyNames(Object.prototype))
  assert.ok(Object.keys(pollution).every((k) => !before.has(k)))
  const results = {}
  try {
    Object.assign(Object.prototype, pollution)
    results.url = F.cfSigner.signUrl(CF_URL, { expires: EXP })
    results.cookies = F.cfSigner.signCookies(CF_URL, { expires: EXP })
    results.token = F.streamKey.sign(VIDEO, { expires: EXP, now: NOW })
    results.mdToken = F.mdTokens.sign({ expires: EXP, pathGlobs: '/v/*' }).token
    results.tolerance = new webhook.Verifier(WH_SECRET).tolerance
    const cfVerifier = new cloudfront.Verifier({ K2JCJMDEHXQW5F: CF_PUB })
    results.cfKeys = cfVerifier.keyPairIds
    results.cfForged = settle(() => cfVerifier.verifyUrl(forgedCf, { now: NOW }))
    const mdVerifier = new mediacdn.Verifier({ publicKeys: { 'key-1': MD_PUB } })
    results.mdForged = settle(() => mdVerifier.verify({ url: forgedMd, now: NOW }))
    results.mdUnbound = settle(() => mdVerifier.verifyToken(boundToken, { url: 'https://m.example/v/a.m3u8', now: NOW, headers: {} }))
    results.ccKeys = new cloudcdn.Verifier({ 'my-key': CC_KEY }).keyNames
    results.streamKids = new stream.Verifier({ [STREAM_KID]: STREAM_PUB }).kids
  } finally {
    for (const k of Object.keys(pollution)) delete Object.prototype[k]
  }
  assert.deepEqual(Object.keys(Object.prototype), [], 'pollution removed')
  for (const k of Object.keys(clean)) assert.deepEqual(results[k], clean[k], k)
  assert.deepEqual(results.cfKeys, ['K2JCJMDEHXQW5F'])
  assert.equal(results.cfForged[1], 'CDNSIGN_UNKNOWN_KEY', JSON.stringify(results.cfForged))
  assert.equal(results.mdForged[0], 'error', JSON.stringify(results.mdForged))
  assert.equal(results.mdUnbound[0], 'error', JSON.stringify(results.mdUnbound))
  assert.deepEqual(results.ccKeys, ['my-key'])
  assert.deepEqual(results.streamKids, [STREAM_KID])
})
