'use strict'
// One-process ops/s comparison against the Node peers, each used as documented:
//   - @aws-sdk/cloudfront-signer getSignedUrl({ ..., privateKey: <PEM string> })
//   - jsonwebtoken jwt.sign(payload, <PEM string>, { algorithm: 'RS256', keyid })
// against cdnsign with the key parsed once (the recommended use), cdnsign's
// compat shim called exactly like the SDK, and the async variant on the
// libuv pool. Run against a release build:
//   cd bindings-node && npm run build && node bench/bench.js
// Every result is checked (the signature verifies) before timing starts.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const crypto = require('node:crypto')
const { cloudfront, stream, webhook, mediacdn } = require('..')
const compat = require('../compat/aws-cloudfront-signer')
const sdk = require('@aws-sdk/cloudfront-signer')
const jwt = require('jsonwebtoken')

const VECTORS = path.resolve(__dirname, '..', '..', 'tests', 'vectors')
const pem = fs.readFileSync(path.join(VECTORS, 'keys', 'test-rsa2048.pkcs8.pem'), 'utf8')
const pubPem = fs.readFileSync(path.join(VECTORS, 'keys', 'test-rsa2048.pub.pem'), 'utf8')
const SECONDS = Number(process.env.BENCH_SECONDS || 2)
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3)

function measure(name, fn) {
  // warm-up, then ROUNDS timed rounds of SECONDS each; report the median
  for (let i = 0; i < 20; i++) fn()
  const rates = []
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0
    const start = process.hrtime.bigint()
    const deadline = start + BigInt(SECONDS * 1e9)
    let t
    do {
      for (let i = 0; i < 10; i++) fn()
      n += 10
      t = process.hrtime.bigint()
    } while (t < deadline)
    rates.push(n / (Number(t - start) / 1e9))
  }
  rates.sort((a, b) => a - b)
  return { name, opsPerSec: rates[Math.floor(rates.length / 2)] }
}

