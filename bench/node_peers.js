'use strict'
// cdnsign against the Node libraries users switch from, in one process:
//   node bench/node_peers.js [--seconds 0.25] [--rounds 7] [--json OUT] [--only REGEX] [--cpu-time]
// `make bench` runs it against a release build of the addon (`npm run build`
// in bindings-node/). Every pair is checked to produce the same bytes (or to
// verify) before timing. Rounds alternate between the contenders, rotating
// the order, and each rate is the median over rounds.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const crypto = require('node:crypto')
const { createRequire } = require('node:module')

const ROOT = path.resolve(__dirname, '..')
const PKG = path.join(ROOT, 'bindings-node')
const { cloudfront, stream, webhook, mediacdn, version } = require(PKG)
// The peers are dev-dependencies of the Node package.
const fromPkg = createRequire(path.join(PKG, 'package.json'))
const sdk = fromPkg('@aws-sdk/cloudfront-signer')
const jwt = fromPkg('jsonwebtoken')
const compat = require(path.join(PKG, 'compat', 'aws-cloudfront-signer'))

function arg(name, fallback) {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : fallback
}
const SECONDS = Number(arg('--seconds', 0.25))
const ROUNDS = Number(arg('--rounds', 7))
const JSON_OUT = arg('--json', null)
// Only the rows whose operation matches (`--only 'Ed25519|webhook|async'`), for
// tuning one row; `make bench` runs them all, in this order.
const ONLY = new RegExp(arg('--only', ''), 'i')
const KEYS = path.join(ROOT, 'tests', 'vectors', 'keys')
const read = (name) => fs.readFileSync(path.join(KEYS, name), 'utf8')
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const now = () => Number(process.hrtime.bigint()) / 1e9
// --cpu-time: the one-thread rows time each batch by the process's CPU time
// (every thread, the garbage collector's included) instead of the clock, so
// that other work on a busy machine does not count; for tuning only; the
// committed table is measured by the clock on a quiet machine. The two-core
// row is always timed by the clock.
const CPU_TIME = process.argv.includes('--cpu-time')
const cpuNow = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}
const batchNow = CPU_TIME ? cpuNow : now

function batchSize(fn, seconds) {
  for (let n = 1; ; n *= 2) {
    const t0 = now()
    for (let i = 0; i < n; i++) fn()
    if (now() - t0 >= seconds) return n
  }
}

function alternate(contenders) {
  const sizes = contenders.map(([, fn]) => batchSize(fn, SECONDS / 4) * 4)
  const rates = contenders.map(() => [])
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < contenders.length; j++) {
      const k = (j + r) % contenders.length
      const fn = contenders[k][1]
      const n = sizes[k]
      const t0 = batchNow()
      for (let i = 0; i < n; i++) fn()
      rates[k].push(n / (batchNow() - t0))
    }
  }
  return rates.map(median)
}

// Calls/s of `fn` (returning a promise) with `inFlight` calls outstanding.
async function asyncRate(fn, inFlight, seconds) {
  let n = 0
  const t0 = now()
  const deadline = t0 + seconds
  const lane = async () => {
    while (now() < deadline) {
      await fn()
      n++
    }
  }
  await Promise.all(Array.from({ length: inFlight }, lane))
  return n / (now() - t0)
}

// `gc()` without `node --expose-gc` (the flag, then a fresh context's `gc`).
function fullGc() {
  require('node:v8').setFlagsFromString('--expose-gc')
  require('node:vm').runInNewContext('gc')()
}

function syncRate(fn, seconds) {
  let n = 0
  const t0 = now()
  const deadline = t0 + seconds
  while (now() < deadline) {
    for (let i = 0; i < 8; i++) fn()
    n += 8
  }
  return n / (now() - t0)
}

