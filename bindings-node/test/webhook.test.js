'use strict'
// tests/vectors/webhook.json (headers from Python hmac, verdicts, typed
// events) through the Node API, plus the Node-specific surface.
const test = require('node:test')
const assert = require('node:assert/strict')
const { webhook } = require('..')
const { loadVectors, throwsCode, codeOf } = require('./helpers')

const V = loadVectors('webhook.json')
const bodyOf = (input) => (input.body_b64 !== undefined ? Buffer.from(input.body_b64, 'base64') : input.body)
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase())

function expectError(fn, expected) {
  const e = throwsCode(fn, codeOf(expected.code))
  if (expected.field) assert.equal(e.field, expected.field, e.message)
  return e
}

test('webhook vectors are present', () => {
  assert.ok(V && V.cases.length >= 100, 'tests/vectors/webhook.json')
})

for (const c of (V ? V.cases : []).filter((c) => c.id.startsWith('sign_'))) {
  test(`vector ${c.id}`, () => {
    const { secret, time } = c.input
    const body = bodyOf(c.input) ?? '{}'
    if (c.expected.code) return expectError(() => webhook.sign(secret, body, { time }), c.expected)
    assert.equal(webhook.sign(secret, body, { time }), c.expected.header)
    // Buffer and string inputs are the same bytes
    assert.equal(webhook.sign(Buffer.from(secret), Buffer.from(body), { time: new Date(time * 1000) }), c.expected.header)
  })
}

for (const c of (V ? V.cases : []).filter((c) => c.id.startsWith('verify_'))) {
  test(`vector ${c.id}`, () => {
    const i = c.input
    const opts = {}
    if (i.tolerance !== undefined) opts.tolerance = i.tolerance
    if (i.ignore_time) opts.ignoreTimestamp = true
    const run = () => new webhook.Verifier(i.secrets, opts).verify(i.header, bodyOf(i) ?? '', { now: i.now })
    if (!c.expected.ok) return expectError(run, c.expected)
    const r = run()
    assert.equal(r.time, c.expected.time)
    assert.equal(r.secretIndex, c.expected.secret_index)
    assert.equal(r.age, i.now - c.expected.time)
  })
}

for (const c of (V ? V.cases : []).filter((c) => c.id.startsWith('event_'))) {
  test(`vector ${c.id}`, () => {
    const body = bodyOf(c.input)
    if (!c.expected.ok) return expectError(() => webhook.parseEvent(body), c.expected)
    const e = webhook.parseEvent(body)
    for (const [k, want] of Object.entries(c.expected)) {
      if (k === 'ok') continue
      const got = e[camel(k)]
      if (want === null) assert.equal(got, undefined, k)
      else assert.deepEqual(got, want, k)
    }
    // raw is what JSON.parse gives, key order included
    assert.deepEqual(Object.keys(e.raw), Object.keys(JSON.parse(Buffer.from(body).toString('utf8'))))
  })
}

test('verifyEvent returns the verification and the typed event; re-serialised JSON fails', () => {
  const body = '{"uid":"6b9e68b07dfee8cc2d116e4c51d6a957","status":{"state":"error","errReasonCode":"ERR_X","errReasonText":"bad"},"meta":{"b":1,"a":2}}'
  const header = webhook.sign('sec', body, { time: 1767290400 })
  const v = new webhook.Verifier('sec')
  const r = v.verifyEvent(header, Buffer.from(body), { now: 1767290401 })
  assert.equal(r.time, 1767290400)
  assert.equal(r.age, 1)
  assert.equal(r.event.lifecycle, 'failed')
  assert.equal(r.event.errorReasonCode, 'ERR_X')
  assert.equal(r.event.errorReasonText, 'bad')
  assert.deepEqual(Object.keys(r.event.meta), ['b', 'a'])
  assert.equal(r.event.meta, r.event.raw.meta)
  // what the body does not say is left out, as in every record-built result
  assert.equal('created' in r.event, false)
  assert.equal('duration' in r.event, false)
  assert.equal(r.secretIndex, 0)
  const reserialised = JSON.stringify(JSON.parse(body), null, 1)
  throwsCode(() => v.verify(header, reserialised, { now: 1767290401 }), 'CDNSIGN_BAD_SIGNATURE')
})

