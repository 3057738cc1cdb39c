// make test-browser: a real player (hls.js) in a real browser (Debian's
// headless Chromium, driven by playwright-core: nothing is downloaded) plays
// an HLS stream made by ffmpeg through `cdnsign edge`, for every scheme:
// CloudFront signed cookies, a Stream token URL, the Media CDN dual-token
// flow, a Cloud CDN signed cookie. Expired, tampered and other-path
// credentials must be refused with the right code in the edge's access log.
//
// Artifacts in target/browser/: edge-browser.png (the page), access.log.
// Environment: CDNSIGN_CLI (default target/debug/cdnsign), CHROMIUM
// (default /usr/bin/chromium).

"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { spawn, execFileSync } = require("node:child_process");
const readline = require("node:readline");
const { chromium } = require("playwright-core");

const ROOT = path.resolve(__dirname, "../..");
const CLI = process.env.CDNSIGN_CLI || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, "target"), "debug", "cdnsign");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const KEYS = path.join(ROOT, "tests/vectors/keys");
const OUT = path.join(ROOT, "target/browser");
const MEDIA = path.join(OUT, "media");
const STREAM_UID = "5d5bc37ffcf54c9b82e996823bffbb81";

function cli(...args) {
  return JSON.parse(execFileSync(CLI, ["--json", ...args], { encoding: "utf8" }));
}

function makeMedia() {
  fs.rmSync(OUT, { recursive: true, force: true });
  const src = path.join(OUT, "src");
  fs.mkdirSync(src, { recursive: true });
  // 8 s of test pattern and a tone, 2 s segments: four .ts files.
  execFileSync("ffmpeg", [
    "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", "testsrc=duration=8:size=320x240:rate=25",
    "-f", "lavfi", "-i", "sine=frequency=440:duration=8",
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
    "-c:a", "aac", "-shortest",
    "-hls_time", "2", "-hls_playlist_type", "vod",
    "-hls_segment_filename", path.join(src, "seg%d.ts"),
    path.join(src, "video.m3u8"),
  ]);
  const copy = (dir) => {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  };
  for (const d of ["cf/v1", "cf/v2", "cf/m1", `stream/${STREAM_UID}/manifest`, "mc/v1", "mch/v1", "mch/other", "gc/v1", "gc/other"]) {
    copy(path.join(MEDIA, d));
  }
  const player = path.join(MEDIA, "player");
  fs.mkdirSync(player, { recursive: true });
  for (const f of ["index.html", "player.js"]) {
    fs.copyFileSync(path.join(__dirname, "page", f), path.join(player, f));
  }
  fs.copyFileSync(require.resolve("hls.js/dist/hls.min.js"), path.join(player, "hls.min.js"));
}

function writeConfig() {
  const toml = `
listen = "127.0.0.1:0"
root = "media"
json = true
log = "access.log"

[[route]]
prefix = "/player/"
provider = "none"
root = "media/player"

[[route]]
prefix = "/cf/"
provider = "cloudfront"
root = "media/cf"
keys = [
  { id = "K1", public_key_file = "${KEYS}/cloudfront-rsa2048.pub.pem" },
  { id = "K2", public_key_file = "${KEYS}/cloudfront-rsa2048-b.pub.pem" },
]

[[route]]
prefix = "/stream/"
provider = "stream"
root = "media/stream"
keys = [{ public_key_file = "${KEYS}/stream-key-2.json" }]

[[route]]
prefix = "/mc/"
provider = "mediacdn"
root = "media/mc"
signed_request_mode = "REQUIRE_TOKENS"
keys = [{ id = "app-key", public_key_file = "${KEYS}/mediacdn-ed25519.pub.b64url" }]

[route.add_signatures]
actions = ["GENERATE_COOKIE"]
token_ttl = 3600

[[route]]
prefix = "/mch/"
provider = "mediacdn"
root = "media/mch"
keys = [{ id = "app-key", public_key_file = "${KEYS}/mediacdn-ed25519.pub.b64url" }]
add_signatures = { actions = ["GENERATE_TOKEN_HLS_COOKIELESS"], token_ttl = 3600 }

[[route]]
prefix = "/gc/"
provider = "cloudcdn"
root = "media/gc"
keys = [{ id = "k1", shared_key_file = "${KEYS}/cloudcdn-key.b64url" }]
`;
  const file = path.join(OUT, "edge.toml");
  fs.writeFileSync(file, toml);
  return file;
}

function startEdge(config) {
  const child = spawn(CLI, ["edge", "--config", config], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout });
    rl.once("line", (line) => {
      try {
        resolve({ url: JSON.parse(line).url, child });
      } catch (e) {
        reject(new Error(`unexpected first line from cdnsign edge: ${line}`));
      }
    });
    child.once("exit", (code) => reject(new Error(`cdnsign edge exited with ${code}`)));
  });
}

