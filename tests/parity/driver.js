'use strict'
// The Node surface of the parity test (tests/parity/run.py).
//   node driver.js --names      every export path (`ns.fn`, `ns.Class.prototype.method`)
//   node driver.js <root> < doc  the outcome of each case, as JSON
const fs = require('node:fs')
const path = require('node:path')

const cdnsign = require(path.join(__dirname, '..', '..', 'bindings-node'))
const NAMESPACES = ['cloudfront', 'stream', 'webhook', 'mediacdn', 'cloudcdn']

function names() {
  const out = []
  for (const ns of NAMESPACES) {
    for (const [name, value] of Object.entries(cdnsign[ns])) {
      if (typeof value !== 'function') continue
      out.push(`${ns}.${name}`)
      for (const m of Object.getOwnPropertyNames(value.prototype || {})) {
        if (m !== 'constructor') out.push(`${ns}.${name}.prototype.${m}`)
      }
    }
  }
  return out
}

function drivers(root, f) {
  const key = (name) => fs.readFileSync(path.join(root, 'tests', 'vectors', 'keys', name), 'utf8')
  const { cloudfront, stream, webhook, mediacdn, cloudcdn } = cdnsign
  const cfSigner = new cloudfront.Signer({
    keyPairId: f.cloudfront.key_pair_id,
    privateKey: key(f.cloudfront.private_key),
  })
  const cfVerifier = new cloudfront.Verifier({ [f.cloudfront.key_pair_id]: key(f.cloudfront.public_key) })
  const streamKey = stream.SigningKey.fromPem(f.stream.kid, key(f.stream.private_key))
  const streamVerifier = new stream.Verifier({ [f.stream.kid]: key(f.stream.public_key) })
  const whVerifier = new webhook.Verifier(f.webhook.secret)
  const mdSigner = new mediacdn.Signer({ keyName: f.mediacdn.key_name, privateKey: key(f.mediacdn.private_key) })
  const mdTokenSigner = new mediacdn.TokenSigner({ privateKey: key(f.mediacdn.private_key) })
  const mdVerifier = new mediacdn.Verifier({
    publicKeys: { [f.mediacdn.key_name]: key(f.mediacdn.public_key).trim() },
  })
  const ccKey = key(f.cloudcdn.key).trim()
  const ccSigner = new cloudcdn.Signer({ keyName: f.cloudcdn.key_name, key: ccKey })
  const ccVerifier = new cloudcdn.Verifier({ [f.cloudcdn.key_name]: ccKey })
  return {
    'cloudfront.Signer.sign_url': (a) =>
      cfSigner.signUrl(a.url, defined({ expires: a.expires, starts: a.starts, ipRange: a.ip_range, resource: a.resource })),
    'cloudfront.Verifier.verify_url': (a) => cfVerifier.verifyUrl(a.url, defined({ now: a.now, clientIp: a.client_ip })),
    'stream.SigningKey.sign': (a) =>
      streamKey.sign(a.sub, defined({ expires: a.exp, now: a.now, notBefore: a.nbf, accessRules: a.access_rules })),
    'stream.Verifier.verify': (a) =>
      streamVerifier.verify(a.token, defined({ now: a.now, videoUid: a.video_uid, viewerCountry: a.country })),
    'webhook.sign': (a) => webhook.sign(f.webhook.secret, a.body, { time: a.time }),
    'webhook.Verifier.verify': (a) => whVerifier.verify(a.header, a.body, { now: a.now }),
    'webhook.Verifier.verify_event': (a) => whVerifier.verifyEvent(a.header, a.body, { now: a.now }),
    'mediacdn.Signer.sign_url': (a) => mdSigner.signUrl(a.url, { expires: a.expires }),
    'mediacdn.TokenSigner.sign': (a) =>
      mdTokenSigner.sign({ expires: a.expires, pathGlobs: a.path_globs, headers: a.headers }),
    'mediacdn.Verifier.verify': (a) => mdVerifier.verify(defined({ url: a.url, now: a.now, headers: a.headers })),
    'cloudcdn.Signer.sign_url': (a) => ccSigner.signUrl(a.url, { expires: a.expires }),
    'cloudcdn.Verifier.verify': (a) => ccVerifier.verify({ url: a.url, now: a.now }),
    'cloudfront.Signer.sign_manifest': (a) => cfSigner.signManifest(a.manifest, manifestOptions(a)),
    'mediacdn.TokenSigner.sign_manifest': (a) =>
      mdTokenSigner.signManifest(a.manifest, defined({ ...manifestOptions(a), pathGlobs: a.path_globs })),
    'cloudcdn.Signer.sign_manifest': (a) => ccSigner.signManifest(a.manifest, manifestOptions(a)),
    'cloudfront.Verifier.check_manifest': (a) => checked(cfVerifier.checkManifest(a.manifest, { url: a.url, now: a.now })),
    'mediacdn.Verifier.check_manifest': (a) => checked(mdVerifier.checkManifest(a.manifest, { url: a.url, now: a.now })),
    'cloudcdn.Verifier.check_manifest': (a) => checked(ccVerifier.checkManifest(a.manifest, { url: a.url, now: a.now })),
  }
}

const manifestOptions = (a) => defined({ url: a.url, expires: a.expires, prefix: a.prefix, absolute: a.absolute })
// `text` is Node's extra: the CLI's report
const checked = ({ text, ...record }) => record

// Options without the members a case leaves out (Node refuses `undefined`
// for a typed option, as it should).
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

function explain(op, a) {
  const e = cdnsign[op.split('.')[0]].explain(a.input, { now: a.now })
  if (e === null) return null
  const { text, ...record } = e // `text` is Node's extra: the CLI's report
  return record
}

// A plain copy: own enumerable data, as JSON would carry it.
const plain = (v) => (v === undefined ? null : JSON.parse(JSON.stringify(v)))

function main() {
  if (process.argv[2] === '--names') {
    process.stdout.write(JSON.stringify(names()))
    return
  }
  const doc = JSON.parse(fs.readFileSync(0, 'utf8'))
  const run = drivers(process.argv[2], doc.fixtures)
  const out = doc.cases.map((c) => {
    try {
      const r = c.op.endsWith('.explain') ? explain(c.op, c.args) : run[c.op](c.args)
      return { id: c.id, result: plain(r) }
    } catch (e) {
      if (typeof e.code !== 'string' || !e.code.startsWith('CDNSIGN_')) throw e
      return {
        id: c.id,
        error: { code: e.code.slice('CDNSIGN_'.length).toLowerCase(), field: e.field ?? null, message: e.message },
      }
    }
  })
  process.stdout.write(JSON.stringify(out))
}

main()
