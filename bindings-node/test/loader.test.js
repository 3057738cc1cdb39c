'use strict'
// The hand-written loader (loader.js, index.js): platform detection and the
// errors, with the platform injected, plus the two lists that must not drift:
// its platform table against napi.targets, and index.js's static exports
// against index.d.ts.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { PKG_DIR } = require('./helpers')
const { SUPPORTED, platformArchAbi, loadBinding } = require('../loader.js')

const pkg = JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8'))

const GLIBC_REPORT = { header: { glibcVersionRuntime: '2.36' }, sharedObjects: ['/lib/x86_64-linux-gnu/libc.so.6'] }
const MUSL_REPORT = { header: {}, sharedObjects: ['/usr/bin/node', '/lib/ld-musl-aarch64.so.1'] }
const noFile = () => {
  throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
}

/** An environment for platformArchAbi / loadBinding; files absent unless given. */
function env({ platform = 'linux', arch = 'x64', report = null, ldd, lib } = {}) {
  return {
    platform,
    arch,
    report: () => report,
    readFile: (f) => (f === '/usr/bin/ldd' && ldd !== undefined ? ldd : noFile()),
    readdir: (d) => (d === '/lib' && lib !== undefined ? lib : noFile()),
  }
}

test('platform table equals napi.targets in package.json', () => {
  const { parseTriple } = require('@napi-rs/cli')
  assert.deepEqual(SUPPORTED, pkg.napi.targets.map((t) => parseTriple(t).platformArchABI))
})

test('linux libc: the report header decides', () => {
  assert.equal(platformArchAbi(env({ report: GLIBC_REPORT, ldd: 'musl libc' })), 'linux-x64-gnu')
  assert.equal(platformArchAbi(env({ arch: 'arm64', report: MUSL_REPORT })), 'linux-arm64-musl')
  assert.equal(
    platformArchAbi(env({ report: { header: {}, sharedObjects: ['/lib/libc.musl-x86_64.so.1'] } })),
    'linux-x64-musl',
  )
})

test('linux libc without a report: /usr/bin/ldd, then the musl loader in /lib', () => {
  assert.equal(platformArchAbi(env({ ldd: '#!/bin/sh\n# musl libc (x86_64)\n' })), 'linux-x64-musl')
  // Debian's musl package puts ld-musl beside glibc: ldd still says glibc
  assert.equal(
    platformArchAbi(env({ ldd: '#!/bin/bash\n# GNU C Library\n', lib: ['ld-musl-x86_64.so.1', 'x86_64-linux-gnu'] })),
    'linux-x64-gnu',
  )
  assert.equal(platformArchAbi(env({ arch: 'arm64', lib: ['ld-musl-aarch64.so.1'] })), 'linux-arm64-musl')
  assert.equal(platformArchAbi(env({ arch: 'arm64', lib: ['ld-linux-aarch64.so.1'] })), 'linux-arm64-gnu')
  assert.equal(platformArchAbi(env({ report: { header: {} } })), 'linux-x64-gnu', 'nothing known: glibc')
})

test('other systems use napi spelling', () => {
  assert.equal(platformArchAbi(env({ platform: 'darwin', arch: 'arm64' })), 'darwin-arm64')
  assert.equal(platformArchAbi(env({ platform: 'win32', arch: 'x64' })), 'win32-x64-msvc')
  assert.equal(platformArchAbi(env({ platform: 'freebsd', arch: 'x64' })), 'freebsd-x64')
  assert.equal(platformArchAbi(env({ arch: 'arm', report: GLIBC_REPORT })), 'linux-arm-gnueabihf')
})

test('this machine is detected as one napi would name the same way', () => {
  const here = platformArchAbi()
  if (process.platform === 'linux') assert.match(here, new RegExp(`^linux-${process.arch}-(gnu|musl)`))
})

/** A fake require over a table of module ids; ids not in it throw like require. */
function fakeRequire(table) {
  const calls = []
  const fn = (id) => {
    calls.push(id)
    if (!(id in table)) {
      throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' })
    }
    const v = table[id]
    if (v instanceof Error) throw v
    return v
  }
  fn.calls = calls
  return fn
}

const load = (e, table, { local = false, version = '1.2.3' } = {}) =>
  loadBinding({ env: e, dir: '/pkg', requireFn: fakeRequire(table), exists: () => local, version })

test('a build beside the loader wins over the platform package', () => {
  const binding = { from: 'local' }
  const r = fakeRequire({ '/pkg/cdnsign.linux-x64-gnu.node': binding })
  const got = loadBinding({ env: env({ report: GLIBC_REPORT }), dir: '/pkg', requireFn: r, exists: () => true, version: '1.2.3' })
  assert.equal(got, binding)
  assert.deepEqual(r.calls, ['/pkg/cdnsign.linux-x64-gnu.node'])
})

