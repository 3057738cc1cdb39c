'use strict'
const fs = require('node:fs')
const path = require('node:path')
const { createApp } = require('../src/app')
const { VideoStore } = require('../src/store')

const VECTORS = path.resolve(__dirname, '..', '..', '..', 'tests', 'vectors')
const keyFile = (rel) => fs.readFileSync(path.join(VECTORS, rel), 'utf8')

const API_KEY = 'test-api-key-0123456789'
const WEBHOOK_SECRET = 'whsec-example-secret'
const CUSTOMER_CODE = 'f33zs165nr7gyfy4'

/** The config the tests run with (fixed test keys from tests/vectors/keys). */
function testConfig(overrides = {}) {
  const config = {
    store: new VideoStore(':memory:'),
    apiKeys: [API_KEY],
    log: false,
    cloudfront: {
      keyPairId: 'K2JCJMDEHXQW5F',
      privateKey: keyFile('keys/cloudfront-rsa2048.pem'),
      cookieDomain: 'example.com',
      sameSite: 'Lax',
    },
    stream: {
      signingKey: JSON.parse(keyFile('keys/stream-key.json')),
      customerCode: CUSTOMER_CODE,
      webhookSecrets: ['whsec-old-secret', WEBHOOK_SECRET],
    },
    mediacdn: {
      keyName: 'key-1',
      privateKey: keyFile('keys/mediacdn-ed25519.seed.b64url-nopad'),
      urlPrefix: 'https://media.example.com/videos/',
    },
    ...overrides,
  }
  return config
}

/** Starts the app on 127.0.0.1:<ephemeral>; returns { base, config, close }. */
async function start(overrides) {
  const config = testConfig(overrides)
  const app = createApp(config)
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  return {
    base: `http://127.0.0.1:${server.address().port}`,
    config,
    close: () => new Promise((resolve) => server.close(() => { config.store.close(); resolve() })),
  }
}

async function request(base, method, url, { headers = {}, body, json } = {}) {
  const init = { method, headers: { ...headers } }
  if (json !== undefined) {
    init.headers['content-type'] = 'application/json'
    init.body = JSON.stringify(json)
  } else if (body !== undefined) {
    init.body = body
  }
  const r = await fetch(base + url, init)
  const text = await r.text()
  let parsed
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: r.status, headers: r.headers, json: parsed, text }
}

module.exports = { start, request, keyFile, API_KEY, WEBHOOK_SECRET, CUSTOMER_CODE, VECTORS }
