'use strict'
// End to end through `cdnsign edge`: the Express backend issues the
// credential, the edge enforces the CDN's rules in front of a media folder,
// and the test client plays by the rules a browser and player follow
// (cookies by Domain, Path and Secure; the manifest, then its segments).
// Needs the `cdnsign` CLI (CDNSIGN_CLI, default target/debug/cdnsign).
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { webhook } = require('cdnsign')
const edge = require('cdnsign/edge')
const { start, request, API_KEY, WEBHOOK_SECRET, VECTORS } = require('./helpers')

const REPO = path.resolve(VECTORS, '..', '..')
const CLI = process.env.CDNSIGN_CLI || path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'cdnsign')
const KEYS = path.join(VECTORS, 'keys')
const UID = '6b9e68b07dfee8cc2d116e4c51d6a957'
const CDN = 'https://cdn.example.com'
const MEDIA = 'https://media.example.com'
const auth = { 'x-api-key': API_KEY }

function makeMedia() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdnsign-express-edge-'))
  let playlist = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n'
  for (let i = 0; i < 3; i++) playlist += `#EXTINF:2.0,\nseg${i}.ts\n`
  playlist += '#EXT-X-ENDLIST\n'
  for (const folder of ['premium/show1', 'videos/show1', `${UID}/manifest`]) {
    const d = path.join(root, folder)
    fs.mkdirSync(d, { recursive: true })
    fs.writeFileSync(path.join(d, 'video.m3u8'), playlist)
    for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(d, `seg${i}.ts`), Buffer.alloc(188 * (i + 1), 0x47))
  }
  const config = path.join(root, 'edge.toml')
  fs.writeFileSync(config, `
root = "${root}"

[[route]]
prefix = "/premium/"
provider = "cloudfront"
root = "${root}/premium"
public_url = "${CDN}"
keys = [{ id = "K2JCJMDEHXQW5F", public_key_file = "${KEYS}/cloudfront-rsa2048.pub.pem" }]

[[route]]
prefix = "/videos/"
provider = "mediacdn"
root = "${root}/videos"
public_url = "${MEDIA}"
keys = [{ id = "key-1", public_key_file = "${KEYS}/mediacdn-ed25519.pub.b64url" }]
add_signatures = { actions = ["GENERATE_COOKIE"], token_ttl = 3600 }

[[route]]
prefix = "/"
provider = "stream"
keys = [{ public_key_file = "${KEYS}/stream-key.json" }]
`)
  return { root, config }
}

/** A browser's cookie rules and a player's order of requests, against the edge standing in for the CDN host. */
class Viewer {
  constructor(edgeUrl) {
    this.edge = edgeUrl
    this.jar = []
  }

  keep(setCookies, fromHost) {
    for (const header of setCookies) {
      const [pair, ...attrs] = header.split(';').map((s) => s.trim())
      const eq = pair.indexOf('=')
      const c = { name: pair.slice(0, eq), value: pair.slice(eq + 1), domain: fromHost, hostOnly: true, path: '/', secure: false }
      for (const a of attrs) {
        const [k, v = ''] = a.split('=')
        const key = k.toLowerCase()
        if (key === 'domain') Object.assign(c, { domain: v.replace(/^\./, ''), hostOnly: false })
        else if (key === 'path') c.path = v
        else if (key === 'secure') c.secure = true
      }
      this.jar = this.jar.filter((x) => !(x.name === c.name && x.domain === c.domain && x.path === c.path))
      this.jar.push(c)
    }
  }

  cookiesFor(url) {
    const u = new URL(url)
    return this.jar
      .filter((c) => (u.hostname === c.domain || (!c.hostOnly && u.hostname.endsWith(`.${c.domain}`))) &&
        u.pathname.startsWith(c.path) && (!c.secure || u.protocol === 'https:'))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ')
  }

