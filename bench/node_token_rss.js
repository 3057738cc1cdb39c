'use strict'
// RSS growth of a synchronous loop signing Media CDN tokens (issue 15): a
// result that holds native memory until a finalizer runs (napi defers
// finalizers to a later turn of the event loop) grows the process while the
// loop runs, however many tokens the caller has already dropped.
//   node bench/node_token_rss.js [--tokens 100000] [--pkg bindings-node]
const path = require('node:path')

function arg(name, fallback) {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : fallback
}
const ROOT = path.resolve(__dirname, '..')
const PKG = path.resolve(ROOT, arg('--pkg', 'bindings-node'))
const TOKENS = Number(arg('--tokens', 100000))
const { mediacdn } = require(PKG)

const seed = require('node:fs')
  .readFileSync(path.join(ROOT, 'tests', 'vectors', 'keys', 'mediacdn-ed25519.seed.b64url-nopad'), 'utf8')
  .trim()
const signer = new mediacdn.TokenSigner({ privateKey: seed })
const claims = { urlPrefix: 'https://media.example.com/videos/', expires: 1893456000 }
// Warm up (JIT, allocator), then let the warm-up's garbage go.
for (let i = 0; i < 1000; i++) signer.sign(claims)

setImmediate(() => {
  if (global.gc) global.gc()
  const before = process.memoryUsage().rss
  let last
  for (let i = 0; i < TOKENS; i++) last = signer.sign(claims).token
  const after = process.memoryUsage().rss
  const mb = (n) => (n / 1048576).toFixed(1)
  console.log(
    `${TOKENS} tokens in one synchronous loop: RSS ${mb(before)} MB -> ${mb(after)} MB ` +
      `(+${mb(after - before)} MB, ${Math.round((after - before) / TOKENS)} B/token); last ${last.length} chars`,
  )
})
