'use strict'
// The hot calls' JavaScript half (bench/ANALYSIS.md, "Node"). For
// `mediacdn.TokenSigner.sign` / `signUrl` / `signShortLived` and
// `webhook.Verifier.verify`, N-API work cost as much as a visible share of
// the cryptography:
//   - results: a JavaScript object literal costs far less than
//     `napi_create_object` plus a property per member, and holds no native
//     memory (the `SignedToken` class held ~700 bytes per token until a
//     deferred finalizer ran). The addon returns strings or writes numbers
//     into a Float64Array; the objects are built here.
//   - `this`: napi-rs unwraps and class-checks it on every method call. Each
//     instance is asked once for a handle (src/handles.rs) and later calls
//     are plain functions taking it.
//   - token claims: read here, by the addon's rules, and passed by position.
// `install` replaces those methods on the class prototypes and takes the
// addon's internal functions (`__` names) off the exports. The argument and
// option checks, and their errors, stay in the addon. index.d.ts (generated
// from the Rust sources) declares the shapes built here:
// `mediacdn.SignedToken` and `webhook.Verified`.

// The built-ins the calls below use, as they were when the package loaded
// (a program replacing `Object.keys` later must not change what is signed;
// the addon holds `JSON.parse`/`JSON.stringify` the same way).
const objectKeys = Object.keys
const isArray = Array.isArray

// The cookie a Media CDN token travels in, and its default attributes
// (core: `mediacdn::EDGE_CACHE_COOKIE`, `CookieAttributes::default()`).
const EDGE_CACHE_COOKIE = 'Edge-Cache-Cookie'
const DEFAULT_COOKIE_ATTRIBUTES = '; Path=/; Secure; HttpOnly'

/** Replaces `proto[name]` with `make(original)`, keeping its attributes. */
function wrap(proto, name, make) {
  const d = Object.getOwnPropertyDescriptor(proto, name)
  if (!d || typeof d.value !== 'function') throw new Error(`cdnsign: the addon has no method ${name}`)
  Object.defineProperty(proto, name, { ...d, value: make(d.value) })
}

/** Takes the addon's internal `name` off `holder`: results.js is its only caller. */
function take(holder, name) {
  const fn = holder[name]
  if (typeof fn !== 'function') throw new Error(`cdnsign: the addon has no ${name}`)
  delete holder[name]
  return fn
}

function getter(proto, name) {
  const d = Object.getOwnPropertyDescriptor(proto, name)
  if (!d || typeof d.get !== 'function') throw new Error(`cdnsign: the addon has no getter ${name}`)
  return d.get
}

/**
 * `infoOf(instance)`: `describe(instance, handle)` for an instance of the
 * class whose prototype is `proto`, computed on first use and kept while the
 * instance lives. Asking for the handle is a method call, so it checks that
 * `this` is such an instance (a TypeError otherwise), as every call did.
 */
function instanceInfo(proto, describe) {
  const handleMethod = take(proto, '__handle')
  const known = new WeakMap()
  return function infoOf(instance) {
    let info = known.get(instance)
    if (info === undefined) {
      info = describe(instance, handleMethod.call(instance))
      known.set(instance, info)
    }
    return info
  }
}