async function measureAsync(name, fn, concurrency) {
  for (let i = 0; i < 20; i++) await fn()
  const rates = []
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0
    const start = process.hrtime.bigint()
    const deadline = start + BigInt(SECONDS * 1e9)
    const worker = async () => {
      while (process.hrtime.bigint() < deadline) {
        await fn()
        n++
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    rates.push(n / (Number(process.hrtime.bigint() - start) / 1e9))
  }
  rates.sort((a, b) => a - b)
  return { name, opsPerSec: rates[Math.floor(rates.length / 2)] }
}

function table(title, rows, baseline) {
  const base = rows.find((r) => r.name === baseline).opsPerSec
  console.log(`\n${title}`)
  console.log('| implementation | ops/s | µs/op | vs peer |')
  console.log('|---|---:|---:|---:|')
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.opsPerSec.toFixed(0)} | ${(1e6 / r.opsPerSec).toFixed(1)} | ${(r.opsPerSec / base).toFixed(2)}× |`)
  }
}

async function main() {
  const url = 'https://d111111abcdef8.cloudfront.net/videos/intro.mp4'
  const expires = 1893456000 // 2030-01-01
  const keyPairId = 'K2JCJMDEHXQW5F'

  // --- CloudFront canned URL, RSA-2048 SHA-1 ---
  const signer = new cloudfront.Signer({ keyPairId, privateKey: pem })
  const verifier = new cloudfront.Verifier({ [keyPairId]: pubPem })
  const sdkUrl = sdk.getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan: new Date(expires * 1000) })
  const ours = signer.signUrl(url, { expires })
  const sig = (u) => new URL(u).searchParams.get('Signature')
  if (sig(sdkUrl) !== sig(ours)) throw new Error('signatures differ: benchmark would compare different work')
  verifier.verifyUrl(sdkUrl, { now: expires - 10 })
  const cf = [
    measure('@aws-sdk/cloudfront-signer getSignedUrl (PEM string, documented use)', () =>
      sdk.getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan: new Date(expires * 1000) })),
    measure('cdnsign compat getSignedUrl (same call, PEM string)', () =>
      compat.getSignedUrl({ url, keyPairId, privateKey: pem, dateLessThan: new Date(expires * 1000) })),
    measure('cdnsign Signer.signUrl (key parsed once)', () => signer.signUrl(url, { expires })),
  ]
  cf.push(await measureAsync('cdnsign Signer.signUrlAsync (libuv pool, 8 in flight)',
    () => signer.signUrlAsync(url, { expires }), 8))
  table('CloudFront canned signed URL (RSA-2048, SHA-1), one process', cf,
    '@aws-sdk/cloudfront-signer getSignedUrl (PEM string, documented use)')

  // --- Stream token, RS256 ---
  const keyJson = JSON.parse(fs.readFileSync(path.join(VECTORS, 'keys', 'stream-key.json'), 'utf8'))
  const key = stream.SigningKey.fromApiResponse(keyJson)
  const kid = keyJson.result.id
  const streamPem = Buffer.from(keyJson.result.pem, 'base64').toString('utf8')
  const uid = '6b9e68b07dfee8cc2d116e4c51d6a957'
  const exp = Math.floor(Date.now() / 1000) + 3600
  // Cloudflare's header has no typ; give jsonwebtoken the same header so both sign the same bytes.
  const jwtOpts = { algorithm: 'RS256', noTimestamp: true, header: { alg: 'RS256', kid, typ: undefined } }
  const theirs = jwt.sign({ sub: uid, kid, exp }, streamPem, jwtOpts)
  const mine = key.sign(uid, { expires: exp })
  if (theirs.split('.')[2] !== mine.split('.')[2]) throw new Error('jwt signatures differ')
  const st = [
    measure('jsonwebtoken jwt.sign (PEM string, documented use)', () =>
      jwt.sign({ sub: uid, kid, exp }, streamPem, jwtOpts)),
    measure('jsonwebtoken jwt.sign (KeyObject parsed once)', (() => {
      const ko = crypto.createPrivateKey(streamPem)
      return () => jwt.sign({ sub: uid, kid, exp }, ko, jwtOpts)
    })()),
    measure('cdnsign stream SigningKey.sign (key parsed once)', () => key.sign(uid, { expires: exp })),
  ]
  if (typeof key.signAsync === 'function') {
    st.push(await measureAsync('cdnsign stream SigningKey.signAsync (libuv pool, 8 in flight)',
      () => key.signAsync(uid, { expires: exp }), 8))
  }
  table('Stream token (RS256 JWT), one process', st, 'jsonwebtoken jwt.sign (PEM string, documented use)')

  // --- webhook verify, 1 KiB body ---
  const secret = 'whsec-benchmark-secret'
  const body = Buffer.from(JSON.stringify({ uid, pad: 'x'.repeat(1000) }).slice(0, 1024))
  const t = Math.floor(Date.now() / 1000)
  const header = webhook.sign(secret, body, { time: t })
  const wv = new webhook.Verifier([secret])
  const nodeVerify = () => {
    const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')))
    const mac = crypto.createHmac('sha256', secret).update(`${parts.time}.`).update(body).digest()
    return crypto.timingSafeEqual(mac, Buffer.from(parts.sig1, 'hex'))
  }
  if (!nodeVerify()) throw new Error('node crypto verify failed')
  table('Stream webhook verify (1 KiB body), one process', [
    measure('node:crypto createHmac + timingSafeEqual (hand-written)', nodeVerify),
    measure('cdnsign webhook Verifier.verify', () => wv.verify(header, body, { now: t })),
  ], 'node:crypto createHmac + timingSafeEqual (hand-written)')

  if (mediacdn && mediacdn.TokenSigner) {
    const seed = crypto.randomBytes(32)
    const edPriv = crypto.createPrivateKey({
      key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
      format: 'der',
      type: 'pkcs8',
    })
    const msg = Buffer.alloc(200, 0x61)
    const ms = new mediacdn.TokenSigner({ privateKey: seed.toString('base64') })
    table('Ed25519 (Media CDN): a bare signature vs a whole token, one process', [
      measure('node:crypto sign(null, 200 B, ed25519 KeyObject)', () => crypto.sign(null, msg, edPriv)),
      measure('cdnsign mediacdn TokenSigner.sign (URLPrefix token, whole job)', () =>
        ms.sign({ urlPrefix: 'https://media.example.com/videos/', expires: 1893456000 })),
    ], 'node:crypto sign(null, 200 B, ed25519 KeyObject)')
  }

  console.log(`\nnode ${process.version}, ${os.cpus().length} × ${os.cpus()[0].model}, ` +
    `median of ${ROUNDS} × ${SECONDS} s rounds, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE || 4}`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
