'use strict'
// cdnsign/compat/aws-cloudfront-signer: `getSignedUrl` / `getSignedCookies`
// with @aws-sdk/cloudfront-signer's option names and output, so switching is
// a one-line import change:
//
//   - const { getSignedUrl } = require('@aws-sdk/cloudfront-signer')
//   + const { getSignedUrl } = require('cdnsign/compat/aws-cloudfront-signer')
//
// Same inputs give the same URL (parameter order included) and the same
// cookies as the SDK (checked against @aws-sdk/cloudfront-signer 3.1166 by
// test/interop-aws-sdk.test.js), with these deliberate differences:
//   - the key is parsed once per distinct (key, passphrase, algorithm) and
//     cached, where the SDK re-parses the PEM on every call;
//   - errors are cdnsign errors with a stable `err.code`;
//   - a number for a date is read by the Date constructor as the SDK does
//     (milliseconds), but one that is clearly Unix *seconds* (below 1e11,
//     i.e. before 1973 as milliseconds) is refused instead of silently
//     signing a credential that expired in 1970;
//   - cookies for a wildcard resource without dateGreaterThan/ipAddress use a
//     custom policy: the SDK writes a canned policy with a wildcard, which
//     CloudFront matches only literally; for the same reason a URL with '*'
//     and neither dateGreaterThan nor ipAddress is refused;
//   - an unknown name in the input (`ipadress`, `date_less_than`) is refused
//     with the closest known one, and inherited properties are not read.
// Everything else (signing, policy JSON, encodings, checks) is the core's.
const { cloudfront, __checkOptions } = require('../index.js')

const CACHE_LIMIT = 32
const signerCache = new Map()

function invalid(message, field) {
  const e = new Error(message)
  e.code = 'CDNSIGN_INVALID_INPUT'
  if (field) e.field = field
  return e
}

// Unlike the SDK, an unknown name is refused (CDNSIGN_INVALID_INPUT, with
// the closest known one: a misspelt `ipadress` would otherwise sign without
// the IP restriction) and only the input's own properties are read (an
// inherited `url` or `policy`, or a polluted Object.prototype, is not
// input). The names are checked by the addon, as for its own options.
function ownInput(input, what) {
  __checkOptions(input, what)
  return { __proto__: null, ...input }
}

function signerFor({ keyPairId, privateKey, passphrase, algorithm }) {
  const keyText = Buffer.isBuffer(privateKey) ? privateKey.toString('latin1') : privateKey
  const cacheKey = JSON.stringify([keyPairId, keyText, passphrase ?? null, algorithm ?? 'SHA1'])
  let signer = signerCache.get(cacheKey)
  if (signer) {
    // keep recently used signers at the end (LRU)
    signerCache.delete(cacheKey)
    signerCache.set(cacheKey, signer)
    return signer
  }
  signer = new cloudfront.Signer({
    keyPairId,
    privateKey,
    passphrase,
    hashAlgorithm: algorithm === undefined ? undefined : algorithm,
  })
  signerCache.set(cacheKey, signer)
  if (signerCache.size > CACHE_LIMIT) signerCache.delete(signerCache.keys().next().value)
  return signer
}

/** The SDK's date handling: anything the Date constructor takes, rounded to the second. */
function epochSeconds(value, field) {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value === 'number' && Math.abs(value) < 1e11 && value !== 0) {
    throw invalid(
      `${field}=${value} is read as milliseconds by the Date constructor (as @aws-sdk/cloudfront-signer does), ` +
        `which is ${new Date(value).toISOString()}; pass a Date, a date string, or milliseconds (${value} seconds is ${value * 1000} ms)`,
      field,
    )
  }
  const d = new Date(value)
  const ms = d.getTime()
  if (Number.isNaN(ms)) return undefined
  return Math.round(ms / 1000)
}

// The SDK (3.1166) normalises the URL's path segments and query before
// signing; the same normalisation keeps signatures equal.
function encodeUrlPath(url) {
  const protocolEnd = url.indexOf('//')
  if (protocolEnd === -1) return url
  const pathStart = url.indexOf('/', protocolEnd + 2)
  if (pathStart === -1) return url
  const origin = url.slice(0, pathStart)
  const rest = url.slice(pathStart)
  const queryIndex = rest.indexOf('?')
  const rawPath = queryIndex === -1 ? rest : rest.slice(0, queryIndex)
  const rawQuery = queryIndex === -1 ? '' : rest.slice(queryIndex)
  const encodedPath = rawPath.replace(/[^/]+/g, (segment) => {
    try {
      return encodeURIComponent(decodeURIComponent(segment))
    } catch {
      return encodeURIComponent(segment)
    }
  })
  let encodedQuery = ''
  if (rawQuery) {
    const pairs = rawQuery
      .slice(1)
      .split('&')
      .filter((p) => p.length > 0)
      .map((pair) => {
        const eq = pair.indexOf('=')
        const key = eq === -1 ? pair : pair.slice(0, eq)
        const value = eq === -1 ? '' : pair.slice(eq + 1)
        return `${encodeQueryComponent(key)}=${encodeQueryComponent(value)}`
      })
    encodedQuery = pairs.length > 0 ? `?${pairs.join('&')}` : ''
  }
  return origin + encodedPath + encodedQuery
}

