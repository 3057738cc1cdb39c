'use strict'
// Results built in JavaScript from what the addon returns, for the calls
// where N-API object creation was a visible share of the work
// (bench/ANALYSIS.md): a JavaScript object literal costs far less than
// `napi_create_object` plus one `napi_set_named_property` per member, and it
// holds no native memory, so nothing waits for a finalizer.
//
// `install` replaces a few methods on the addon's class prototypes with
// wrappers that call the native method and shape its result. The native
// method still checks `this`, the arguments and the options, so its errors
// are unchanged. index.d.ts (generated from the Rust sources) declares the
// shapes built here: `mediacdn.SignedToken` and `webhook.Verified`.

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

function getter(proto, name) {
  const d = Object.getOwnPropertyDescriptor(proto, name)
  if (!d || typeof d.get !== 'function') throw new Error(`cdnsign: the addon has no getter ${name}`)
  return d.get
}

function installMediaCdn(mediacdn) {
  const proto = mediacdn.TokenSigner.prototype
  const paramOf = getter(proto, 'param')
  const algorithmOf = getter(proto, 'algorithm')
  // A signer's parameter and algorithm never change: read them once.
  const meta = new WeakMap()

  // `r` is the token, whose signed value is everything before its last `~`
  // (the signature field), or `[token, signedValue]` when the token does not
  // carry all it signs (`FullPath`, `Headers`); the addon checks which.
  function signedToken(signer, r, url) {
    let token
    let signedValue
    if (typeof r === 'string') {
      token = r
      signedValue = r.slice(0, r.lastIndexOf('~'))
    } else {
      token = r[0]
      signedValue = r[1]
    }
    let m = meta.get(signer)
    if (m === undefined) {
      m = { param: paramOf.call(signer), algorithm: algorithmOf.call(signer) }
      meta.set(signer, m)
    }
    const query = `${m.param}=${token}`
    const cookiePair = `${EDGE_CACHE_COOKIE}=${token}`
    return {
      token,
      signedValue,
      param: m.param,
      algorithm: m.algorithm,
      query,
      url: url === undefined ? undefined : `${url}${url.includes('?') ? '&' : '?'}${query}`,
      cookie: {
        name: EDGE_CACHE_COOKIE,
        value: token,
        signedValue,
        cookiePair,
        setCookie: cookiePair + DEFAULT_COOKIE_ATTRIBUTES,
      },
    }
  }

  wrap(proto, 'sign', (native) =>
    function sign(claims) {
      return signedToken(this, native.call(this, claims), undefined)
    })
  wrap(proto, 'signUrl', (native) =>
    function signUrl(url, claims) {
      return signedToken(this, native.call(this, url, claims), url)
    })
  wrap(proto, 'signShortLived', (native) =>
    function signShortLived(claims, options) {
      return signedToken(this, native.call(this, claims, options), undefined)
    })
}

function installWebhook(webhook) {
  // The addon writes time, age and secretIndex here (one array per loaded
  // copy of this module, so per thread; read right after the synchronous call).
  const out = new Float64Array(3)
  wrap(webhook.Verifier.prototype, 'verify', (native) =>
    function verify(header, body, options) {
      native.call(this, header, body, options, out)
      return { time: out[0], age: out[1], secretIndex: out[2] }
    })
}

// Marks an addon whose methods are already wrapped (a module registry reset
// can evaluate this file again over the same addon).
const INSTALLED = Symbol.for('cdnsign.results.installed')

/** Installs the wrappers on the loaded addon (once) and returns it. */
function install(binding) {
  if (binding[INSTALLED]) return binding
  Object.defineProperty(binding, INSTALLED, { value: true })
  installMediaCdn(binding.mediacdn)
  installWebhook(binding.webhook)
  return binding
}

module.exports = { install }