  async get(url, headers = {}) {
    const u = new URL(url)
    const cookie = this.cookiesFor(url)
    const r = await fetch(this.edge + u.pathname + u.search, { headers: { ...headers, ...(cookie ? { cookie } : {}) } })
    this.keep(r.headers.getSetCookie(), u.hostname)
    return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) }
  }

  /** The manifest, then every segment it names: { status, code, played }. */
  async play(manifestUrl, headers = {}) {
    let r = await this.get(manifestUrl, headers)
    if (r.status !== 200) return { status: r.status, code: r.headers.get('x-cdnsign-code'), played: 0 }
    assert.equal(r.headers.get('content-type'), 'application/vnd.apple.mpegurl')
    const base = manifestUrl.split('?')[0].replace(/[^/]*$/, '')
    let played = 0
    for (const line of r.body.toString('utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue
      r = await this.get(base + line, headers)
      if (r.status !== 200) return { status: r.status, code: r.headers.get('x-cdnsign-code'), played }
      assert.equal(r.headers.get('content-type'), 'video/mp2t')
      played++
    }
    return { status: 200, code: null, played }
  }
}

test('the backend issues, the edge enforces, the viewer plays by the rules', async (t) => {
  const media = makeMedia()
  const cdn = await edge.start({ config: media.config, cli: CLI })
  const srv = await start()
  t.after(async () => {
    await cdn.close()
    await srv.close()
    fs.rmSync(media.root, { recursive: true, force: true })
  })

  await t.test('CloudFront signed cookies from the signing API', async () => {
    const r = await fetch(`${srv.base}/api/generate-signed-resource`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ request_type: 'cookie', resource_url: `${CDN}/premium/show1/*` }),
    })
    assert.equal(r.status, 200)
    const viewer = new Viewer(cdn.url)
    viewer.keep(r.headers.getSetCookie(), 'api.example.com')
    assert.deepEqual(await viewer.play(`${CDN}/premium/show1/video.m3u8`), { status: 200, code: null, played: 3 })
    // The cookies' Domain=.example.com does not cover another host.
    const elsewhere = await viewer.play('https://cdn.example.org/premium/show1/video.m3u8')
    assert.deepEqual([elsewhere.status, elsewhere.code], [403, 'missing_credential'])
  })

  await t.test('a Stream token URL, allowed in KR only', async () => {
    const body = JSON.stringify({ uid: UID, readyToStream: true, status: { state: 'ready' } })
    const d = await request(srv.base, 'POST', '/webhook/stream', {
      headers: { 'content-type': 'application/json', 'webhook-signature': webhook.sign(WEBHOOK_SECRET, body, { time: Math.floor(Date.now() / 1000) }) },
      body,
    })
    assert.equal(d.status, 200, d.text)
    const tok = await request(srv.base, 'GET', `/api/video-token/${UID}?country=KR`, { headers: auth })
    assert.equal(tok.status, 200, tok.text)
    const viewer = new Viewer(cdn.url)
    assert.deepEqual(await viewer.play(tok.json.hls, { 'CF-IPCountry': 'KR' }), { status: 200, code: null, played: 3 })
    const us = await viewer.play(tok.json.hls, { 'CF-IPCountry': 'US' })
    assert.deepEqual([us.status, us.code], [403, 'access_denied'])
  })

  await t.test('the Media CDN dual-token flow', async () => {
    const tok = await request(srv.base, 'GET', '/api/media-cdn-token?path=/videos/show1/&manifest=video.m3u8', { headers: auth })
    assert.equal(tok.status, 200, tok.text)
    const viewer = new Viewer(cdn.url)
    assert.deepEqual(await viewer.play(tok.json.url), { status: 200, code: null, played: 3 })
    assert.ok(viewer.jar.some((c) => c.name === 'Edge-Cache-Cookie'))
    // log lines arrive just after their responses
    for (let i = 0; i < 250 && cdn.entries().filter((e) => e.provider === 'mediacdn').length < 4; i++) {
      await new Promise((res) => setTimeout(res, 20))
    }
    const forms = cdn.entries().filter((e) => e.provider === 'mediacdn').map((e) => e.form)
    assert.deepEqual(forms, ['short-duration token', ...Array(3).fill('long-duration token_cookie')])
    const bare = await new Viewer(cdn.url).get(`${MEDIA}/videos/show1/seg0.ts`)
    assert.deepEqual([bare.status, bare.headers.get('x-cdnsign-code')], [403, 'missing_credential'])
  })
})