function encodeQueryComponent(component) {
  return component
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
    .split(/(%[0-9A-Fa-f]{2}|\+)/g)
    .map((part, i) => (i % 2 === 1 ? (part === '+' ? '+' : part.toUpperCase()) : encodeURIComponent(part).replace(/'/g, '%27')))
    .join('')
}

function policyResources(policy) {
  try {
    const parsed = JSON.parse(policy)
    return ((parsed && parsed.Statement) || []).map((s) => s && s.Resource)
  } catch {
    throw invalid('policy is not JSON', 'policy')
  }
}

const PARAM_ORDER = ['Expires', 'Policy', 'Key-Pair-Id', 'Signature', 'Hash-Algorithm']

/** Re-emits our signed URL's parameters in the SDK's order. */
function sdkOrder(base, signedUrl) {
  const tail = signedUrl.slice(base.length + 1)
  const params = new Map(tail.split('&').map((p) => {
    const eq = p.indexOf('=')
    return [p.slice(0, eq), p.slice(eq + 1)]
  }))
  const ordered = PARAM_ORDER.filter((k) => params.has(k)).map((k) => `${k}=${params.get(k)}`)
  return `${base}${base.includes('?') ? '&' : '?'}${ordered.join('&')}`
}

/**
 * Creates a signed URL string using a canned or custom policy
 * (`@aws-sdk/cloudfront-signer` `getSignedUrl`).
 */
function getSignedUrl(input) {
  const { dateLessThan, dateGreaterThan, url, keyPairId, privateKey, ipAddress, policy, passphrase, algorithm } =
    ownInput(input, 'getSignedUrl input')
  const signer = signerFor({ keyPairId, privateKey, passphrase, algorithm })
  if (!url && !policy) throw invalid("Please provide 'url' or 'policy'.", 'url')
  let baseUrl
  if (url) {
    baseUrl = encodeUrlPath(url)
  } else {
    const [resource] = policyResources(policy)
    if (!resource) {
      throw invalid('No URL provided and unable to determine URL from first policy statement resource.', 'policy')
    }
    baseUrl = resource.replace('*://', 'https://')
  }
  let signed
  if (policy) {
    signed = signer.signUrl(baseUrl, { policy })
  } else {
    const expires = epochSeconds(dateLessThan, 'dateLessThan')
    if (!expires) {
      throw invalid('dateLessThan is invalid. Ensure the date value is compatible with the Date constructor.', 'dateLessThan')
    }
    const options = { expires }
    const starts = epochSeconds(dateGreaterThan, 'dateGreaterThan')
    if (starts) options.starts = starts
    if (ipAddress) options.ipRange = ipAddress
    // The SDK's rule: custom exactly when there is a start or an IP. Asking
    // for it explicitly lets a '*' in the URL act as the resource pattern, as
    // in the SDK; a canned '*' URL is refused (CloudFront would match it only
    // literally).
    if (starts || ipAddress) options.policyKind = 'custom'
    signed = signer.signUrl(baseUrl, options)
  }
  return sdkOrder(baseUrl, signed)
}

/**
 * Creates signed cookies using a canned or custom policy
 * (`@aws-sdk/cloudfront-signer` `getSignedCookies`): an object with
 * `CloudFront-Key-Pair-Id`, `CloudFront-Signature` and `CloudFront-Expires`
 * (a number) or `CloudFront-Policy`, plus `CloudFront-Hash-Algorithm` for SHA256.
 */
function getSignedCookies(input) {
  const { ipAddress, url, privateKey, keyPairId, dateLessThan, dateGreaterThan, policy, passphrase, algorithm } =
    ownInput(input, 'getSignedCookies input')
  const signer = signerFor({ keyPairId, privateKey, passphrase, algorithm })
  let signed
  if (policy) {
    signed = signer.signCookies(undefined, { policy })
  } else {
    if (!url) throw invalid("Please provide 'url' or 'policy'.", 'url')
    const expires = epochSeconds(dateLessThan, 'dateLessThan')
    if (!expires) {
      throw invalid('dateLessThan is invalid. Ensure the date value is compatible with the Date constructor.', 'dateLessThan')
    }
    const options = { expires }
    const starts = epochSeconds(dateGreaterThan, 'dateGreaterThan')
    if (starts) options.starts = starts
    if (ipAddress) options.ipRange = ipAddress
    signed = signer.signCookies(url, options)
  }
  const c = signed.cookies
  const out = {
    'CloudFront-Key-Pair-Id': c['CloudFront-Key-Pair-Id'],
    'CloudFront-Signature': c['CloudFront-Signature'],
  }
  if (c['CloudFront-Expires'] !== undefined) out['CloudFront-Expires'] = Number(c['CloudFront-Expires'])
  if (c['CloudFront-Policy'] !== undefined) out['CloudFront-Policy'] = c['CloudFront-Policy']
  if (c['CloudFront-Hash-Algorithm'] !== undefined) out['CloudFront-Hash-Algorithm'] = c['CloudFront-Hash-Algorithm']
  return out
}

module.exports = { getSignedUrl, getSignedCookies }
