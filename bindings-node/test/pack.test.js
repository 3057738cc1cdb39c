'use strict'
// Packs the packages as they would be published, with the addon built for
// the tests: the main `cdnsign` tarball (no addon) and this machine's
// `@cdnsign/<platform>` tarball, by packaging/node/assemble.js as
// packaging/node/build.sh does for release builds. Installed offline into an
// empty directory, they must work without this repository; the main tarball
// alone must fail with the error that names the missing package.
const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { PKG_DIR, REPO, workspaceVersion } = require('./helpers')
const { platformArchAbi, SUPPORTED } = require('../loader.js')

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const ASSEMBLE = path.join(REPO, 'packaging', 'node', 'assemble.js')
const SMOKE = path.join(REPO, 'packaging', 'node', 'smoke.js')

function tarList(tgz) {
  return execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
    .sort()
}

function tarJson(tgz, file) {
  return JSON.parse(execFileSync('tar', ['-xzOf', tgz, `package/${file}`], { encoding: 'utf8' }))
}

function install(dir, tarballs) {
  fs.mkdirSync(dir)
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }))
  // The other platforms' optional dependencies cannot be fetched offline;
  // npm skips optional dependencies that fail, which is what users rely on.
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--offline', ...tarballs], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

test('main and platform tarballs install offline into an empty directory and work', { timeout: 300_000 }, () => {
  const platform = platformArchAbi()
  const addon = path.join(PKG_DIR, `cdnsign.${platform}.node`)
  assert.ok(fs.existsSync(addon), `${addon} is missing: build it first (make node-addon)`)
  const version = workspaceVersion()
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdnsign-pack-'))
  try {
    const addons = path.join(work, 'addons')
    fs.mkdirSync(addons)
    fs.copyFileSync(addon, path.join(addons, path.basename(addon)))
    const dist = path.join(work, 'dist')
    const made = JSON.parse(
      execFileSync(process.execPath, [ASSEMBLE, '--version', version, '--addons', addons, '--out', dist], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    )
    const mainTgz = path.join(dist, `cdnsign-${version}.tgz`)
    const platformTgz = path.join(dist, `cdnsign-${platform}-${version}.tgz`)
    assert.deepEqual(made, [path.basename(mainTgz), path.basename(platformTgz)])

    const files = tarList(mainTgz)
    for (const f of ['index.js', 'index.d.ts', 'loader.js', 'results.js', 'package.json', 'README.md', 'express.js', 'express.d.ts',
      'compat/aws-cloudfront-signer.js', 'compat/aws-cloudfront-signer.d.ts', 'LICENSE-APACHE', 'LICENSE-MIT']) {
      assert.ok(files.includes(f), `main tarball lacks ${f}: ${files.join(', ')}`)
    }
    for (const f of files) {
      assert.ok(!f.endsWith('.node'), `main tarball carries an addon: ${f}`)
      assert.ok(!/^(src|test|node_modules)\//.test(f), `unexpected ${f}`)
    }
    const main = tarJson(mainTgz, 'package.json')
    assert.equal(main.version, version)
    assert.deepEqual(
      main.optionalDependencies,
      Object.fromEntries(SUPPORTED.map((p) => [`@cdnsign/${p}`, version])),
    )
    assert.equal(main.scripts, undefined)
    assert.equal(main.devDependencies, undefined)
    // Everything a packed file refers to by a relative path must be packed.
    for (const f of files.filter((f) => /\.(js|md)$/.test(f))) {
      const text = execFileSync('tar', ['-xzOf', mainTgz, `package/${f}`], { encoding: 'utf8' })
      for (const [, rel] of text.matchAll(/(?:require\(|\]\()['"]?(\.{1,2}\/[^'")\s]+)/g)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(f), rel))
        assert.ok(!target.startsWith('..'), `${f} refers to ${rel}, outside the package`)
        assert.ok(files.includes(target) || files.includes(target + '.js'), `${f} refers to ${rel}, not packed`)
      }
    }

    assert.deepEqual(
      tarList(platformTgz),
      [`cdnsign.${platform}.node`, 'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json'].sort(),
    )
    const p = tarJson(platformTgz, 'package.json')
    assert.equal(p.name, `@cdnsign/${platform}`)
    assert.equal(p.version, version)
    assert.equal(p.main, `cdnsign.${platform}.node`)
    assert.deepEqual(p.os, [process.platform])
    assert.deepEqual(p.cpu, [process.arch])

    const app = path.join(work, 'app')
    install(app, [mainTgz, platformTgz])
    fs.copyFileSync(SMOKE, path.join(app, 'smoke.js'))
    const result = JSON.parse(execFileSync(process.execPath, ['smoke.js', version], { cwd: app, encoding: 'utf8' }))
    assert.deepEqual(result.exercised.sort(), ['cloudcdn', 'cloudfront', 'mediacdn', 'stream', 'webhook'])
    assert.equal(result.addon, path.join(app, 'node_modules', '@cdnsign', platform, `cdnsign.${platform}.node`))

    const bare = path.join(work, 'bare')
    install(bare, [mainTgz])
    let err
    try {
      execFileSync(process.execPath, ['-e', "require('cdnsign')"], { cwd: bare, encoding: 'utf8', stdio: 'pipe' })
    } catch (e) {
      err = e.stderr
    }
    assert.ok(err, 'require("cdnsign") loaded without its platform package')
    assert.match(err, /code: 'CDNSIGN_NO_NATIVE_BINDING'/)
    assert.ok(err.includes(`looked for the package @cdnsign/${platform}`), err)
    assert.ok(err.includes(`for platform ${platform}`), err)
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
})
