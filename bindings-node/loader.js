'use strict'
// Finds and loads the native addon. Hand-written instead of napi's generated
// loader so that a failure says which package it looked for, which platform
// it saw and how to fix it (issue 14), and so that the code stays readable.
//
// The addon ships in one npm package per platform (`@cdnsign/<platform>`),
// each an optionalDependency of `cdnsign` whose `os`/`cpu`/`libc` fields let
// npm install only the one that fits. Every function takes its environment as
// arguments so the tests can play any platform without one.
const fs = require('node:fs')
const path = require('node:path')

const SCOPE = '@cdnsign'
const BINARY_NAME = 'cdnsign'

// The platforms a package is published for. test/loader.test.js holds it
// equal to `napi.targets` in package.json, from which the packages are made:
// the linux ones by packaging/node/build.sh, the others by the release
// workflow on their own runners (packaging/native.sh).
const SUPPORTED = [
  'linux-x64-gnu',
  'linux-x64-musl',
  'linux-arm64-gnu',
  'linux-arm64-musl',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64-msvc',
]

// Linux has two C libraries and an addon linked against one does not load
// under the other. The report header names the glibc the running process
// uses, so it answers for this very Node; the files are only a fallback for
// runtimes without process.report. /usr/bin/ldd comes before the ld-musl
// loader because Debian's `musl` package installs /lib/ld-musl-*.so.1 on a
// glibc system.
function linuxLibc({ report, readFile, readdir }) {
  const r = report()
  if (r && r.header) {
    if (r.header.glibcVersionRuntime) return 'gnu'
    if (Array.isArray(r.sharedObjects)) {
      if (r.sharedObjects.some((f) => /(^|\/)(ld-musl-|libc\.musl-)/.test(f))) return 'musl'
      if (r.sharedObjects.some((f) => /(^|\/)libc\.so\.6$/.test(f))) return 'gnu'
    }
  }
  try {
    return readFile('/usr/bin/ldd').includes('musl') ? 'musl' : 'gnu'
  } catch {}
  try {
    if (readdir('/lib').some((f) => f.startsWith('ld-musl-'))) return 'musl'
  } catch {}
  return 'gnu'
}

// process.report.getReport() looks up network interfaces unless told not to,
// which can take seconds; the caller's setting is put back afterwards.
function processReport() {
  const report = process.report
  if (!report || typeof report.getReport !== 'function') return null
  const excludeNetwork = report.excludeNetwork
  try {
    report.excludeNetwork = true
    return report.getReport()
  } catch {
    return null
  } finally {
    report.excludeNetwork = excludeNetwork
  }
}

const defaultEnv = () => ({
  platform: process.platform,
  arch: process.arch,
  report: processReport,
  readFile: (f) => fs.readFileSync(f, 'utf8'),
  readdir: (d) => fs.readdirSync(d),
})

/** napi's platform-arch-abi spelling (`linux-arm64-musl`, `darwin-arm64`, `win32-x64-msvc`). */
function platformArchAbi(env = defaultEnv()) {
  const { platform, arch } = env
  if (platform === 'linux') {
    const libc = linuxLibc(env)
    if (arch === 'arm') return `linux-arm-${libc}eabihf`
    return `linux-${arch}-${libc}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

function versionMismatch(pkgName, found, wanted) {
  const err = new Error(
    `cdnsign ${wanted} needs ${pkgName}@${wanted}, but ${pkgName}@${found} is installed. ` +
      'The two are built together and must be the same version: reinstall cdnsign ' +
      `(npm install cdnsign@${wanted}) so npm fetches the matching ${pkgName}.`,
  )
  err.code = 'CDNSIGN_BINDING_VERSION_MISMATCH'
  err.packageName = pkgName
  return err
}

function noBinding(target, pkgName, cause) {
  const supported = SUPPORTED.includes(target)
  const fix = supported
    ? `${pkgName} is an optional dependency of cdnsign, so it is missing when optional dependencies were ` +
      'left out (--omit=optional, --no-optional), could not be downloaded, or the lockfile was made on another ' +
      'platform. ' +
      'Reinstall with `npm install --include=optional` (after deleting node_modules if the lockfile came from elsewhere).'
    : `No ${pkgName} package is published for ${target}; build the addon from source ` +
      `(bindings-node/ in the cdnsign repository: \`npm run build\` puts cdnsign.${target}.node next to index.js).`
  const err = new Error(
    `cdnsign: cannot load the native addon for platform ${target}: ` +
      `looked for the package ${pkgName} (${cause ? cause.message.split('\n')[0] : 'not found'}). ` +
      `Packages exist for: ${SUPPORTED.join(', ')}. ${fix}`,
    cause ? { cause } : undefined,
  )
  err.code = 'CDNSIGN_NO_NATIVE_BINDING'
  err.platform = target
  err.packageName = pkgName
  return err
}

/**
 * Loads the addon: a `cdnsign.<platform>.node` beside this file (a build in
 * the source tree) wins, then the `@cdnsign/<platform>` package, which must
 * carry this package's version.
 */
function loadBinding({
  env = defaultEnv(),
  dir = __dirname,
  requireFn = require,
  exists = fs.existsSync,
  version = requireFn(path.join(dir, 'package.json')).version,
} = {}) {
  const target = platformArchAbi(env)
  const local = path.join(dir, `${BINARY_NAME}.${target}.node`)
  if (exists(local)) return requireFn(local)

  const pkgName = `${SCOPE}/${target}`
  let pkgVersion
  try {
    pkgVersion = requireFn(`${pkgName}/package.json`).version
  } catch (e) {
    throw noBinding(target, pkgName, e)
  }
  if (pkgVersion !== version) throw versionMismatch(pkgName, pkgVersion, version)
  try {
    return requireFn(pkgName)
  } catch (e) {
    throw noBinding(target, pkgName, e)
  }
}

module.exports = { SUPPORTED, SCOPE, BINARY_NAME, platformArchAbi, loadBinding }