test('the platform package of the same version is loaded', () => {
  const binding = { from: 'package' }
  const got = load(env({ arch: 'arm64', report: MUSL_REPORT }), {
    '@cdnsign/linux-arm64-musl/package.json': { version: '1.2.3' },
    '@cdnsign/linux-arm64-musl': binding,
  })
  assert.equal(got, binding)
})

test('a platform package of another version is refused, naming both versions', () => {
  assert.throws(
    () =>
      load(env({ report: GLIBC_REPORT }), {
        '@cdnsign/linux-x64-gnu/package.json': { version: '1.2.2' },
        '@cdnsign/linux-x64-gnu': {},
      }),
    (e) => {
      assert.equal(e.code, 'CDNSIGN_BINDING_VERSION_MISMATCH')
      assert.match(e.message, /cdnsign 1\.2\.3 needs @cdnsign\/linux-x64-gnu@1\.2\.3, but @cdnsign\/linux-x64-gnu@1\.2\.2 is installed/)
      return true
    },
  )
})

test('missing package on a supported platform: names package, platform, list, cause and fix', () => {
  assert.throws(
    () => load(env({ arch: 'arm64', report: MUSL_REPORT }), {}),
    (e) => {
      assert.ok(e instanceof Error)
      assert.equal(e.code, 'CDNSIGN_NO_NATIVE_BINDING')
      assert.equal(e.platform, 'linux-arm64-musl')
      assert.equal(e.packageName, '@cdnsign/linux-arm64-musl')
      assert.match(e.message, /for platform linux-arm64-musl/)
      assert.match(e.message, /looked for the package @cdnsign\/linux-arm64-musl \(Cannot find module '@cdnsign\/linux-arm64-musl\/package\.json'\)/)
      assert.match(e.message, /Packages exist for: linux-x64-gnu, linux-x64-musl, linux-arm64-gnu, linux-arm64-musl, darwin-x64, darwin-arm64, win32-x64-msvc\./)
      assert.match(e.message, /npm install --include=optional/)
      assert.equal(e.cause.code, 'MODULE_NOT_FOUND')
      return true
    },
  )
})

test('unsupported platform: the error says no package is published for it', () => {
  assert.throws(
    () => load(env({ platform: 'freebsd', arch: 'x64' }), {}),
    (e) => {
      assert.equal(e.code, 'CDNSIGN_NO_NATIVE_BINDING')
      assert.match(e.message, /platform freebsd-x64/)
      assert.match(e.message, /looked for the package @cdnsign\/freebsd-x64/)
      assert.match(e.message, /No @cdnsign\/freebsd-x64 package is published for freebsd-x64/)
      return true
    },
  )
})

test('a platform package whose addon does not load: the loader error is kept', () => {
  const broken = new Error('/x/cdnsign.linux-x64-musl.node: invalid ELF header')
  assert.throws(
    () =>
      load(env({ report: { header: {}, sharedObjects: ['/lib/ld-musl-x86_64.so.1'] } }), {
        '@cdnsign/linux-x64-musl/package.json': { version: '1.2.3' },
        '@cdnsign/linux-x64-musl': broken,
      }),
    (e) => {
      assert.equal(e.code, 'CDNSIGN_NO_NATIVE_BINDING')
      assert.match(e.message, /invalid ELF header/)
      assert.equal(e.cause, broken)
      return true
    },
  )
})

/** `export declare function|const|class|namespace <name>` of index.d.ts. */
function dtsExports() {
  const dts = fs.readFileSync(path.join(PKG_DIR, 'index.d.ts'), 'utf8')
  return [...dts.matchAll(/^export declare (?:function|const|let|class|namespace|enum) (\w+)/gm)].map((m) => m[1]).sort()
}

test("index.js's static export list equals index.d.ts", () => {
  const src = fs.readFileSync(path.join(PKG_DIR, 'index.js'), 'utf8')
  const listed = [...src.matchAll(/^module\.exports\.(\w+) = binding\.(\w+)$/gm)].map((m) => {
    assert.equal(m[1], m[2])
    return m[1]
  })
  assert.deepEqual(listed.sort(), dtsExports())
})

test('ESM named imports see every index.d.ts export (cjs-module-lexer)', () => {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', `import * as m from ${JSON.stringify(path.join(PKG_DIR, 'index.js'))}; console.log(JSON.stringify(Object.keys(m)))`],
    { encoding: 'utf8' },
  )
  const names = JSON.parse(out).filter((n) => n !== 'default' && n !== 'module.exports')
  assert.deepEqual(names.sort(), dtsExports())
})

test('the addon exports index.d.ts names plus internal __ helpers only', () => {
  const binding = require('..')
  const exported = Object.keys(binding)
  for (const name of dtsExports()) assert.ok(exported.includes(name), `addon lacks ${name}`)
  for (const name of exported) {
    assert.ok(dtsExports().includes(name) || name.startsWith('__'), `${name} is exported but not declared in index.d.ts`)
  }
})