test('tolerance: default 300 s both ways, configurable, ignorable; millisecond now refused', () => {
  const header = webhook.sign('sec', 'b', { time: 1767290400 })
  const v = new webhook.Verifier(['sec'])
  assert.equal(v.tolerance, webhook.DEFAULT_TOLERANCE)
  assert.equal(webhook.DEFAULT_TOLERANCE, 300)
  v.verify(header, 'b', { now: 1767290700 })
  throwsCode(() => v.verify(header, 'b', { now: 1767290701 }), 'CDNSIGN_TIMESTAMP_TOO_OLD')
  throwsCode(() => v.verify(header, 'b', { now: 1767290099 }), 'CDNSIGN_TIMESTAMP_IN_FUTURE')
  new webhook.Verifier('sec', { tolerance: 1000 }).verify(header, 'b', { now: 1767291400 })
  const ignoring = new webhook.Verifier('sec', { ignoreTimestamp: true })
  assert.equal(ignoring.tolerance, null)
  ignoring.verify(header, 'b', { now: 1967290400 })
  throwsCode(() => v.verify(header, 'b', { now: 1767290400000 }), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
  throwsCode(() => new webhook.Verifier('sec', { tolerance: -1 }), 'CDNSIGN_INVALID_INPUT')
  // no `now` → the clock: a header from 2026-01-01 is long stale
  throwsCode(() => v.verify(header, 'b'), 'CDNSIGN_TIMESTAMP_TOO_OLD')
})

test('argument types are checked with CDNSIGN_INVALID_INPUT naming the argument', () => {
  const v = new webhook.Verifier('sec')
  assert.equal(throwsCode(() => v.verify(42, 'b'), 'CDNSIGN_INVALID_INPUT').field, 'header')
  assert.equal(throwsCode(() => v.verify('time=1,sig1=00', {}), 'CDNSIGN_INVALID_INPUT').field, 'body')
  assert.equal(throwsCode(() => new webhook.Verifier([42]), 'CDNSIGN_INVALID_INPUT').field, 'secrets[0]')
  assert.equal(throwsCode(() => webhook.sign('s', 'b', { time: '1767290400' }), 'CDNSIGN_INVALID_INPUT').field, 'time')
  throwsCode(() => webhook.sign('s', 'b', 5), 'CDNSIGN_INVALID_INPUT')
  assert.equal(webhook.HEADER_NAME, 'Webhook-Signature')
})

test('verify returns a plain { time, age, secretIndex }, built fresh per call (issue 15)', () => {
  const body = Buffer.from('{"uid":"u1"}')
  const v = new webhook.Verifier(['old-secret', 'new-secret'])
  const h1 = webhook.sign('new-secret', body, { time: 1767290400 })
  const h0 = webhook.sign('old-secret', body, { time: 1767290300 })
  const r1 = v.verify(h1, body, { now: 1767290410 })
  const r0 = v.verify(h0, body.toString(), { now: new Date(1767290410 * 1000) })
  assert.equal(Object.getPrototypeOf(r1), Object.prototype)
  assert.deepEqual(Object.keys(r1), ['time', 'age', 'secretIndex'])
  assert.deepEqual(r1, { time: 1767290400, age: 10, secretIndex: 1 })
  assert.deepEqual(r0, { time: 1767290300, age: 110, secretIndex: 0 })
  assert.deepEqual(v.verify(h1, body, { now: 1767290390 }), { time: 1767290400, age: -10, secretIndex: 1 })
  // a failed call leaves no trace in the next result, and throws as before
  throwsCode(() => v.verify(h1, 'other body', { now: 1767290410 }), 'CDNSIGN_BAD_SIGNATURE')
  assert.deepEqual(r1, { time: 1767290400, age: 10, secretIndex: 1 })
  assert.throws(() => webhook.Verifier.prototype.verify.call({}, h1, body), TypeError)
})
