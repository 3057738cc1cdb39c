'use strict'
// results.js (issue 15): the hot calls' JavaScript half keeps per-instance
// handles into per-thread tables in the addon. Each worker thread loads its
// own copy of both; the same inputs give the same results on every thread.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { Worker } = require('node:worker_threads')
const { vectorFile } = require('./helpers')

const SEED = vectorFile('keys/mediacdn-ed25519.seed.b64url-nopad').trim()

// Runs on the main thread and in workers: signs and verifies with fresh instances.
const WORK = `
const { mediacdn, webhook } = require(${JSON.stringify(path.join(__dirname, '..'))})
module.exports = (seed) => {
  const signers = [new mediacdn.TokenSigner({ privateKey: seed }), new mediacdn.TokenSigner({ privateKey: seed, param: 'tok' })]
  const verifiers = [new webhook.Verifier('one'), new webhook.Verifier(['old', 'two'])]
  const out = []
  for (let i = 0; i < 200; i++) {
    const t = signers[i % 2].sign({ urlPrefix: 'https://a.example/v/', expires: 1893456000 + i })
    const header = webhook.sign(i % 2 ? 'two' : 'one', 'body ' + i, { time: 1767290400 })
    const v = verifiers[i % 2].verify(header, 'body ' + i, { now: 1767290400 + i })
    out.push([t.query, v.age, v.secretIndex])
  }
  return out
}
`

test('tokens and webhook checks are the same on worker threads as on the main thread', async () => {
  const work = new Function('module', 'require', `${WORK}; return module.exports`)({}, require)
  const here = work(SEED)
  assert.equal(here[1][0].startsWith('tok='), true)
  assert.deepEqual(here[3].slice(1), [3, 1])
  const runs = await Promise.all([0, 1].map(() => new Promise((resolve, reject) => {
    const w = new Worker(`const { parentPort, workerData } = require('node:worker_threads')
      const work = new Function('module', 'require', workerData.src + '; return module.exports')({}, require)
      parentPort.postMessage(work(workerData.seed))`, { eval: true, workerData: { src: WORK, seed: SEED } })
    w.once('message', resolve)
    w.once('error', reject)
  })))
  for (const r of runs) assert.deepEqual(r, here)
})
