'use strict'
// `npm pack` the package as it would be published, install the tarball into an
// empty directory, and use it from there: the files list, the exports map and
// the addon loading all have to work without this repository.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { PKG_DIR } = require('./helpers')

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

test('npm pack tarball installs into an empty directory and works', { timeout: 300_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdnsign-pack-'))
  try {
    const packOut = execFileSync(npm, ['pack', '--json', '--pack-destination', work], {
      cwd: PKG_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const [info] = JSON.parse(packOut)
    const files = info.files.map((f) => f.path).sort()
    for (const f of ['index.js', 'index.d.ts', 'package.json', 'express.js', 'express.d.ts',
      'compat/aws-cloudfront-signer.js', 'compat/aws-cloudfront-signer.d.ts']) {
      assert.ok(files.includes(f), `tarball lacks ${f}: ${files.join(', ')}`)
    }
    assert.ok(files.some((f) => f.endsWith('.node')), 'tarball carries the addon')
    for (const f of files) {
      assert.ok(!f.startsWith('src/') && !f.startsWith('test/') && !f.startsWith('node_modules/'), `unexpected ${f}`)
    }

    const app = path.join(work, 'app')
    fs.mkdirSync(app)
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--offline', path.join(work, info.filename)], {
      cwd: app,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    fs.writeFileSync(path.join(app, 'main.js'), PROGRAM)
    const out = execFileSync(process.execPath, ['main.js'], { cwd: app, encoding: 'utf8' })
    const result = JSON.parse(out)
    assert.equal(result.resolved.startsWith(path.join(app, 'node_modules', 'cdnsign')), true, result.resolved)
    assert.equal(result.version, info.version)
    assert.deepEqual(result.namespaces, ['cloudcdn', 'cloudfront', 'mediacdn', 'stream', 'webhook'])
    assert.equal(result.msCode, 'CDNSIGN_INVALID_INPUT')
    assert.equal(result.subpaths, true)
    assert.deepEqual(result.exercised.sort(), result.namespaces)
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
})

// Runs inside the temp app, with only the installed package: one round trip
// per namespace that is present, plus the subpath exports.
const PROGRAM = String.raw`
const crypto = require('node:crypto')
const cdnsign = require('cdnsign')
const out = { resolved: require.resolve('cdnsign'), version: cdnsign.version(), exercised: [] }
out.namespaces = ['cloudfront', 'stream', 'webhook', 'mediacdn', 'cloudcdn'].filter((n) => cdnsign[n]).sort()
try { cdnsign.toUnixSeconds(Date.now()) } catch (e) { out.msCode = e.code }
const compat = require('cdnsign/compat/aws-cloudfront-signer')
const express = require('cdnsign/express')
out.subpaths = typeof compat.getSignedUrl === 'function' && typeof express.streamWebhook === 'function'
const now = Math.floor(Date.now() / 1000)
const { webhook, cloudfront, stream } = cdnsign
if (webhook) {
  const header = webhook.sign('secret', Buffer.from('{"uid":"x"}'), { time: now })
  new webhook.Verifier(['secret']).verify(header, '{"uid":"x"}')
  out.exercised.push('webhook')
}
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })
if (cloudfront) {
  const url = compat.getSignedUrl({ url: 'https://d111111abcdef8.cloudfront.net/a.mp4', keyPairId: 'KPACK', privateKey: pem, dateLessThan: new Date((now + 60) * 1000) })
  new cloudfront.Verifier({ KPACK: rsa.publicKey.export({ type: 'spki', format: 'pem' }) }).verifyUrl(url)
  out.exercised.push('cloudfront')
}
if (stream) {
  const key = stream.SigningKey.fromPem('0123456789abcdef0123456789abcdef', pem)
  const token = key.sign('6b9e68b07dfee8cc2d116e4c51d6a957', { expires: now + 60 })
  new stream.Verifier([key]).verify(token, { videoUid: '6b9e68b07dfee8cc2d116e4c51d6a957' })
  out.exercised.push('stream')
}
const { mediacdn, cloudcdn } = cdnsign
if (mediacdn) {
  const g = mediacdn.generateKey()
  const t = new mediacdn.TokenSigner({ privateKey: g.seed }).signShortLived({ urlPrefix: 'https://media.example.com/v/' })
  new mediacdn.Verifier({ publicKeys: { k: g.keysetValue } }).verify({ url: 'https://media.example.com/v/m.m3u8?' + t.query })
  out.exercised.push('mediacdn')
}
if (cloudcdn) {
  const key = cloudcdn.generateKey()
  const u = new cloudcdn.Signer({ keyName: 'k', key }).signUrl('https://cdn.example.com/a.mp4', { expires: now + 60 })
  new cloudcdn.Verifier({ k: key }).verify({ url: u.url })
  out.exercised.push('cloudcdn')
}
process.stdout.write(JSON.stringify(out))
`
