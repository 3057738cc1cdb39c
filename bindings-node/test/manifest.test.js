'use strict'
// Signed HLS and DASH manifests: signManifest on the three signers,
// checkManifest on the three verifiers. A string in gives a string out, a
// Buffer a Buffer; every fixture of tests/manifests/ signed and checked; a
// tampered reference fails the check.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { cloudfront, mediacdn, cloudcdn } = require('..')
const { REPO, vectorFile, throwsCode } = require('./helpers')

const NOW = 1767290400
const EXP = NOW + 3600
const HOST = 'https://media.example.com'
const MANIFESTS = path.join(REPO, 'tests', 'manifests')
const FIXTURES = ['ffmpeg', 'hand'].flatMap((dir) =>
  fs.readdirSync(path.join(MANIFESTS, dir))
    .filter((n) => /\.(m3u8|mpd)$/.test(n) && !n.startsWith('refuse-'))
    .map((n) => ({ dir, name: n, file: path.join(MANIFESTS, dir, n) })))

// Where a fixture is served and the prefix it needs (as core/tests/manifest.rs
// places them): the low-latency one reports a rendition in a sibling folder.
function placed(f) {
  if (f.name === 'hls-ll-parts.m3u8') {
    return { url: `${HOST}/v/${f.dir}/ll/${f.name}?_HLS_msn=267`, prefix: `${HOST}/v/${f.dir}/` }
  }
  return { url: `${HOST}/v/${f.dir}/${f.name}` }
}

const cfSigner = new cloudfront.Signer({ keyPairId: 'K2JCJMDEHXQW5F', privateKey: vectorFile('keys/cloudfront-rsa2048.pem') })
const cfVerifier = new cloudfront.Verifier({ K2JCJMDEHXQW5F: vectorFile('keys/cloudfront-rsa2048.pub.pem') })
const mdSigner = new mediacdn.TokenSigner({ privateKey: vectorFile('keys/mediacdn-ed25519.pkcs8.pem') })
const mdVerifier = new mediacdn.Verifier({ publicKeys: { k: vectorFile('keys/mediacdn-ed25519.pub.b64url').trim() } })
const ccKey = vectorFile('keys/cloudcdn-key.b64url').trim()
const ccSigner = new cloudcdn.Signer({ keyName: 'k', key: ccKey })
const ccVerifier = new cloudcdn.Verifier({ k: ccKey })

const PROVIDERS = [
  ['cloudfront', cfSigner, cfVerifier, {}],
  ['mediacdn', mdSigner, mdVerifier, {}],
  ['mediacdn pathGlobs', mdSigner, mdVerifier, { pathGlobs: true }],
  ['cloudcdn', ccSigner, ccVerifier, {}],
]

function tamper(text) {
  const at = text.indexOf('Signature=') + 'Signature='.length
  return text.slice(0, at) + (text[at] === 'a' ? 'b' : 'a') + text.slice(at + 1)
}

for (const [name, signer, verifier, extra] of PROVIDERS) {
  test(`${name}: every fixture signs, checks, and fails the check once tampered`, () => {
    for (const f of FIXTURES) {
      const { url, prefix } = placed(f)
      const raw = fs.readFileSync(f.file)
      const signed = signer.signManifest(raw, { url, expires: EXP, ...(prefix ? { prefix } : {}), ...extra })
      assert.ok(Buffer.isBuffer(signed.manifest), f.name)
      assert.equal(signed.coverage, prefix || `${HOST}/v/${f.dir}/`)
      assert.ok(signed.references.length > 0, f.name)
      for (const r of signed.references) assert.notEqual(r.rewritten, r.original)
      const report = verifier.checkManifest(signed.manifest, { url, now: NOW })
      assert.ok(report.ok, `${f.name}: ${report.text}`)
      assert.equal(report.failed, 0)
      assert.equal(report.checked, report.lines.length)
      const bad = verifier.checkManifest(tamper(signed.manifest.toString()), { url, now: NOW })
      assert.equal(bad.ok, false, f.name)
      const failing = bad.lines.filter((l) => !l.ok)
      assert.ok(failing.length >= 1 && failing[0].code && failing[0].explain, bad.text)
      const expired = verifier.checkManifest(signed.manifest, { url, now: new Date((EXP + 10) * 1000) })
      assert.ok(expired.lines.every((l) => l.code === 'expired'), expired.text)
    }
  })

  test(`${name}: a string in gives a string out`, () => {
    const f = FIXTURES.find((x) => x.name === 'hls-vod.m3u8')
    const { url } = placed(f)
    const text = fs.readFileSync(f.file, 'utf8')
    const s = signer.signManifest(text, { url, expires: EXP, absolute: true, ...extra })
    assert.equal(typeof s.manifest, 'string')
    assert.ok(s.references.every((r) => r.rewritten.startsWith(`${HOST}/v/ffmpeg/`)))
    const b = signer.signManifest(Buffer.from(text), { url, expires: EXP, absolute: true, ...extra })
    assert.equal(b.manifest.toString(), s.manifest)
    assert.ok(verifier.checkManifest(s.manifest, { url, now: NOW }).ok)
  })

  test(`${name}: refusals`, () => {
    const other = fs.readFileSync(path.join(MANIFESTS, 'hand', 'refuse-other-host.m3u8'), 'utf8')
    const url = `${HOST}/v/hand/refuse-other-host.m3u8`
    throwsCode(() => signer.signManifest(other, { url, expires: EXP, ...extra }), 'CDNSIGN_INVALID_INPUT', /line/)
    throwsCode(() => signer.signManifest('not a playlist', { url, expires: EXP, ...extra }), 'CDNSIGN_INVALID_INPUT')
    throwsCode(() => signer.signManifest(42, { url, expires: EXP, ...extra }), 'CDNSIGN_INVALID_INPUT')
    throwsCode(() => signer.signManifest('#EXTM3U\n', { url, expires: EXP, prefx: 'x' }), 'CDNSIGN_INVALID_INPUT', /prefix/)
    throwsCode(() => signer.signManifest('#EXTM3U\n', { expires: EXP }), 'CDNSIGN_INVALID_INPUT', /url/)
    throwsCode(() => verifier.checkManifest('#EXTM3U\n', {}), 'CDNSIGN_INVALID_INPUT', /url/)
  })
}
