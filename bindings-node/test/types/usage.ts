// Type-checked with `tsc --noEmit -p test/types` (types.test.js): real usage of
// the public API against the committed index.d.ts and the subpath .d.ts files.
// Lines marked @ts-expect-error must stay errors: they prove the types reject
// misuse rather than being `any`.
import * as cdnsign from 'cdnsign'

const v: string = cdnsign.version()
const codes: string[] = cdnsign.errorCodes()
const t1: number = cdnsign.toUnixSeconds(new Date())
const t2: number = cdnsign.toUnixSeconds(1767290400)
// @ts-expect-error times are Date | number, not strings
cdnsign.toUnixSeconds('2026-01-01')

export { v, codes, t1, t2 }

// ---- webhook ----
import { webhook, stream } from 'cdnsign'
import { streamWebhook, keepRawBody, type StreamWebhookResult } from 'cdnsign/express'
import * as edge from 'cdnsign/edge'
import express from 'express'

const header: string = webhook.sign('secret', Buffer.from('{}'), { time: new Date() })
const wv = new webhook.Verifier(['old', Buffer.from('new')], { tolerance: 600 })
const verified: webhook.Verified = wv.verify(header, '{}', { now: 1767290400 })
const ve: webhook.VerifiedEvent = wv.verifyEvent(header, Buffer.from('{}'))
const lifecycle: 'processing' | 'ready' | 'failed' = ve.event.lifecycle
const maybeState: string | undefined = webhook.parseEvent('{"uid":"x"}').state
const tol: number | null = new webhook.Verifier('s', { ignoreTimestamp: true }).tolerance
// @ts-expect-error the tolerance is a number of seconds
new webhook.Verifier('s', { tolerance: '300' })

// ---- stream ----
const key = stream.SigningKey.fromApiResponse({ result: { id: 'x', pem: '...' } })
const token: string = key.sign('uid', {
  expires: new Date(Date.now() + 3600_000),
  notBefore: 1767290400,
  downloadable: true,
  accessRules: [{ type: 'ip.geoip.country', action: 'allow', country: ['KR'] }, { type: 'any', action: 'block' }],
})
const pending: Promise<string> = key.signAsync('uid', { expires: 1767294000 })
// @ts-expect-error unknown rule type
key.sign('uid', { expires: 1, accessRules: [{ type: 'ip.dst', action: 'block' }] })
// @ts-expect-error expires is required
key.sign('uid', {})
const sv = new stream.Verifier({ kid: '-----BEGIN PUBLIC KEY-----' }, { leeway: 0 })
sv.addKey(key)
const vt: stream.VerifiedToken = sv.verify(token, { videoUid: 'uid', viewerCountry: 'KR', viewerIp: '192.0.2.1' })
const decision: 'not_evaluated' | 'no_match' | 'allowed_by_rule' = vt.access.decision
const hls: string = new stream.Urls('f33zs165nr7gyfy4').hls(token)
const decoded: stream.DecodedToken = stream.decode(token)

// ---- cdnsign/express ----
const app = express()
app.post('/webhook/stream', streamWebhook({ secrets: ['a', 'b'], tolerance: 300 }), (req, res) => {
  const w: StreamWebhookResult | undefined = req.streamWebhook
  res.json({ uid: w?.event.uid, raw: req.rawBody?.length })
})
app.use(express.json({ verify: keepRawBody }))
// @ts-expect-error secrets are required
streamWebhook({ tolerance: 5 })

export { header, verified, lifecycle, maybeState, tol, pending, decision, hls, decoded }

// ---- mediacdn / cloudcdn ----
import { mediacdn, cloudcdn } from 'cdnsign'

