#!/usr/bin/env node
'use strict'
// Packs the npm packages from addons that are already built:
//
//   node packaging/node/assemble.js --version <v> --addons <dir> --out <dir>
//
// <dir> of --addons is searched (recursively, by `napi artifacts`) for
// cdnsign.<platform>.node files. Writes <out>/cdnsign-<v>.tgz (JS and types,
// no binary) and one <out>/cdnsign-<platform>-<v>.tgz per addon found, and
// prints the tarball names as JSON. build.sh calls it after the release
// builds; test/pack.test.js calls it with the debug addon.
//
// napi-rs's own steps are used where they fit: `napi create-npm-dirs` writes
// each platform package.json (os, cpu, libc, main, files, license,
// repository, engines from our package.json) and `napi artifacts` puts each
// .node into its package. napi names those packages `cdnsign-<platform>`, so
// they are made in a scratch directory and renamed to `@cdnsign/<platform>`
// here. `napi pre-publish` is not used: it would write optionalDependencies
// under napi's names and runs `npm publish` itself. Publishing is the release
// workflow's job: `npm publish` each platform tarball, then the main one.
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { execFileSync } = require('node:child_process')

const PKG_DIR = path.resolve(__dirname, '..', '..', 'bindings-node')
const SCOPE = '@cdnsign'

function parseArgs(argv) {
  const args = {}
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '')
    if (!['version', 'addons', 'out'].includes(key) || argv[i + 1] === undefined) {
      throw new Error(`usage: assemble.js --version <v> --addons <dir> --out <dir> (bad argument ${argv[i]})`)
    }
    args[key] = argv[i + 1]
  }
  for (const k of ['version', 'addons', 'out']) if (!args[k]) throw new Error(`assemble.js: --${k} is required`)
  return args
}

const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'))
const writeJson = (f, v) => fs.writeFileSync(f, JSON.stringify(v, null, 2) + '\n')