function installMediaCdn(mediacdn, signClaims) {
  const proto = mediacdn.TokenSigner.prototype
  const paramOf = getter(proto, 'param')
  const algorithmOf = getter(proto, 'algorithm')
  // A signer's parameter and algorithm never change.
  const infoOf = instanceInfo(proto, (signer, handle) => ({
    handle,
    param: paramOf.call(signer),
    algorithm: algorithmOf.call(signer),
  }))

  // The claims, read by the addon's rules (own enumerable names, every one
  // known) and handed over by position. `null` sends the object to the
  // addon's own reader, which refuses it with the usual message (not an
  // object, an array, an unknown or misspelt name).
  const names = take(mediacdn, '__tokenClaimNames')()
  if (names.length !== 10) throw new Error(`cdnsign: the addon has ${names.length} token claims, results.js 10`)
  const claimIndex = new Map(names.map((n, i) => [n, i]))
  function claimValues(claims) {
    if (typeof claims !== 'object' || claims === null || isArray(claims)) return null
    const v = [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]
    const keys = objectKeys(claims)
    for (let i = 0; i < keys.length; i++) {
      const j = claimIndex.get(keys[i])
      if (j === undefined) return null
      v[j] = claims[keys[i]]
    }
    return v
  }
  // `mode` as `sign_claims` (src/mediacdn.rs) reads it.
  const SIGN = 0
  const SIGN_URL = 1
  const SIGN_SHORT_LIVED = 2
  function signWith(info, mode, arg, v) {
    return signClaims(info.handle, mode, arg, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9])
  }

  // `r` is the token, whose signed value is everything before its last `~`
  // (the signature field), or `[token, signedValue]` when the token does not
  // carry all it signs (`FullPath`, `Headers`); the addon checks which.
  function signedToken(info, r, url) {
    let token
    let signedValue
    if (typeof r === 'string') {
      token = r
      signedValue = r.slice(0, r.lastIndexOf('~'))
    } else {
      token = r[0]
      signedValue = r[1]
    }
    const query = `${info.param}=${token}`
    const cookiePair = `${EDGE_CACHE_COOKIE}=${token}`
    const signed = {
      token,
      signedValue,
      param: info.param,
      algorithm: info.algorithm,
      query,
      cookie: {
        name: EDGE_CACHE_COOKIE,
        value: token,
        signedValue,
        cookiePair,
        setCookie: cookiePair + DEFAULT_COOKIE_ATTRIBUTES,
      },
    }
    // only `signUrl` has one: `url` is declared optional, so it is left out
    // (not present as `undefined`) otherwise
    if (url !== undefined) signed.url = `${url}${url.includes('?') ? '&' : '?'}${query}`
    return signed
  }

  wrap(proto, 'sign', (native) =>
    function sign(claims) {
      const v = claimValues(claims)
      if (v === null) return signedToken(infoOf(this), native.call(this, claims), undefined)
      const info = infoOf(this)
      return signedToken(info, signWith(info, SIGN, undefined, v), undefined)
    })
  wrap(proto, 'signUrl', (native) =>
    function signUrl(url, claims) {
      const v = typeof url === 'string' ? claimValues(claims) : null
      if (v === null) return signedToken(infoOf(this), native.call(this, url, claims), url)
      const info = infoOf(this)
      return signedToken(info, signWith(info, SIGN_URL, url, v), url)
    })
  wrap(proto, 'signShortLived', (native) =>
    function signShortLived(claims, options) {
      const v = claimValues(claims)
      if (v === null) return signedToken(infoOf(this), native.call(this, claims, options), undefined)
      const info = infoOf(this)
      return signedToken(info, signWith(info, SIGN_SHORT_LIVED, options, v), undefined)
    })
}

function installWebhook(webhook, verifyByHandle) {
  const proto = webhook.Verifier.prototype
  const infoOf = instanceInfo(proto, (verifier, handle) => handle)
  // The addon writes time, age and secretIndex here (one array per loaded
  // copy of this module, so per thread; read right after the synchronous call).
  const out = new Float64Array(3)
  // `options` is `{ now }` or `{}` nearly always: then `now` is passed by
  // itself (reading the object through N-API cost a third of the call).
  // Anything else goes to the addon as it is, which reads or refuses it.
  function verify(header, body, options) {
    const handle = infoOf(this)
    if (options !== undefined && options !== null && typeof options === 'object' && !isArray(options)) {
      const keys = objectKeys(options)
      if (keys.length === 0 || (keys.length === 1 && keys[0] === 'now')) {
        // own members only: an inherited `now` is not an option
        verifyByHandle(handle, header, body, undefined, out, keys.length === 0 ? undefined : options.now)
        return { time: out[0], age: out[1], secretIndex: out[2] }
      }
    }
    verifyByHandle(handle, header, body, options, out, undefined)
    return { time: out[0], age: out[1], secretIndex: out[2] }
  }
  wrap(proto, 'verify', () => verify)
}

// Marks an addon whose methods are already wrapped (a module registry reset
// can evaluate this file again over the same addon).
const INSTALLED = Symbol.for('cdnsign.results.installed')

/** Installs the wrappers on the loaded addon (once) and returns it. */
function install(binding) {
  if (binding[INSTALLED]) return binding
  Object.defineProperty(binding, INSTALLED, { value: true })
  // Plain N-API callbacks, without napi-rs's per-call glue (src/raw.rs).
  const raw = take(binding, '__rawFunctions')()
  installMediaCdn(binding.mediacdn, raw.mediacdnSignClaims)
  installWebhook(binding.webhook, raw.webhookVerify)
  return binding
}

module.exports = { install }
