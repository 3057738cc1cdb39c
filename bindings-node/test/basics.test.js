'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const cdnsign = require('..')
const { throwsCode, rejectsCode, REPO, PKG_DIR, workspaceVersion } = require('./helpers')

test('version comes from the workspace Cargo.toml and package.json matches it', () => {
  const ws = workspaceVersion()
  assert.equal(cdnsign.version(), ws)
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'))
  assert.equal(pkg.version, ws, 'bindings-node/package.json version must equal the workspace version')
})

test('error codes are CDNSIGN_<UPPER_SNAKE> of every core ErrorCode::as_str()', () => {
  // Read the core's table (`error_codes! { Variant = number, "name", ... }`)
  // directly, so a code added to the core without reaching the binding fails here.
  const src = fs.readFileSync(path.join(REPO, 'core', 'src', 'error.rs'), 'utf8')
  const body = src.slice(src.indexOf('\nerror_codes! {'))
  const names = [...body.matchAll(/^\s*[A-Z][A-Za-z]* = \d+, "([a-z_]+)"/gm)].map((m) => m[1])
  assert.ok(names.length >= 18, `found ${names.length} codes`)
  assert.deepEqual(
    cdnsign.errorCodes(),
    names.map((n) => 'CDNSIGN_' + n.toUpperCase()),
  )
  for (const required of ['CDNSIGN_EXPIRED', 'CDNSIGN_BAD_SIGNATURE', 'CDNSIGN_INVALID_KEY', 'CDNSIGN_INVALID_INPUT']) {
    assert.ok(cdnsign.errorCodes().includes(required), required)
  }
})

test('times: Date or Unix seconds', () => {
  assert.equal(cdnsign.toUnixSeconds(1767290400), 1767290400)
  assert.equal(cdnsign.toUnixSeconds(new Date('2026-01-01T18:00:00Z')), 1767290400)
  // sub-second Dates truncate toward the earlier second
  assert.equal(cdnsign.toUnixSeconds(new Date(1767290400999)), 1767290400)
  assert.equal(cdnsign.toUnixSeconds(0), 0)
})

test('times: a number > 1e11 is refused as milliseconds, with the seconds it meant', () => {
  const e = throwsCode(() => cdnsign.toUnixSeconds(1767290400000), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
  assert.match(e.message, /1767290400\b/)
  throwsCode(() => cdnsign.toUnixSeconds(Date.now()), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
  // just under the threshold is still seconds (year 5138)
  assert.equal(cdnsign.toUnixSeconds(99_999_999_999), 99_999_999_999)
  throwsCode(() => cdnsign.toUnixSeconds(100_000_000_000), 'CDNSIGN_INVALID_INPUT', /milliseconds/)
})

test('times: wrong types, fractions, negatives, NaN and invalid dates are CDNSIGN_INVALID_INPUT', () => {
  for (const bad of ['1767290400', 1767290400.5, -1, NaN, Infinity, null, undefined, {}, new Date('nope'), 10n]) {
    throwsCode(() => cdnsign.toUnixSeconds(bad), 'CDNSIGN_INVALID_INPUT')
  }
})

test('a panic inside the addon becomes CDNSIGN_INTERNAL, not a crash (sync and thread pool)', async () => {
  throwsCode(() => cdnsign.__panicForTests('sync'), 'CDNSIGN_INTERNAL', /^internal error in the Node binding \(a bug in cdnsign, please report it\): deliberate panic/)
  await rejectsCode(cdnsign.__panicForTests('pool'), 'CDNSIGN_INTERNAL', /^internal error in __panicForTests \(a bug in cdnsign, please report it\): deliberate panic/)
  // the process is still alive and the addon still works
  assert.equal(cdnsign.toUnixSeconds(5), 5)
})
