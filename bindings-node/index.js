'use strict'
// The `cdnsign` entry point: loads the native addon (loader.js explains from
// where), lets results.js shape the results it builds in JavaScript, and
// re-exports it.
const binding = require('./results.js').install(require('./loader.js').loadBinding())

// Internal helpers the addon exports for express.js and compat/ (names
// starting with `__`) stay reachable through this object.
module.exports = binding

// One static assignment per export of index.d.ts: Node's ESM `import { x }
// from 'cdnsign'` finds a CommonJS module's names by scanning its source
// (cjs-module-lexer), not by running it. test/loader.test.js keeps this list
// equal to index.d.ts.
module.exports.errorCodes = binding.errorCodes
module.exports.toUnixSeconds = binding.toUnixSeconds
module.exports.version = binding.version
module.exports.cloudcdn = binding.cloudcdn
module.exports.cloudfront = binding.cloudfront
module.exports.mediacdn = binding.mediacdn
module.exports.stream = binding.stream
module.exports.webhook = binding.webhook
