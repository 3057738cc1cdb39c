#!/usr/bin/env node
// Runs @aws-sdk/cloudfront-signer (the version pinned in package.json) for
// cloudfront.json; driven by cloudfront_vectors.py. Never cdnsign code.
//
// The SDK does not expose the policy it signs for canned URLs, so before the
// SDK module is loaded we wrap node:crypto's createSign (the SDK destructures
// it at load time) to record the exact bytes handed to Sign#update. That is
// observation only: the signature still comes from Node's own Sign object.
//
// stdin:  {"requests": [{"id", "fn": "getSignedUrl" | "getSignedCookies",
//                        "privateKeyFile", "args": {...SDK options; dates as
//                        Unix seconds in dateLessThan/dateGreaterThan}}]}
// stdout: {"<id>": {"result": <url string | cookie object>,
//                   "signed": ["<policy bytes as signed>", ...],
//                   "algorithm": "<createSign algorithm name>"}
//          or {"error": "<message>"} when the SDK throws}

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const nodeCrypto = require("node:crypto");

const recorded = { signed: [], algorithm: null };
const realCreateSign = nodeCrypto.createSign;
nodeCrypto.createSign = function recordingCreateSign(algorithm, options) {
  const sign = realCreateSign(algorithm, options);
  const realUpdate = sign.update.bind(sign);
  recorded.algorithm = algorithm;
  sign.update = (data, encoding) => {
    recorded.signed.push(Buffer.isBuffer(data) ? data.toString("utf8") : String(data));
    return realUpdate(data, encoding);
  };
  return sign;
};

const { getSignedUrl, getSignedCookies } = require("@aws-sdk/cloudfront-signer");
const sdkVersion = require("@aws-sdk/cloudfront-signer/package.json").version;

const here = path.dirname(fileURLToPath(import.meta.url));
const vectorsDir = path.dirname(here);

function toDate(seconds) {
  // The SDK's documented inputs are Date objects or date strings; a bare
  // number would be read as milliseconds by `new Date(n)`.
  return seconds === undefined || seconds === null ? undefined : new Date(seconds * 1000);
}

const input = JSON.parse(readFileSync(0, "utf8"));
const out = { sdkVersion, nodeVersion: process.version, results: {} };
for (const req of input.requests) {
  const privateKey = readFileSync(path.join(vectorsDir, req.privateKeyFile), "utf8");
  const args = { ...req.args, privateKey };
  if ("dateLessThan" in args) args.dateLessThan = toDate(args.dateLessThan);
  if ("dateGreaterThan" in args) args.dateGreaterThan = toDate(args.dateGreaterThan);
  recorded.signed = [];
  recorded.algorithm = null;
  try {
    const fn = req.fn === "getSignedCookies" ? getSignedCookies : getSignedUrl;
    const result = fn(args);
    out.results[req.id] = { result, signed: [...recorded.signed], algorithm: recorded.algorithm };
  } catch (e) {
    out.results[req.id] = { error: String(e && e.message ? e.message : e) };
  }
}
process.stdout.write(JSON.stringify(out));
