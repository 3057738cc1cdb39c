'use strict'
// FLOWS §2: webhooks can be missed, so a periodic job re-checks videos stuck
// in PROCESSING for over 30 minutes. Fetching a video's status is a plain
// Cloudflare API call (GET /accounts/{id}/stream/{uid}), injected here as
// `fetchVideo(uid) -> Promise<object>` returning the same video object a
// webhook carries; its state goes through the core's typed event view and
// the same idempotent store update as a webhook.
const { webhook } = require('cdnsign')

async function recheckStuck({ store, fetchVideo, olderThanSeconds = 1800, now = Math.floor(Date.now() / 1000) }) {
  const results = []
  for (const uid of store.stuck(olderThanSeconds, now)) {
    let video
    try {
      video = await fetchVideo(uid)
    } catch (err) {
      results.push({ uid, error: err.message })
      continue
    }
    const body = Buffer.from(JSON.stringify(video))
    const event = webhook.parseEvent(body)
    const r = store.applyWebhook({
      uid: event.uid,
      lifecycle: event.lifecycle,
      streamState: event.state,
      errorCode: event.errorReasonCode,
      errorText: event.errorReasonText,
      modified: event.modified,
      signedTime: `recheck-${now}`,
      rawBody: body,
    }, now)
    results.push({ uid, state: r.video.state, applied: r.applied })
  }
  return results
}

module.exports = { recheckStuck }