async function main() {
  const rows = []
  const row = (operation, peer, contenders, target) => {
    if (!ONLY.test(operation)) return
    const rates = alternate(contenders)
    const ratio = rates[0] / rates[1]
    rows.push({
      operation,
      peer,
      peer_ops: rates[1],
      ours_ops: rates[0],
      ratio,
      target,
      met: target === null ? null : ratio >= target,
      all: Object.fromEntries(contenders.map(([n], i) => [n, rates[i]])),
    })
    console.log(`${operation}: ${contenders[0][0]} ${rates[0].toFixed(0)}/s vs ${contenders[1][0]} ` +
      `${rates[1].toFixed(0)}/s = ${ratio.toFixed(2)}x` + (target === null ? ' (no target)' : ` (target ${target}x)`))
  }

  // ---- CloudFront canned URL, RSA-2048 SHA-1 ----
  const url = 'https://d111111abcdef8.cloudfront.net/videos/intro.mp4'
  const expires = 1893456000
  const keyPairId = 'K2JCJMDEHXQW5F'
  const pem = read('cloudfront-rsa2048.pem')
  const keyObject = crypto.createPrivateKey(pem)
  const dateLessThan = new Date(expires * 1000)
  const signer = new cloudfront.Signer({ keyPairId, privateKey: pem })
  const sdkUrl = sdk.getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan })
  // The SDK orders the query as Expires, Key-Pair-Id, Signature; our signer
  // follows botocore (Expires, Signature, Key-Pair-Id): compare the signatures.
  const sigOf = (u) => new URL(u).searchParams.get('Signature')
  if (sigOf(signer.signUrl(url, { expires })) !== sigOf(sdkUrl)) throw new Error('CloudFront signatures differ')
  if (sdk.getSignedUrl({ url, keyPairId, privateKey: keyObject, dateLessThan }) !== sdkUrl) {
    throw new Error('the SDK with a KeyObject signs differently')
  }
  if (compat.getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan }) !== sdkUrl) {
    throw new Error('compat shim differs')
  }
  row('CloudFront canned URL (RSA-2048 SHA-1)', '@aws-sdk/cloudfront-signer, PEM string (documented)', [
    ['cdnsign cloudfront.Signer.signUrl', () => signer.signUrl(url, { expires })],
    ['SDK PEM string', () => sdk.getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan })],
  ], 2)
  row('CloudFront canned URL (RSA-2048 SHA-1)', '@aws-sdk/cloudfront-signer, KeyObject parsed once', [
    ['cdnsign cloudfront.Signer.signUrl', () => signer.signUrl(url, { expires })],
    ['SDK KeyObject', () => sdk.getSignedUrl({ url, keyPairId, privateKey: keyObject, dateLessThan })],
  ], null)
  // Context, not a peer: the bare OpenSSL signature, without the URL work.
  const policy = Buffer.from(JSON.stringify({ Statement: [{ Resource: url, Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }] }))
  row('CloudFront canned URL (RSA-2048 SHA-1)', 'bare RSA-2048 SHA-1 signature in node:crypto (OpenSSL), KeyObject, no URL work', [
    ['cdnsign cloudfront.Signer.signUrl', () => signer.signUrl(url, { expires })],
    ['crypto.sign bare', () => crypto.sign('sha1', policy, keyObject)],
  ], null)
  row('CloudFront canned URL (RSA-2048 SHA-1)', '@aws-sdk/cloudfront-signer, PEM string, via cdnsign compat', [
    ['cdnsign compat getSignedUrl', () => compat.getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan })],
    ['SDK PEM string', () => sdk.getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan })],
  ], 2)

  // ---- Stream token, RS256 ----
  const keyJson = JSON.parse(read('stream-key.json'))
  const key = stream.SigningKey.fromApiResponse(keyJson)
  const kid = keyJson.result.id
  const streamPem = Buffer.from(keyJson.result.pem, 'base64').toString('utf8')
  const streamKeyObject = crypto.createPrivateKey(streamPem)
  const uid = '6b9e68b07dfee8cc2d116e4c51d6a957'
  const exp = Math.floor(Date.now() / 1000) + 3600
  // Stream's header has no typ; give jsonwebtoken the same header so both sign the same bytes.
  const jwtOpts = { algorithm: 'RS256', noTimestamp: true, header: { alg: 'RS256', kid, typ: undefined } }
  const theirs = jwt.sign({ sub: uid, kid, exp }, streamPem, jwtOpts)
  if (theirs !== key.sign(uid, { expires: exp })) throw new Error('Stream tokens differ')
  row('Stream token (RS256 JWT)', 'jsonwebtoken, PEM string (documented)', [
    ['cdnsign stream.SigningKey.sign', () => key.sign(uid, { expires: exp })],
    ['jsonwebtoken PEM string', () => jwt.sign({ sub: uid, kid, exp }, streamPem, jwtOpts)],
  ], 2)
  row('Stream token (RS256 JWT)', 'jsonwebtoken, KeyObject parsed once', [
    ['cdnsign stream.SigningKey.sign', () => key.sign(uid, { expires: exp })],
    ['jsonwebtoken KeyObject', () => jwt.sign({ sub: uid, kid, exp }, streamKeyObject, jwtOpts)],
  ], null)

  // ---- Media CDN Ed25519 token ----
  const seed = read('mediacdn-ed25519.seed.b64url-nopad').trim()
  const seedBytes = Buffer.from(seed, 'base64url')
  const edKey = crypto.createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seedBytes]),
    format: 'der',
    type: 'pkcs8',
  })
  const prefix = 'https://media.example.com/videos/'
  const b64prefix = Buffer.from(prefix).toString('base64url')
  // Google's formula: fields joined by "~", the Ed25519 signature over them as base64url.
  const documentedToken = () => {
    const signed = `URLPrefix=${b64prefix}~Expires=${expires}`
    return `${signed}~Signature=${crypto.sign(null, Buffer.from(signed), edKey).toString('base64url')}`
  }
  const ms = new mediacdn.TokenSigner({ privateKey: seed })
  if (ms.sign({ urlPrefix: prefix, expires }).token !== documentedToken()) throw new Error('Media CDN tokens differ')
  row('Media CDN Ed25519 token (URLPrefix)', 'node:crypto sign, documented formula, KeyObject', [
    ['cdnsign mediacdn.TokenSigner.sign', () => ms.sign({ urlPrefix: prefix, expires })],
    ['crypto.sign formula', documentedToken],
  ], 3)

  // ---- Stream webhook verify, 1 KiB body ----
  const secret = '85011ed3a913c6ad5f9cf6c5573cc0a7'
  const body = Buffer.from(JSON.stringify({ uid, meta: { pad: 'p'.repeat(1100) } }).slice(0, 1024))
  const t = Math.floor(Date.now() / 1000)
  const header = webhook.sign(secret, body, { time: t })
  const wv = new webhook.Verifier(secret)
  // Cloudflare's documented check, with a constant-time comparison.
  const nodeVerify = () => {
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')))
    const mac = crypto.createHmac('sha256', secret).update(`${parts.time}.`).update(body).digest()
    const given = Buffer.from(parts.sig1, 'hex')
    if (given.length !== mac.length || !crypto.timingSafeEqual(mac, given)) throw new Error('bad signature')
    if (Math.abs(Math.floor(Date.now() / 1000) - Number(parts.time)) > 300) throw new Error('stale')
    return true
  }
  nodeVerify()
  wv.verify(header, body)
  row('Stream webhook verify (1 KiB body)', 'node:crypto createHmac + timingSafeEqual', [
    ['cdnsign webhook.Verifier.verify', () => wv.verify(header, body)],
    ['createHmac + timingSafeEqual', nodeVerify],
  ], 2.5)

  // ---- two cores: async signing on the libuv pool vs one thread ----
  const threads = []
  if (!ONLY.test('async CloudFront URLs')) return finish(rows, threads)
  const scaleSeconds = Math.max(SECONDS * 2, 0.5)
  // Warm-up, not timed: starts libuv's pool threads (made on first use) and
  // turns the event loop once, which runs what the rows above left for it
  // (napi finalizers, before issue 15: 0.3 s of them after the token row).
  // A full collection first, so that the garbage of the rows above (their
  // old generation, which V8 would otherwise mark concurrently, on the same
  // two cores, during the timed windows) is not charged to this row.
  fullGc()
  for (let i = 0; i < 8; i++) signer.signUrl(url, { expires })
  await asyncRate(() => signer.signUrlAsync(url, { expires }), 8, 0.1)
  // The batch call (issue 15): BATCH URLs per task, so one hand-off, one
  // wake-up and one promise per BATCH signatures; rates are URLs/s.
  const BATCH = 64
  const batch = Array.from({ length: BATCH }, (_, i) => `${url}?part=${i}`)
  const each = batch.map((u) => signer.signUrl(u, { expires }))
  if (JSON.stringify(await signer.signUrlsAsync(batch, { expires })) !== JSON.stringify(each)) {
    throw new Error('signUrlsAsync differs from signUrl')
  }
  await asyncRate(() => signer.signUrlsAsync(batch, { expires }), 2, 0.1)
  const contenders = [
    // 8 requests in flight, as on a server under load; the default pool of 4 threads.
    ['cdnsign Signer.signUrlAsync, 8 in flight (libuv pool of 4) vs signUrl on the main thread',
      () => asyncRate(() => signer.signUrlAsync(url, { expires }), 8, scaleSeconds), 1],
    // 4 batches in flight: while one settles on the main thread, another
    // is queued for the freed pool thread (with 2, that core idles meanwhile).
    [`cdnsign Signer.signUrlsAsync, batches of ${BATCH} URLs, 4 in flight (libuv pool of 4) vs signUrl on the main thread`,
      () => asyncRate(() => signer.signUrlsAsync(batch, { expires }), 4, scaleSeconds), BATCH],
  ]
  const ones = []
  const twos = contenders.map(() => [])
  for (let r = 0; r < Math.max(3, Math.floor(ROUNDS / 2)); r++) {
    ones.push(syncRate(() => signer.signUrl(url, { expires }), scaleSeconds))
    for (let k = 0; k < contenders.length; k++) {
      // rotated, as the one-thread rows are, so no contender always runs first
      const [, rate, per] = contenders[(k + r) % contenders.length]
      twos[(k + r) % contenders.length].push((await rate()) * per)
    }
  }
  const one = median(ones)
  contenders.forEach(([who], k) => {
    const two = median(twos[k])
    threads.push({ who, one, two, ratio: two / one, target: 1.8, met: two / one >= 1.8 })
    console.log(`async CloudFront URLs: ${one.toFixed(0)}/s sync -> ${two.toFixed(0)}/s async = ${(two / one).toFixed(2)}x (${who.split(' vs ')[0]})`)
  })
  finish(rows, threads)
}

function finish(rows, threads) {
  const out = {
    language: 'Node',
    runtime: `Node ${process.version}`,
    cdnsign: version(),
    command: `node bench/node_peers.js ${process.argv.slice(2).join(' ')}`.trim(),
    timing: CPU_TIME ? 'process CPU time' : 'wall clock',
    rounds: ROUNDS,
    seconds: SECONDS,
    uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE || 4),
    cpus: `${os.cpus().length} x ${os.cpus()[0].model}`,
    rows,
    threads,
  }
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify(out, null, 2))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
