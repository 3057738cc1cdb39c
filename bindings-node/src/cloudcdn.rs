//! `cloudcdn`: Google Cloud CDN signed URLs, prefixes and cookies (`cdnsign::cloudcdn`).

use napi::{Env, Unknown, ValueType};
use napi_derive::napi;

use cdnsign::api::records;
use cdnsign::cloudcdn as cc;

use crate::convert::{self, core, JsResult, Opts, Record, Shape};
use crate::export::{functions, methods};
use crate::mediacdn::request;

static SIGNER_OPTIONS: Shape = Shape::options("cloudcdn.Signer options", SignerOptions::MEMBERS);

/// The cookie name: `Cloud-CDN-Cookie`.
#[napi(namespace = "cloudcdn")]
pub const COOKIE_NAME: &str = cc::CLOUD_CDN_COOKIE;

ts_only! {
    "cloudcdn";
    #[doc = " Options of `new cloudcdn.Signer(options)`."]
    SignerOptions {
        #[doc = " The key's name on the backend service or bucket (`KeyName=`)."]
        pub key_name: String,
        #[doc = " The 16-byte key: the key file's base64url text, or the raw bytes as a Buffer."]
        pub key: () as "string | Buffer",
        #[doc = " Pad base64url (default true, as Google's samples emit it)."]
        pub padded: Option<bool>,
    }
}

ts_record! { "cloudcdn" #[doc = " What a successful verification established."] Verified = CloudCdnVerified }

fn key_from(v: Unknown, field: &str) -> JsResult<cc::SigningKey> {
    if v.get_type().map_err(convert::napi_fail)? == ValueType::String {
        core(cc::SigningKey::from_key_file(&convert::to_string(
            v, field,
        )?))
    } else {
        core(cc::SigningKey::from_bytes(&convert::to_bytes(v, field)?))
    }
}

/// Signs Cloud CDN URLs, URL prefixes and cookies (HMAC-SHA1).
#[napi(namespace = "cloudcdn", js_name = "Signer")]
pub struct CloudCdnSigner {
    pub(crate) inner: cc::Signer,
}

methods! { "cloudcdn" CloudCdnSigner {
    #[doc = " `new cloudcdn.Signer({ keyName, key, padded? })`."]
    #[ts("options: SignerOptions")]
    new(env, options) as "cloudcdn.Signer" {
        let o = Opts::new(Some(options), &SIGNER_OPTIONS)?;
        let name = o.req_string("keyName")?;
        let key = match o.get("key")? {
            Some(k) => key_from(k, "key")?,
            None => return Err(convert::input_err("key", "key is required")),
        };
        let mut inner = core(cc::Signer::new(&name, key))?;
        if let Some(p) = o.bool("padded")? {
            inner = inner.with_padding(p);
        }
        Ok(Self { inner })
    }

    #[doc = " The key name (`KeyName=`)."]
    get key_name(&self) -> String {
        self.inner.key_name().to_owned()
    }
} }

google_signer_methods! {
    "cloudcdn",
    CloudCdnSigner,
    sign_url: [
        " Exact URL: signs `<url>?Expires=N&KeyName=K`, appends `&Signature=…`."
    ] "mediacdn.SignedUrl",
    sign_prefix: [
        " `url` (under `prefix`, which has no query) carrying"
        " `URLPrefix=…&Expires=…&KeyName=…&Signature=…`."
    ] "mediacdn.SignedUrl",
    prefix_query: [
        " The prefix signature as query parameters for any URL under `prefix`."
    ] "mediacdn.SignedQuery",
    sign_cookie: [
        " `Cloud-CDN-Cookie` for every URL under `prefix`, with its `Set-Cookie` value."
    ] "prefix: string, options: mediacdn.CookieOptions & { expires: Date | number }" "mediacdn.SignedCookie",
}

/// Verifies Cloud CDN signed URLs, prefixes and cookies at the origin
/// (Cloud CDN lets unsigned requests through, so the origin must check).
#[napi(namespace = "cloudcdn", js_name = "Verifier")]
pub struct CloudCdnVerifier {
    pub(crate) inner: cc::Verifier,
}

methods! { "cloudcdn" CloudCdnVerifier {
    #[doc = " `new cloudcdn.Verifier({ [keyName]: key })`: key-file text or 16 raw bytes."]
    #[ts("keys: Record<string, string | Buffer>")]
    new(env, keys) as "cloudcdn.Verifier" {
        let obj = convert::to_object(keys, "keys")?;
        let mut inner = cc::Verifier::new();
        for (name, k) in convert::entries(&obj)? {
            core(inner.add_key(&name, key_from(k, &format!("keys.{name}"))?))?;
        }
        Ok(Self { inner })
    }

    #[doc = " The key names held."]
    get key_names(&self) -> Vec<String> {
        self.inner
            .key_names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[doc = " Verifies the signed URL, prefix or `Cloud-CDN-Cookie` of a request"]
    #[doc = " (`{ url, now?, headers?, cookie?, clientIp? }`, as for `mediacdn`)."]
    #[ts("request: mediacdn.Request", "cloudcdn.Verified")]
    fn verify(&self, env, request) -> Record<records::CloudCdnVerified> {
        let req = self::request(request)?;
        core(self.inner.verify(&req)).map(|v| Record::of(&v))
    }
} }

functions! { "cloudcdn" {
    #[doc = " A fresh random 16-byte key as key-file text (padded base64url, for"]
    #[doc = " `gcloud compute backend-services add-signed-url-key --key-file`)."]
    fn generate_key(env) -> String {
        let (_key, text) = core(cc::SigningKey::generate())?;
        Ok(text.to_string())
    }
} }

explain_export! {
    "cloudcdn",
    CloudCdn,
    [" Options of `cloudcdn.explain(input, options)`."],
    [
        " Decodes a Cloud CDN signed URL, signed prefix or `Cloud-CDN-Cookie`"
        " without any key and says in plain words what it grants and why Cloud CDN"
        " would refuse it."
    ],
}