function readLog() {
  return fs
    .readFileSync(path.join(OUT, "access.log"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

test("hls.js plays through cdnsign edge for every scheme; bad credentials are refused", { timeout: 180_000 }, async () => {
  makeMedia();
  const { url, child } = await startEdge(writeConfig());
  let browser;
  try {
    const now = Math.floor(Date.now() / 1000);
    const host = new URL(url).hostname;

    // CloudFront signed cookies for /cf/v1/*, and expired ones for /cf/v2/*.
    const cf = cli("cloudfront", "sign-cookies", "--private-key", `${KEYS}/cloudfront-rsa2048.pem`,
      "--key-pair-id", "K1", "--policy", "custom", "--expires", "+10m", `${url}/cf/v1/*`);
    const cfOld = cli("cloudfront", "sign-cookies", "--private-key", `${KEYS}/cloudfront-rsa2048.pem`,
      "--key-pair-id", "K1", "--policy", "custom", "--now", String(now - 3600), "--expires", "+60",
      `${url}/cf/v2/*`);
    // A CloudFront signed manifest (issue 17): one custom policy over
    // /cf/m1/*, signed once, on every reference of the playlist and on the
    // playlist's own URL; no cookies.
    const cfm = JSON.parse(execFileSync(CLI, ["--json", "cloudfront", "sign-manifest",
      "--private-key", `${KEYS}/cloudfront-rsa2048.pem`, "--key-pair-id", "K1",
      "--url", `${url}/cf/m1/video.m3u8`, "--expires", "+10m"],
    { input: fs.readFileSync(path.join(MEDIA, "cf/m1/video.m3u8")), encoding: "utf8" }));
    fs.writeFileSync(path.join(MEDIA, "cf/m1/signed.m3u8"), cfm.manifest);
    // A Stream token, and one whose payload was swapped (tampered).
    const st = cli("stream", "sign", "--key", `${KEYS}/stream-key-2.json`, "--video", STREAM_UID, "--expires", "+10m");
    const other = cli("stream", "sign", "--key", `${KEYS}/stream-key-2.json`, "--video", "0".repeat(32), "--expires", "+10m");
    const parts = st.token.split(".");
    parts[1] = other.token.split(".")[1];
    const tampered = parts.join(".");
    // The Media CDN short-duration token (60 s) for /mc/v1/*, and an expired one.
    const mc = cli("mediacdn", "sign-short-lived", "--key", `${KEYS}/mediacdn-ed25519.seed.b64url-nopad`,
      "--path-glob", "/mc/v1/*");
    const mcOld = cli("mediacdn", "sign-short-lived", "--key", `${KEYS}/mediacdn-ed25519.seed.b64url-nopad`,
      "--path-glob", "/mc/v1/*", "--now", String(now - 600));
    // The same for the cookieless route (the edge rewrites the playlist).
    const mch = cli("mediacdn", "sign-short-lived", "--key", `${KEYS}/mediacdn-ed25519.seed.b64url-nopad`,
      "--path-glob", "/mch/v1/*");
    // A Cloud CDN signed cookie for /gc/v1/, sent for all of /gc/.
    const gc = cli("cloudcdn", "sign-cookie", "--key", `${KEYS}/cloudcdn-key.b64url`, "--key-name", "k1",
      "--prefix", `${url}/gc/v1/`, "--expires", "+10m");

    const cases = [
      { id: "cloudfront", label: "CloudFront signed cookies", src: "/cf/v1/video.m3u8", expect: "play" },
      { id: "cloudfront_manifest", label: "CloudFront signed manifest", src: `/cf/m1/signed.m3u8?${cfm.credential}`, expect: "play" },
      { id: "stream", label: "Stream token URL", src: `/stream/${st.token}/manifest/video.m3u8`, expect: "play" },
      { id: "mediacdn", label: "Media CDN dual token (cookie)", src: `/mc/v1/video.m3u8?${mc.query}`, expect: "play" },
      { id: "mediacdn_hls", label: "Media CDN dual token (HLS, no cookie)", src: `/mch/v1/video.m3u8?${mch.query}`, expect: "play" },
      { id: "cloudcdn", label: "Cloud CDN signed cookie", src: "/gc/v1/video.m3u8", expect: "play" },
      { id: "cf_expired", label: "CloudFront: expired cookies", src: "/cf/v2/video.m3u8", expect: "refuse", code: "expired" },
      { id: "stream_tampered", label: "Stream: tampered token", src: `/stream/${tampered}/manifest/video.m3u8`, expect: "refuse", code: "bad_signature" },
      { id: "mc_expired", label: "Media CDN: expired short token", src: `/mc/v1/video.m3u8?${mcOld.query}`, expect: "refuse", code: "expired" },
      { id: "gc_other", label: "Cloud CDN: other path", src: "/gc/other/video.m3u8", expect: "refuse", code: "url_mismatch" },
      { id: "mch_other", label: "Media CDN: other path", src: `/mch/other/video.m3u8?${mch.query}`, expect: "refuse", code: "url_mismatch" },
    ];

    const userDataDir = fs.mkdtempSync(path.join(OUT, "profile-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 680 },
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
      ],
    });
    browser = context;
    const cookie = (name, value, p) => ({ name, value, domain: host, path: p, httpOnly: true, secure: false, sameSite: "Lax" });
    await context.addCookies([
      ...cf.cookies.map(({ name, value }) => cookie(name, value, "/cf/v1/")),
      ...cfOld.cookies.map(({ name, value }) => cookie(name, value, "/cf/v2/")),
      cookie("Cloud-CDN-Cookie", gc.value, "/gc/"),
    ]);
    const page = await context.newPage();
    const consoleLines = [];
    page.on("console", (m) => consoleLines.push(m.text()));
    await page.goto(`${url}/player/index.html#${encodeURIComponent(JSON.stringify(cases))}`);

    const plays = cases.filter((c) => c.expect === "play").map((c) => c.id);
    const refusals = cases.filter((c) => c.expect === "refuse").map((c) => c.id);
    const settled = async () =>
      page.evaluate(
        ({ plays, refusals }) =>
          plays.every((id) => window.results[id] && window.results[id].frags >= 3 && window.results[id].currentTime > 1) &&
          refusals.every((id) => window.results[id] && window.results[id].error),
        { plays, refusals },
      );
    const deadline = Date.now() + 60_000;
    while (!(await settled())) {
      if (Date.now() > deadline) {
        const r = await page.evaluate(() => window.results);
        assert.fail(`players did not settle in 60 s: ${JSON.stringify(r)}\nconsole: ${consoleLines.join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // currentTime keeps advancing.
    const before = await page.evaluate(() => window.results);
    await new Promise((r) => setTimeout(r, 1000));
    const after = await page.evaluate(() => window.results);
    for (const id of plays) {
      assert.ok(after[id].currentTime > before[id].currentTime,
        `${id}: currentTime did not advance (${before[id].currentTime} -> ${after[id].currentTime})`);
      assert.equal(after[id].error, null, `${id}: ${after[id].error}`);
    }
    await page.screenshot({ path: path.join(OUT, "edge-browser.png"), fullPage: true });

    // The access log: segments allowed per scheme, refusals with their codes.
    const log = readLog();
    const summary = {};
    const where_played = { cloudfront: "/cf/v1/", cloudfront_manifest: "/cf/m1/", stream: "/stream/", mediacdn: "/mc/v1/", mediacdn_hls: "/mch/v1/", cloudcdn: "/gc/v1/" };
    for (const id of plays) {
      const segs = log.filter((e) => e.path.startsWith(where_played[id]) && e.decision === "allow" && e.status < 300 && e.path.endsWith(".ts"));
      assert.ok(segs.length >= 3, `${id}: ${segs.length} segments allowed in the access log`);
      summary[id] = { segments_allowed: segs.length, frags: after[id].frags, currentTime: after[id].currentTime };
    }
    // The signed manifest: the playlist and every segment by the URL credential
    // the manifest module appended (no cookie covers /cf/m1/).
    assert.ok(log.filter((e) => e.path.startsWith("/cf/m1/") && e.decision === "allow" && e.form === "url").length >= 4);
    // Dual token: the manifest opened by the short-duration token, the
    // segments by the long-duration cookie the edge set.
    assert.ok(log.some((e) => e.route === "/mc/" && e.decision === "allow" && e.form === "short-duration token" && e.path.endsWith(".m3u8")));
    assert.ok(log.filter((e) => e.route === "/mc/" && e.decision === "allow" && e.form === "long-duration token_cookie" && e.path.endsWith(".ts")).length >= 3);
    // Cookieless: the rewritten playlist carries the long-duration token to every segment.
    assert.ok(log.some((e) => e.route === "/mch/" && e.decision === "allow" && e.form === "short-duration token" && e.path.endsWith(".m3u8")));
    assert.ok(log.filter((e) => e.route === "/mch/" && e.decision === "allow" && e.form === "long-duration token" && e.path.endsWith(".ts")).length >= 3);
    const where = { cf_expired: "/cf/v2/", stream_tampered: "/stream/", mc_expired: "/mc/v1/", gc_other: "/gc/other/", mch_other: "/mch/other/" };
    for (const c of cases.filter((x) => x.expect === "refuse")) {
      const hit = log.find((e) => e.decision === "deny" && e.status === 403 && e.path.startsWith(where[c.id]) && e.code === c.code);
      assert.ok(hit, `${c.id}: no 403 with code ${c.code} under ${where[c.id]} in the access log`);
      assert.equal(after[c.id].http, 403, `${c.id}: the player saw HTTP ${after[c.id].http}`);
      assert.equal(after[c.id].code, c.code, `${c.id}: the player saw x-cdnsign-code ${after[c.id].code}`);
      summary[c.id] = { refused: c.code };
    }
    fs.writeFileSync(path.join(OUT, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
    console.log(`browser: ${JSON.stringify(summary)}`);
  } finally {
    if (browser) await browser.close();
    child.kill("SIGTERM");
  }
});