const mSigner = new mediacdn.Signer({ keyName: 'key-1', privateKey: Buffer.alloc(32), padded: false })
const mUrl: mediacdn.SignedUrl = mSigner.signUrl('https://media.example.com/a.m3u8', { expires: new Date() })
const mCookie: mediacdn.SignedCookie = mSigner.signCookie('https://media.example.com/v/', { expires: 1767294000, sameSite: 'Strict', domain: '.example.com' })
const tSigner = new mediacdn.TokenSigner({ algorithm: 'hmac-sha256', secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQ' })
const tok: mediacdn.SignedToken = tSigner.sign({ pathGlobs: ['/v/*', '/t/*.jpg'], expires: 1767294000, headers: { 'X-Device': 'tv' }, ipRanges: '192.0.2.0/24' })
const short: string = tSigner.signShortLived({ urlPrefix: 'https://media.example.com/live/' }, { lifetime: 60 }).query
// @ts-expect-error globSeparator is ',' or '!'
tSigner.sign({ pathGlobs: '/v/*', expires: 1, globSeparator: ';' })
const mVerifier = new mediacdn.Verifier({ publicKeys: { 'key-1': mSigner.publicKey }, sharedKeys: { s1: Buffer.alloc(32) } }, { allowedAlgorithms: ['ed25519'] })
const mOk: mediacdn.Verified = mVerifier.verify({ url: mUrl.url, headers: { cookie: mCookie.cookiePair, 'x-forwarded-for': ['a', 'b'] }, clientIp: '192.0.2.1' })
const mForm: 'signed_url' | 'signed_prefix' | 'path_component' | 'cookie' | 'token' | 'token_cookie' = mOk.form
const gen: mediacdn.GeneratedKey = mediacdn.generateKey()

const cSigner = new cloudcdn.Signer({ keyName: 'key-1', key: cloudcdn.generateKey() })
const cUrl: string = cSigner.signUrl('https://cdn.example.com/a.mp4', { expires: 1767294000 }).url
const cCookie: string = cSigner.signCookie('https://cdn.example.com/v/', { expires: new Date(), path: '/v/' }).setCookie
const cOk: cloudcdn.Verified = new cloudcdn.Verifier({ 'key-1': Buffer.alloc(16) }).verify({ url: cUrl, cookie: cCookie })
// @ts-expect-error expires is required
cSigner.signUrl('https://cdn.example.com/a.mp4', {})

export { tok, short, mForm, gen, cOk }

// ---- cloudfront ----
import { cloudfront } from 'cdnsign'
import { getSignedUrl, getSignedCookies, type CloudfrontSignedCookiesOutput } from 'cdnsign/compat/aws-cloudfront-signer'

const signer = new cloudfront.Signer({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: Buffer.from('pem'), hashAlgorithm: 'SHA256' })
const signedUrl: string = signer.signUrl('https://d111111abcdef8.cloudfront.net/a.mp4', { expires: new Date(), starts: 1767200000, ipRange: '192.0.2.0/24' })
const signedLater: Promise<string> = signer.signUrlAsync('https://d111111abcdef8.cloudfront.net/a.mp4', { expires: 1767290400 })
const jar: cloudfront.SignedCookies = signer.signCookies('https://d111111abcdef8.cloudfront.net/videos/*', {
  expires: 1767290400, domain: '.example.com', path: '/', secure: true, httpOnly: true, sameSite: 'Lax',
})
const setCookie: string[] = jar.setCookieHeaders
const one: string | undefined = jar.cookies['CloudFront-Signature']
// @ts-expect-error sameSite is Strict | Lax | None
signer.signCookies('https://x/*', { expires: 1, sameSite: 'sometimes' })
// @ts-expect-error the resource is signCookies' first argument, not an option
signer.signCookies(undefined, { expires: 1, resource: 'https://x/*' })
// @ts-expect-error hashAlgorithm is SHA1 | SHA256
new cloudfront.Signer({ keyPairId: 'K', privateKey: 'pem', hashAlgorithm: 'MD5' })
const cfv = new cloudfront.Verifier({ K2JCJMDEHXQW5F: '-----BEGIN PUBLIC KEY-----' })
cfv.addKey(signer)
const granted: cloudfront.Verified = cfv.verifyUrl(signedUrl, { now: new Date(), clientIp: '192.0.2.1' })
const form: 'url' | 'cookies' = granted.form
cfv.verifyCookies('CloudFront-Policy=...; CloudFront-Signature=...', { url: 'https://x/videos/a.mp4' })
cfv.verifyCookies(jar.cookies, { url: 'https://x/videos/a.mp4', now: 1767290000 })
const encoded: string = cloudfront.percentEncodeUrl('https://x/a b.mp4')

// compat: @aws-sdk/cloudfront-signer's names and types
const compatUrl: string = getSignedUrl({ url: 'https://x/a.mp4', keyPairId: 'K', privateKey: 'pem', dateLessThan: '2030-01-01' })
const compatCookies: CloudfrontSignedCookiesOutput = getSignedCookies({ url: 'https://x/*', keyPairId: 'K', privateKey: 'pem', dateLessThan: new Date(), ipAddress: '10.0.0.0/8' })
const expiresNumber: number | undefined = compatCookies['CloudFront-Expires']
getSignedUrl({ policy: '{}', keyPairId: 'K', privateKey: 'pem' })
// @ts-expect-error policy cannot be combined with dateLessThan (as in the SDK's types)
getSignedUrl({ url: 'https://x/a.mp4', policy: '{}', dateLessThan: '2030-01-01', keyPairId: 'K', privateKey: 'pem' })

// explain: a plain object (or null) on every provider
const why = cloudfront.explain(signedUrl, { now: new Date() })
const whyText: string | undefined = why?.text
const whyOk: boolean | undefined = why?.ok
const whyProblems: string[] | undefined = why?.problems
webhook.explain('time=1,sig1=00', { now: 1767290400, bodyLen: 2 })
stream.explain('a.b.c')
cdnsign.mediacdn.explain('https://x/a?Expires=1&KeyName=k&Signature=s')
cdnsign.cloudcdn.explain('Cloud-CDN-Cookie=URLPrefix=a:Expires=1:KeyName=k:Signature=s', { now: 1767290400 })
// @ts-expect-error bodyLen is webhook's only
cloudfront.explain(signedUrl, { bodyLen: 2 })
// @ts-expect-error times are Date | number
stream.explain('a.b.c', { now: '2026-01-01' })

export { signedLater, setCookie, one, form, encoded, compatUrl, expiresNumber, whyText, whyOk, whyProblems }

// ---- cdnsign/edge ----
async function edgeUsage(): Promise<number> {
  const e: edge.RunningEdge = await edge.start({ provider: 'cloudcdn', root: 'media', keys: { k1: 'key.b64url' }, args: ['--pass-unsigned'] })
  const codes: Array<string | null> = e.entries().map((x) => x.code)
  await e.close()
  // @ts-expect-error keys map ids to files or values (strings)
  await edge.start({ keys: { k1: 1 } })
  return codes.length + edge.findCli().length
}
export { edgeUsage }
