'use strict'
// Shared helpers for the node --test suites.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const PKG_DIR = path.resolve(__dirname, '..')
const REPO = path.resolve(PKG_DIR, '..')
const VECTORS = path.join(REPO, 'tests', 'vectors')

/** Parses tests/vectors/<name>.json; null when the file does not exist yet. */
function loadVectors(name) {
  const file = path.join(VECTORS, name)
  if (!fs.existsSync(file)) return null
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

/** Reads a file relative to tests/vectors/ (keys live beside the vectors). */
function vectorFile(rel, encoding = 'utf8') {
  return fs.readFileSync(path.join(VECTORS, rel), encoding)
}

/** Asserts `fn` throws an Error with `err.code === code` (and optional message regex). */
function throwsCode(fn, code, message) {
  let thrown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  assert.ok(thrown, `expected ${code} to be thrown`)
  assert.ok(thrown instanceof Error, `expected an Error, got ${typeof thrown}`)
  assert.equal(thrown.code, code, `code: ${thrown.code} message: ${thrown.message}`)
  if (message) assert.match(thrown.message, message)
  return thrown
}

/** Asserts the promise rejects with `err.code === code`. */
async function rejectsCode(promise, code, message) {
  let thrown
  try {
    await promise
  } catch (e) {
    thrown = e
  }
  assert.ok(thrown, `expected rejection with ${code}`)
  assert.ok(thrown instanceof Error)
  assert.equal(thrown.code, code, `code: ${thrown.code} message: ${thrown.message}`)
  if (message) assert.match(thrown.message, message)
  return thrown
}

/** `CDNSIGN_<UPPER_SNAKE>` for a core snake_case code (`bad_signature`). */
function codeOf(snake) {
  return 'CDNSIGN_' + snake.toUpperCase()
}

/** The workspace version from the root Cargo.toml ([workspace.package]). */
function workspaceVersion() {
  const toml = fs.readFileSync(path.join(REPO, 'Cargo.toml'), 'utf8')
  const section = toml.split(/^\[workspace\.package\]\s*$/m)[1]
  assert.ok(section, 'root Cargo.toml has a [workspace.package] table')
  const m = section.match(/^version\s*=\s*"([^"]+)"/m)
  assert.ok(m, 'workspace version found')
  return m[1]
}

module.exports = {
  PKG_DIR,
  REPO,
  VECTORS,
  loadVectors,
  vectorFile,
  throwsCode,
  rejectsCode,
  codeOf,
  workspaceVersion,
}
