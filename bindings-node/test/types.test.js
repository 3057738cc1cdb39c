'use strict'
// tsc --noEmit over test/types/usage.ts, resolving 'cdnsign' to this package
// through a temporary node_modules link, so the public .d.ts files (index.d.ts,
// express.d.ts, compat/*.d.ts) are what gets checked.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { PKG_DIR } = require('./helpers')

test('TypeScript usage file type-checks against index.d.ts (tsc --noEmit)', { timeout: 120_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdnsign-tsc-'))
  try {
    const nm = path.join(work, 'node_modules')
    fs.mkdirSync(nm)
    fs.symlinkSync(PKG_DIR, path.join(nm, 'cdnsign'), 'dir')
    // the package's own dev dependencies provide @types/node, express and @types/express
    fs.symlinkSync(path.join(PKG_DIR, 'node_modules', '@types'), path.join(nm, '@types'), 'dir')
    fs.symlinkSync(path.join(PKG_DIR, 'node_modules', 'express'), path.join(nm, 'express'), 'dir')
    for (const f of ['usage.ts', 'tsconfig.json']) {
      fs.copyFileSync(path.join(__dirname, 'types', f), path.join(work, f))
    }
    const tsc = require.resolve('typescript/bin/tsc', { paths: [PKG_DIR] })
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', work], { encoding: 'utf8' })
    assert.equal(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`)
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
})
