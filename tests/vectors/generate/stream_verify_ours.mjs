#!/usr/bin/env node
// Interop, our direction: Stream tokens made by cdnsign, verified by Node
// `jsonwebtoken` (algorithms: ["RS256"], clock fixed at the file's `now`) and by
// WebCrypto (RSASSA-PKCS1-v1_5 / SHA-256 over the first two parts, as a Worker
// would check it).
//
// Usage: node stream_verify_ours.mjs TOKENS.json
// (format: see stream_verify_ours.py; make one with `stream_verify_ours.py --cli`).

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jsonwebtoken = require("jsonwebtoken");

function b64urlToBytes(s) {
  const b64 = s.replaceAll("-", "+").replaceAll("_", "/") + "=".repeat((4 - (s.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function pemToDer(pem) {
  const body = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return b64urlToBytes(body.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, ""));
}

async function main() {
  const path = process.argv[2];
  if (!path) {
    console.error("usage: node stream_verify_ours.mjs TOKENS.json");
    process.exit(2);
  }
  const data = JSON.parse(readFileSync(path, "utf8"));
  const subtleKeys = {};
  for (const [kid, pem] of Object.entries(data.public_keys)) {
    subtleKeys[kid] = await crypto.subtle.importKey(
      "spki",
      pemToDer(pem),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["verify"],
    );
  }
  const failures = [];
  for (const t of data.tokens) {
    try {
      const [h, p, s] = t.token.split(".");
      const header = JSON.parse(new TextDecoder().decode(b64urlToBytes(h)));
      const kid = header.kid;
      if (!(kid in data.public_keys)) throw new Error(`no key for kid ${kid}`);
      const payload = jsonwebtoken.verify(t.token, data.public_keys[kid], {
        algorithms: ["RS256"],
        clockTimestamp: t.now ?? data.now,
      });
      if (t.payload && JSON.stringify(payload) !== JSON.stringify(t.payload)) {
        throw new Error(`payload ${JSON.stringify(payload)} != ${JSON.stringify(t.payload)}`);
      }
      const ok = await crypto.subtle.verify(
        { name: "RSASSA-PKCS1-v1_5" },
        subtleKeys[kid],
        b64urlToBytes(s),
        new TextEncoder().encode(`${h}.${p}`),
      );
      if (!ok) throw new Error("WebCrypto: signature does not verify");
    } catch (e) {
      failures.push(`${t.id}: ${e.message}`);
    }
  }
  for (const f of failures) console.log("Node FAIL", f);
  console.log(
    `jsonwebtoken + WebCrypto verified ${data.tokens.length - failures.length}/${data.tokens.length} cdnsign tokens`,
  );
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
