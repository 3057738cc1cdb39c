'use strict'
// Copied into an empty project where cdnsign was installed from its tarballs
// and run there (packaging/node/test.sh, bindings-node/test/pack.test.js):
//
//   node smoke.js <expected-version>
//
// Signs and verifies one credential of every provider, uses both subpath
// exports and the ESM named imports, checks the version, and prints a JSON
// summary. Exits non-zero on the first failure.
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const expected = process.argv[2]
assert.ok(expected, 'usage: node smoke.js <expected-version>')

const cdnsign = require('cdnsign')
const out = {
  resolved: require.resolve('cdnsign'),
  version: cdnsign.version(),
  addon: Object.keys(require.cache).find((f) => f.endsWith('.node')),
  exercised: [],
}
assert.equal(out.version, expected, 'require("cdnsign").version()')
assert.equal(require('cdnsign/package.json').version, expected, 'cdnsign/package.json version')
assert.ok(out.resolved.startsWith(path.join(process.cwd(), 'node_modules', 'cdnsign') + path.sep), out.resolved)

try {
  cdnsign.toUnixSeconds(Date.now())
  assert.fail('toUnixSeconds(milliseconds) did not throw')
} catch (e) {
  assert.equal(e.code, 'CDNSIGN_INVALID_INPUT')
}

const compat = require('cdnsign/compat/aws-cloudfront-signer')
const express = require('cdnsign/express')
assert.equal(typeof compat.getSignedUrl, 'function')
assert.equal(typeof express.streamWebhook, 'function')

const now = Math.floor(Date.now() / 1000)
const { webhook, cloudfront, stream, mediacdn, cloudcdn } = cdnsign

const header = webhook.sign('secret', Buffer.from('{"uid":"x"}'), { time: now })
new webhook.Verifier(['secret']).verify(header, '{"uid":"x"}')
out.exercised.push('webhook')

const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })
const url = compat.getSignedUrl({
  url: 'https://d111111abcdef8.cloudfront.net/a.mp4',
  keyPairId: 'KPACK',
  privateKey: pem,
  dateLessThan: new Date((now + 60) * 1000),
})
new cloudfront.Verifier({ KPACK: rsa.publicKey.export({ type: 'spki', format: 'pem' }) }).verifyUrl(url)
out.exercised.push('cloudfront')

const key = stream.SigningKey.fromPem('0123456789abcdef0123456789abcdef', pem)
const token = key.sign('6b9e68b07dfee8cc2d116e4c51d6a957', { expires: now + 60 })
new stream.Verifier([key]).verify(token, { videoUid: '6b9e68b07dfee8cc2d116e4c51d6a957' })
out.exercised.push('stream')

const g = mediacdn.generateKey()
const t = new mediacdn.TokenSigner({ privateKey: g.seed }).signShortLived({ urlPrefix: 'https://media.example.com/v/' })
new mediacdn.Verifier({ publicKeys: { k: g.keysetValue } }).verify({ url: 'https://media.example.com/v/m.m3u8?' + t.query })
out.exercised.push('mediacdn')

const ck = cloudcdn.generateKey()
const u = new cloudcdn.Signer({ keyName: 'k', key: ck }).signUrl('https://cdn.example.com/a.mp4', { expires: now + 60 })
new cloudcdn.Verifier({ k: ck }).verify({ url: u.url })
out.exercised.push('cloudcdn')

// ESM named imports work only when Node's lexer finds the names in index.js.
out.esm = execFileSync(
  process.execPath,
  ['--input-type=module', '-e', "import { version, cloudcdn } from 'cdnsign'; console.log(version(), typeof cloudcdn)"],
  { encoding: 'utf8' },
).trim()
assert.equal(out.esm, `${expected} object`)

process.stdout.write(JSON.stringify(out) + '\n')
