'use strict'
// `cdnsign/edge`: start `cdnsign edge` (a local CDN that enforces
// CloudFront, Stream, Media CDN and Cloud CDN signed-request rules in front
// of a directory) from a test suite. Plain JavaScript: it runs the `cdnsign`
// command-line program (CDNSIGN_CLI, else `cdnsign` on PATH) on a free port
// of 127.0.0.1 and does not load the native addon.
//
//   const { start } = require('cdnsign/edge')
//   const edge = await start({ config: 'edge.toml' })
//   await fetch(`${edge.url}/cf/index.m3u8`, { headers: { cookie } })
//   edge.entries()   // the access log so far, one object per request
//   await edge.waitForEntries(3)   // lines arrive just after their responses
//   await edge.close()

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

/** The `cdnsign` program: `cli`, else $CDNSIGN_CLI, else `cdnsign` on PATH. */
function findCli(cli) {
  for (const candidate of [cli, process.env.CDNSIGN_CLI]) {
    if (candidate) {
      if (!executable(candidate)) throw new Error(`${candidate} is not an executable cdnsign program`)
      return candidate
    }
  }
  const exe = process.platform === 'win32' ? 'cdnsign.exe' : 'cdnsign'
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, exe))) return path.join(dir, exe)
  }
  throw new Error('cdnsign is not on PATH; install the CLI or set CDNSIGN_CLI to its path')
}

/**
 * Starts the edge and resolves once it listens.
 * @param {object} [options] config | root, provider, prefix, keys ({ id: file or value }),
 *   publicUrl, host, cli, args (more CLI flags), timeoutMs
 * @returns {Promise<{url: string, entries: () => object[], waitForEntries: (count: number, timeoutMs?: number) => Promise<object[]>,
 *   close: () => Promise<void>, process: import('node:child_process').ChildProcess}>}
 */
function start(options = {}) {
  const { config, root, provider, prefix, keys, publicUrl, host = '127.0.0.1', cli, args = [], timeoutMs = 10_000 } = options
  const argv = ['--json', 'edge', '--listen', `${host}:0`]
  if (config !== undefined) argv.push('--config', String(config))
  if (root !== undefined) argv.push('--root', String(root))
  if (provider !== undefined) argv.push('--provider', provider)
  if (prefix !== undefined) argv.push('--prefix', prefix)
  for (const [id, value] of Object.entries(keys || {})) argv.push('--key', `${id}=${value}`)
  if (publicUrl !== undefined) argv.push('--public-url', publicUrl)
  argv.push(...args)
  let bin
  try {
    bin = findCli(cli)
  } catch (e) {
    return Promise.reject(e)
  }
  const child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
  const entries = []
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d) => {
    if (stderr.length < 16_384) stderr += d
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    let url = null
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`cdnsign edge did not start within ${timeoutMs} ms: ${stderr.trim()}`))
    }, timeoutMs)
    const lines = readline.createInterface({ input: child.stdout })
    lines.on('line', (line) => {
      if (!line.trim()) return
      let value
      try {
        value = JSON.parse(line)
      } catch {
        value = { text: line }
      }
      if (url === null) {
        clearTimeout(timer)
        if (value.event !== 'listening' || typeof value.url !== 'string') {
          child.kill('SIGKILL')
          reject(new Error(`unexpected first line from cdnsign edge: ${line}`))
          return
        }
        url = value.url
        const waitForEntries = async (count, timeoutMs = 5000) => {
          const deadline = Date.now() + timeoutMs
          while (entries.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
          return entries.slice()
        }
        resolve({ url, entries: () => entries.slice(), waitForEntries, close, process: child })
      } else {
        entries.push(value)
      }
    })
    child.once('exit', (code) => {
      if (url === null) {
        clearTimeout(timer)
        reject(new Error(`cdnsign edge exited with ${code}: ${stderr.trim()}`))
      }
    })
    child.once('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
  })
}

module.exports = { start, findCli }
