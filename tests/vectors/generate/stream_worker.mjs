#!/usr/bin/env node
// Reference token makers for stream.json, driven by stream_vectors.py.
//
// 1. `worker`: the algorithm of Cloudflare's documented Worker ("Secure your Stream",
//    Step 2: Generate tokens using the key), re-implemented here on Node's WebCrypto:
//    header {"alg":"RS256","kid":id}, the claims object as given, each part
//    JSON.stringify'd, UTF-8 encoded, base64url without padding; the key is the
//    base64 `jwk` field of the /stream/keys response, imported as a JWK for
//    RSASSA-PKCS1-v1_5 / SHA-256.
// 2. `jsonwebtoken`: tokens as the popular Node library makes them (typ:"JWT",
//    iat added), for the "ours verify theirs" direction.
//
// stdin:  {"jwk_b64": "...", "kid": "...", "worker": [{"id", "claims"}],
//          "jsonwebtoken": [{"id", "claims", "pem", "kid", "options"}]}
// stdout: {"worker": {"<id>": "<token>"}, "jsonwebtoken": {"<id>": "<token>"}}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jsonwebtoken = require("jsonwebtoken");

// base64url without '=' of raw bytes, via btoa over a binary string (what the
// Worker does; Workers have no Buffer).
function bytesToB64url(bytes) {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function jsonPart(value) {
  return bytesToB64url(new TextEncoder().encode(JSON.stringify(value)));
}

async function importJwk(jwkB64) {
  const jwk = JSON.parse(atob(jwkB64));
  return crypto.subtle.importKey(
    "jwk",
    jwk,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
}

async function workerToken(key, kid, claims) {
  const signingInput = `${jsonPart({ alg: "RS256", kid })}.${jsonPart(claims)}`;
  const sig = await crypto.subtle.sign(
    { name: "RSASSA-PKCS1-v1_5" },
    key,
    new TextEncoder().encode(signingInput),
  );
  return `${signingInput}.${bytesToB64url(new Uint8Array(sig))}`;
}

async function main() {
  const req = JSON.parse(readFileSync(0, "utf8"));
  const out = { worker: {}, jsonwebtoken: {} };
  const key = await importJwk(req.jwk_b64);
  for (const c of req.worker ?? []) {
    out.worker[c.id] = await workerToken(key, req.kid, c.claims);
  }
  for (const c of req.jsonwebtoken ?? []) {
    const options = { algorithm: "RS256", keyid: c.kid, ...(c.options ?? {}) };
    out.jsonwebtoken[c.id] = jsonwebtoken.sign(c.claims, c.pem, options);
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
