'use strict'
// cdnsign/edge: start `cdnsign edge` from a Node test suite. Needs the CLI
// (CDNSIGN_CLI, default target/debug/cdnsign: `cargo build -p cdnsign-cli`).
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { REPO, VECTORS } = require('./helpers')
const { start, findCli } = require('../edge.js')
const { cloudcdn } = require('..')

const CLI = process.env.CDNSIGN_CLI || path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'cdnsign')
const KEY = path.join(VECTORS, 'keys', 'cloudcdn-key.b64url')

test('start() serves behind Cloud CDN rules, refuses with the code, logs both; close() stops it', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdnsign-edge-node-'))
  fs.mkdirSync(path.join(root, 'v'))
  fs.writeFileSync(path.join(root, 'v', 'seg0.ts'), Buffer.alloc(188, 0x47))
  const edge = await start({ provider: 'cloudcdn', prefix: '/gc/', root, keys: { k1: KEY }, cli: CLI })
  try {
    assert.match(edge.url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const signer = new cloudcdn.Signer({ keyName: 'k1', key: fs.readFileSync(KEY, 'utf8') })
    const now = Math.floor(Date.now() / 1000)
    const good = signer.signCookie(`${edge.url}/gc/v/`, { expires: now + 60 }).cookiePair
    let r = await fetch(`${edge.url}/gc/v/seg0.ts`, { headers: { cookie: good } })
    assert.equal(r.status, 200)
    assert.equal(r.headers.get('content-type'), 'video/mp2t')
    assert.equal((await r.arrayBuffer()).byteLength, 188)
    r = await fetch(`${edge.url}/gc/v/seg0.ts`, { headers: { cookie: good, range: 'bytes=0-9' } })
    assert.equal(r.status, 206)
    const old = signer.signCookie(`${edge.url}/gc/v/`, { expires: now - 1 }).cookiePair
    r = await fetch(`${edge.url}/gc/v/seg0.ts`, { headers: { cookie: old } })
    assert.equal(r.status, 403)
    assert.equal(r.headers.get('x-cdnsign-code'), 'expired')
    assert.match(await r.text(), /expired/)
    const log = await edge.waitForEntries(3)
    assert.deepEqual(log.map((e) => [e.decision, e.code]), [['allow', null], ['allow', null], ['deny', 'expired']])
  } finally {
    await edge.close()
    fs.rmSync(root, { recursive: true, force: true })
  }
  assert.notEqual(edge.process.exitCode ?? edge.process.signalCode, null)
})

test('start() rejects with the edge error; findCli() names what is missing', async () => {
  await assert.rejects(start({ provider: 'cloudfront', root: os.tmpdir(), cli: CLI }), /needs keys/)
  assert.throws(() => findCli('/nonexistent/cdnsign'), /not an executable/)
})