function napi(args, cwd) {
  const cliPkg = require.resolve('@napi-rs/cli/package.json', { paths: [PKG_DIR] })
  const bin = path.join(path.dirname(cliPkg), readJson(cliPkg).bin.napi)
  execFileSync(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'] })
}

// packaging/native.sh runs this on Windows too, where npm is npm.cmd and
// Node starts .cmd files only through a shell (which joins the arguments).
function npm(args, cwd) {
  const win = process.platform === 'win32'
  return execFileSync(win ? 'npm.cmd' : 'npm', win ? args.map((a) => (/[\s"]/.test(a) ? `"${a}"` : a)) : args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: win,
  })
}

const npmPack = (dir, out) => JSON.parse(npm(['pack', '--json', '--pack-destination', out], dir))[0]

/** `cdnsign.linux-x64-gnu.node` → `linux-x64-gnu` for every napi target. */
function platforms(pkg) {
  const { parseTriple } = require(require.resolve('@napi-rs/cli', { paths: [PKG_DIR] }))
  return pkg.napi.targets.map((t) => parseTriple(t).platformArchABI)
}

function assemble({ version, addons, out }) {
  const pkg = readJson(path.join(PKG_DIR, 'package.json'))
  if (pkg.version !== version) {
    throw new Error(
      `bindings-node/package.json has version ${pkg.version} but the workspace is ${version}: ` +
        'set "version" in bindings-node/package.json to the workspace version',
    )
  }
  fs.mkdirSync(out, { recursive: true })
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdnsign-assemble-'))
  try {
    const tarballs = [assembleMain(pkg, work, out)]
    tarballs.push(...assemblePlatforms(pkg, addons, work, out))
    return tarballs
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

// The main package carries what `npm pack` of bindings-node/ selects (its
// "files" list), checked to hold no addon, plus generated optionalDependencies
// on every platform package at exactly this version: the loader refuses any
// other version, so a range would only let npm pick one that fails to load.
function assembleMain(pkg, work, out) {
  const files = JSON.parse(npm(['pack', '--dry-run', '--json'], PKG_DIR))[0].files.map((f) => f.path)
  const binaries = files.filter((f) => f.endsWith('.node'))
  if (binaries.length) throw new Error(`the main package must not carry an addon: ${binaries.join(', ')}`)

  const dir = path.join(work, 'main')
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
    fs.copyFileSync(path.join(PKG_DIR, f), path.join(dir, f))
  }
  const main = { ...pkg }
  // The build scripts and their tools need the Rust sources, which the
  // tarball does not carry.
  delete main.scripts
  delete main.devDependencies
  main.files = [...main.files, ...addLicences(dir)]
  main.optionalDependencies = Object.fromEntries(platforms(pkg).map((p) => [`${SCOPE}/${p}`, pkg.version]))
  writeJson(path.join(dir, 'package.json'), main)
  return npmPack(dir, out).filename
}

// The licence texts live at the repository root; npm includes LICENSE or
// LICENCE by itself but not LICENSE-APACHE / LICENSE-MIT, so they are listed.
const LICENCES = ['LICENSE-APACHE', 'LICENSE-MIT']
function addLicences(dir) {
  for (const f of LICENCES) fs.copyFileSync(path.join(PKG_DIR, '..', f), path.join(dir, f))
  return LICENCES
}

/** The platforms a `cdnsign.<platform>.node` exists for, anywhere under `dir`. */
function builtPlatforms(pkg, dir) {
  const names = new Set(fs.readdirSync(dir, { recursive: true }).map((f) => path.basename(String(f))))
  return platforms(pkg).filter((p) => names.has(`${pkg.napi.binaryName}.${p}.node`))
}

function assemblePlatforms(pkg, addons, work, out) {
  const built = builtPlatforms(pkg, addons)
  if (!built.length) throw new Error(`no ${pkg.napi.binaryName}.<platform>.node under ${addons}`)
  const dir = path.join(work, 'napi')
  fs.mkdirSync(dir)
  // `napi artifacts` fails unless every listed target has an addon, and a
  // build may make only some: this scratch copy lists the built ones.
  const { parseTriple } = require(require.resolve('@napi-rs/cli', { paths: [PKG_DIR] }))
  const targets = pkg.napi.targets.filter((t) => built.includes(parseTriple(t).platformArchABI))
  writeJson(path.join(dir, 'package.json'), { ...pkg, napi: { ...pkg.napi, targets } })
  napi(['create-npm-dirs', '--npm-dir', 'npm'], dir)
  napi(['artifacts', '--npm-dir', 'npm', '--output-dir', path.resolve(addons)], dir)

  const made = []
  for (const platform of built) {
    const pdir = path.join(dir, 'npm', platform)
    const p = readJson(path.join(pdir, 'package.json'))
    if (!fs.existsSync(path.join(pdir, p.main))) throw new Error(`napi artifacts did not copy ${p.main}`)
    const name = `${SCOPE}/${platform}`
    const glibc = p.libc && p.libc[0] === 'glibc' ? ', glibc 2.17 or later' : ''
    p.name = name
    p.description = `The ${platform} native addon of cdnsign${glibc}. Install cdnsign, which depends on it.`
    // Scoped packages are published private unless told otherwise.
    p.publishConfig = { access: 'public' }
    p.files = [...(p.files || []), ...addLicences(pdir)]
    writeJson(path.join(pdir, 'package.json'), p)
    fs.writeFileSync(
      path.join(pdir, 'README.md'),
      `# \`${name}\`\n\n${p.description}\n\n` +
        `\`cdnsign\` lists this package as an optional dependency; npm installs it on ${platform} only ` +
        '(its `os`, `cpu` and `libc` fields).\n',
    )
    made.push(npmPack(pdir, out).filename)
  }
  return made
}

if (require.main === module) {
  try {
    process.stdout.write(JSON.stringify(assemble(parseArgs(process.argv.slice(2)))) + '\n')
  } catch (e) {
    process.stderr.write(`assemble.js: ${e.message}\n`)
    process.exit(1)
  }
}

module.exports = { assemble, platforms }
