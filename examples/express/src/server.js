'use strict'
// Starts the example from environment variables:
//   PORT (3000), HOST (127.0.0.1), DB_FILE (videos.sqlite3), API_KEYS (comma-separated)
//   CLOUDFRONT_KEY_PAIR_ID, CLOUDFRONT_PRIVATE_KEY_FILE, COOKIE_DOMAIN, COOKIE_SAMESITE
//   STREAM_KEY_FILE (the POST /stream/keys response JSON), STREAM_CUSTOMER_CODE,
//   STREAM_WEBHOOK_SECRETS (comma-separated)
//   MEDIA_CDN_KEY_NAME, MEDIA_CDN_PRIVATE_KEY_FILE, MEDIA_CDN_URL_PREFIX
// A section whose variables are unset is left out (its routes answer 503).
const fs = require('node:fs')
const { createApp } = require('./app')
const { VideoStore } = require('./store')

const env = process.env
const read = (name) => fs.readFileSync(env[name], 'utf8')
const list = (v) => (v || '').split(',').map((s) => s.trim()).filter(Boolean)

const config = {
  store: new VideoStore(env.DB_FILE || 'videos.sqlite3'),
  apiKeys: list(env.API_KEYS),
}
if (env.CLOUDFRONT_KEY_PAIR_ID) {
  config.cloudfront = {
    keyPairId: env.CLOUDFRONT_KEY_PAIR_ID,
    privateKey: read('CLOUDFRONT_PRIVATE_KEY_FILE'),
    cookieDomain: env.COOKIE_DOMAIN,
    sameSite: env.COOKIE_SAMESITE,
  }
}
if (env.STREAM_KEY_FILE) {
  config.stream = {
    signingKey: JSON.parse(read('STREAM_KEY_FILE')),
    customerCode: env.STREAM_CUSTOMER_CODE,
    webhookSecrets: list(env.STREAM_WEBHOOK_SECRETS),
  }
}
if (env.MEDIA_CDN_KEY_NAME) {
  config.mediacdn = {
    keyName: env.MEDIA_CDN_KEY_NAME,
    privateKey: read('MEDIA_CDN_PRIVATE_KEY_FILE'),
    urlPrefix: env.MEDIA_CDN_URL_PREFIX,
  }
}
if (config.apiKeys.length === 0) {
  console.error('API_KEYS is empty: every API route would answer 401')
  process.exit(1)
}
const port = Number(env.PORT || 3000)
const host = env.HOST || '127.0.0.1'
createApp(config).listen(port, host, () => console.log(`listening on http://${host}:${port}`))
