//! Each provider through a running edge: allowed, expired, tampered, another
//! path, traversal. Keys are the test keys in tests/vectors/keys/.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use cdnsign::{cloudcdn, cloudfront, mediacdn, stream};
use cdnsign_edge::config::{AddSignaturesConfig, BehaviorConfig, KeyConfig};
use cdnsign_edge::{Config, Edge, RouteConfig};

fn keys_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors/keys")
}

fn key(name: &str) -> String {
    std::fs::read_to_string(keys_dir().join(name)).unwrap()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A media tree: <dir>/a/{index.m3u8,seg0.ts}, <dir>/b/seg0.ts,
/// <dir>/vid1/manifest/video.m3u8, and a symlink a/escape -> /etc.
fn media(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cdnsign-edge-test-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    std::fs::create_dir_all(dir.join("vid1/manifest")).unwrap();
    std::fs::write(
        dir.join("a/index.m3u8"),
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n",
    )
    .unwrap();
    std::fs::write(dir.join("a/seg0.ts"), vec![0x47u8; 1880]).unwrap();
    std::fs::write(dir.join("b/seg0.ts"), vec![0x47u8; 188]).unwrap();
    std::fs::write(dir.join("vid1/manifest/video.m3u8"), "#EXTM3U\n").unwrap();
    std::fs::write(dir.join("vid1/manifest/seg0.ts"), vec![0x47u8; 188]).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc", dir.join("a/escape")).unwrap();
    dir
}

struct Running {
    addr: SocketAddr,
}

fn start(routes: Vec<RouteConfig>, root: &Path) -> Running {
    let cfg = Config {
        listen: "127.0.0.1:0".to_string(),
        root: Some(root.to_path_buf()),
        quiet: true,
        routes,
        ..Config::default()
    };
    let edge = Edge::new(cfg).expect("config");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = edge.bind().await.unwrap();
            tx.send(l.local_addr().unwrap()).unwrap();
            let _ = edge.serve(l).await;
        });
    });
    Running {
        addr: rx.recv().unwrap(),
    }
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn code(&self) -> &str {
        self.header("x-cdnsign-code").unwrap_or("")
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Running {
    fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn get(&self, target: &str, headers: &[(&str, &str)]) -> Resp {
        let mut s = TcpStream::connect(self.addr).unwrap();
        let mut req = format!("GET {target} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (n, v) in headers {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        req.push_str("Connection: close\r\n\r\n");
        s.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        Resp {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }
}

fn traversal(edge: &Running, prefix: &str, headers: &[(&str, &str)]) {
    let r = edge.get(&format!("{prefix}a/../b/seg0.ts"), headers);
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(r.code(), "bad_path");
    let r = edge.get(&format!("{prefix}a/%2e%2e/b/seg0.ts"), headers);
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "bad_path");
}

// ---- CloudFront ------------------------------------------------------------------

fn cf_route() -> RouteConfig {
    let mut r = RouteConfig::new("/cf/", "cloudfront");
    for (id, file) in [
        ("K1", "cloudfront-rsa2048.pub.pem"),
        ("K2", "cloudfront-rsa2048-b.pub.pem"),
    ] {
        r.keys.push(KeyConfig {
            id: id.to_string(),
            public_key_file: Some(keys_dir().join(file)),
            ..KeyConfig::default()
        });
    }
    // Only K2 may sign for /cf/b/.
    r.behaviors.push(BehaviorConfig {
        path_pattern: "/cf/b/*".to_string(),
        trusted_key_ids: vec!["K2".to_string()],
    });
    r
}

fn cf_cookie(id: &str, pem: &str, resource: &str, expires: i64) -> String {
    let s = cloudfront::Signer::from_pem(id, key(pem)).unwrap();
    s.sign_cookies(
        resource,
        &cloudfront::SignOptions::expires(expires).policy_kind(cloudfront::PolicyKind::Custom),
        &cloudfront::CookieAttributes::new(),
    )
    .unwrap()
    .cookie_header()
}

#[test]
fn cloudfront_cookies_urls_and_behaviors() {
    let dir = media("cf");
    let edge = start(vec![cf_route()], &dir);
    let o = edge.origin();
    let good = cf_cookie(
        "K1",
        "cloudfront-rsa2048.pem",
        &format!("{o}/cf/a/*"),
        now() + 300,
    );

    let r = edge.get("/cf/a/index.m3u8", &[("Cookie", &good)]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("content-type"),
        Some("application/vnd.apple.mpegurl")
    );
    let r = edge.get(
        "/cf/a/seg0.ts",
        &[("Cookie", &good), ("Range", "bytes=0-99")],
    );
    assert_eq!(r.status, 206);
    assert_eq!(r.body.len(), 100);
    assert_eq!(r.header("content-type"), Some("video/mp2t"));

    // No credential: CloudFront's MissingKey XML.
    let r = edge.get("/cf/a/seg0.ts", &[]);
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "missing_credential");
    assert!(r.text().contains("<Code>MissingKey</Code>"));

    // Expired.
    let old = cf_cookie(
        "K1",
        "cloudfront-rsa2048.pem",
        &format!("{o}/cf/a/*"),
        now() - 10,
    );
    let r = edge.get("/cf/a/seg0.ts", &[("Cookie", &old)]);
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "expired");
    assert!(r.text().contains("<Code>AccessDenied</Code>"));
    assert!(r.text().contains("expired"), "{}", r.text());

    // Tampered: the policy is another one than was signed.
    let other = cf_cookie(
        "K1",
        "cloudfront-rsa2048.pem",
        &format!("{o}/cf/*"),
        now() + 300,
    );
    let policy_of = |h: &str| {
        h.split("; ")
            .find(|c| c.starts_with("CloudFront-Policy="))
            .unwrap()
            .to_string()
    };
    let tampered = good.replace(&policy_of(&good), &policy_of(&other));
    let r = edge.get("/cf/a/seg0.ts", &[("Cookie", &tampered)]);
    assert_eq!(r.code(), "bad_signature", "{}", r.text());

    // Another path.
    let r = edge.get("/cf/vid1/manifest/seg0.ts", &[("Cookie", &good)]);
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "url_mismatch");

    // Behavior: /cf/b/* trusts K2 only.
    let k1_all = cf_cookie(
        "K1",
        "cloudfront-rsa2048.pem",
        &format!("{o}/cf/*"),
        now() + 300,
    );
    assert_eq!(
        edge.get("/cf/b/seg0.ts", &[("Cookie", &k1_all)]).code(),
        "unknown_key"
    );
    let k2_all = cf_cookie(
        "K2",
        "cloudfront-rsa2048-b.pem",
        &format!("{o}/cf/*"),
        now() + 300,
    );
    assert_eq!(
        edge.get("/cf/b/seg0.ts", &[("Cookie", &k2_all)]).status,
        200
    );
    assert_eq!(
        edge.get("/cf/a/seg0.ts", &[("Cookie", &k2_all)]).status,
        200
    );

    // Signed URL (canned).
    let s = cloudfront::Signer::from_pem("K1", key("cloudfront-rsa2048.pem")).unwrap();
    let url = s
        .sign_url(
            &format!("{o}/cf/a/seg0.ts"),
            &cloudfront::SignOptions::expires(now() + 60),
        )
        .unwrap();
    let target = url.strip_prefix(&o).unwrap();
    assert_eq!(edge.get(target, &[]).status, 200);
    let r = edge.get(&target.replace("/a/seg0.ts", "/b/seg0.ts"), &[]);
    assert_eq!(r.code(), "unknown_key");

    // Traversal and symlinks.
    traversal(&edge, "/cf/", &[("Cookie", &k1_all)]);
    #[cfg(unix)]
    {
        let r = edge.get("/cf/a/escape/passwd", &[("Cookie", &k1_all)]);
        assert_eq!(r.status, 403);
        assert_eq!(r.code(), "outside_root");
    }

    // Safety bounds.
    let long = format!("/cf/a/{}", "x".repeat(9000));
    assert_eq!(edge.get(&long, &[]).status, 414);
    let r = edge.get("/elsewhere", &[]);
    assert_eq!((r.status, r.code()), (404, "no_route"));
}

// ---- Stream ------------------------------------------------------------------------

fn stream_key() -> stream::SigningKey {
    stream::SigningKey::from_stream_keys_response(&key("stream-key-2.json")).unwrap()
}

#[test]
fn stream_tokens_in_the_path_and_access_rules() {
    let dir = media("stream");
    let mut r = RouteConfig::new("/s/", "stream");
    r.keys.push(KeyConfig {
        public_key: Some(key("stream-key-2.json")),
        ..KeyConfig::default()
    });
    let edge = start(vec![r], &dir);
    let k = stream_key();
    let t = now();
    let tok = |claims: stream::Claims| k.sign(&claims, t).unwrap();

    let good = tok(stream::Claims::new("vid1", t + 300));
    let r = edge.get(&format!("/s/{good}/manifest/video.m3u8"), &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        edge.get(&format!("/s/{good}/manifest/seg0.ts"), &[]).status,
        200
    );

    // Unsigned uid with requireSignedURLs.
    let r = edge.get("/s/vid1/manifest/video.m3u8", &[]);
    assert_eq!((r.status, r.code()), (403, "missing_credential"));

    // Expired (exp in the past: signed with an earlier "now").
    let old = k
        .sign(&stream::Claims::new("vid1", t - 10), t - 100)
        .unwrap();
    let r = edge.get(&format!("/s/{old}/manifest/video.m3u8"), &[]);
    assert_eq!(r.code(), "expired");
    assert!(r.text().contains("expired"));

    // Tampered: another payload under the same signature.
    let other = tok(stream::Claims::new("vid2", t + 300));
    let mut parts: Vec<&str> = good.split('.').collect();
    let other_payload = other.split('.').nth(1).unwrap();
    parts[1] = other_payload;
    let tampered = parts.join(".");
    let r = edge.get(&format!("/s/{tampered}/manifest/video.m3u8"), &[]);
    assert_eq!(r.code(), "bad_signature");

    // Another video: the token's sub picks the folder, vid2 has none.
    let r = edge.get(&format!("/s/{other}/manifest/video.m3u8"), &[]);
    assert_eq!(r.status, 404);

    // Access rules: allow KR, block the rest; country from CF-IPCountry.
    let kr = tok(stream::Claims::new("vid1", t + 300)
        .rule(stream::AccessRule::country(stream::Action::Allow, ["KR"]).unwrap())
        .rule(stream::AccessRule::any(stream::Action::Block)));
    let path = format!("/s/{kr}/manifest/video.m3u8");
    assert_eq!(edge.get(&path, &[("CF-IPCountry", "KR")]).status, 200);
    let r = edge.get(&path, &[("CF-IPCountry", "US")]);
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "access_denied");

    // IP rule: the peer is 127.0.0.1.
    let ip = tok(stream::Claims::new("vid1", t + 300)
        .rule(stream::AccessRule::ip(stream::Action::Block, ["127.0.0.0/8"]).unwrap()));
    let r = edge.get(&format!("/s/{ip}/manifest/video.m3u8"), &[]);
    assert_eq!(r.code(), "ip_not_allowed");

    traversal(&edge, &format!("/s/{good}/"), &[]);
}

#[test]
fn forwarded_for_only_from_trusted_proxies() {
    let dir = media("xff");
    let mk = |trusted: bool| {
        let mut r = RouteConfig::new("/s/", "stream");
        r.keys.push(KeyConfig {
            public_key: Some(key("stream-key-2.json")),
            ..KeyConfig::default()
        });
        let mut cfg = Config {
            listen: "127.0.0.1:0".to_string(),
            root: Some(dir.clone()),
            quiet: true,
            routes: vec![r],
            ..Config::default()
        };
        if trusted {
            cfg.client.trusted_proxies = vec!["127.0.0.1/32".to_string()];
        }
        cfg
    };
    let k = stream_key();
    let t = now();
    let tok = k
        .sign(
            &stream::Claims::new("vid1", t + 300)
                .rule(stream::AccessRule::ip(stream::Action::Allow, ["203.0.113.7"]).unwrap())
                .rule(stream::AccessRule::any(stream::Action::Block)),
            t,
        )
        .unwrap();
    let path = format!("/s/{tok}/manifest/video.m3u8");
    for (trusted, want) in [(false, 403), (true, 200)] {
        let cfg = mk(trusted);
        let edge = Edge::new(cfg).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let l = edge.bind().await.unwrap();
                tx.send(l.local_addr().unwrap()).unwrap();
                let _ = edge.serve(l).await;
            });
        });
        let run = Running {
            addr: rx.recv().unwrap(),
        };
        let r = run.get(&path, &[("X-Forwarded-For", "198.51.100.1, 203.0.113.7")]);
        assert_eq!(r.status, want, "trusted={trusted}: {}", r.text());
    }
}

// ---- Media CDN ---------------------------------------------------------------------

fn mc_signer() -> mediacdn::TokenSigner {
    mediacdn::TokenSigner::ed25519(
        mediacdn::SigningKey::from_text(key("mediacdn-ed25519.seed.b64url-nopad").trim()).unwrap(),
    )
}

fn mc_route(dual: bool) -> RouteConfig {
    let mut r = RouteConfig::new("/mc/", "mediacdn");
    r.keys.push(KeyConfig {
        id: "app-key".to_string(),
        public_key: Some(key("mediacdn-ed25519.pub.b64url")),
        ..KeyConfig::default()
    });
    if dual {
        r.add_signatures = Some(AddSignaturesConfig {
            actions: vec!["GENERATE_COOKIE".to_string()],
            token_ttl: 3600,
            token_query_parameter: None,
            copied_parameters: None,
            private_key: None,
            private_key_file: None,
            key_id: "edge-long".to_string(),
            keyset: Vec::new(),
        });
    }
    r
}

#[test]
fn mediacdn_tokens_and_dual_token_cookie() {
    let dir = media("mc");
    let edge = start(vec![mc_route(true)], &dir);
    let s = mc_signer();
    let t = now();
    let short = s
        .sign(&mediacdn::TokenClaims::new(t + 60).path_globs(["/mc/a/*"]))
        .unwrap();

    // The short-duration token opens the manifest and sets the long-duration cookie.
    let r = edge.get(&format!("/mc/a/index.m3u8?{}", short.query_pair()), &[]);
    assert_eq!(r.status, 200, "{}", r.text());
    let set = r
        .header("set-cookie")
        .expect("long-duration cookie")
        .to_string();
    assert!(set.starts_with("Edge-Cache-Cookie="), "{set}");
    assert!(set.contains("Path=/mc/"));
    let cookie = set.split(';').next().unwrap().to_string();

    // Segments play with the cookie alone.
    let r = edge.get("/mc/a/seg0.ts", &[("Cookie", &cookie)]);
    assert_eq!(r.status, 200, "{}", r.text());
    // ...and only under the copied PathGlobs.
    let r = edge.get("/mc/b/seg0.ts", &[("Cookie", &cookie)]);
    assert_eq!(r.code(), "url_mismatch");
    // Nothing at all.
    assert_eq!(edge.get("/mc/a/seg0.ts", &[]).code(), "missing_credential");

    // Expired short token.
    let old = s
        .sign(&mediacdn::TokenClaims::new(t - 5).path_globs(["/mc/a/*"]))
        .unwrap();
    let r = edge.get(&format!("/mc/a/index.m3u8?{}", old.query_pair()), &[]);
    assert_eq!(r.code(), "expired");
    assert!(r.header("set-cookie").is_none());

    // Tampered: widen the globs under the same signature.
    let tampered = short
        .query_pair()
        .replace("PathGlobs=/mc/a/*", "PathGlobs=/mc/*");
    let r = edge.get(&format!("/mc/b/seg0.ts?{tampered}"), &[]);
    assert_eq!(r.code(), "bad_signature", "{}", r.text());

    // Another path.
    let r = edge.get(&format!("/mc/b/seg0.ts?{}", short.query_pair()), &[]);
    assert_eq!(r.code(), "url_mismatch");

    traversal(&edge, "/mc/", &[("Cookie", &cookie)]);
}

#[test]
fn mediacdn_hls_cookieless_rewrites_the_manifest() {
    let dir = media("mchls");
    let mut route = mc_route(true);
    route.add_signatures.as_mut().unwrap().actions =
        vec!["GENERATE_TOKEN_HLS_COOKIELESS".to_string()];
    let edge = start(vec![route], &dir);
    let short = mc_signer()
        .sign(&mediacdn::TokenClaims::new(now() + 60).path_globs(["/mc/a/*"]))
        .unwrap();
    let r = edge.get(&format!("/mc/a/index.m3u8?{}", short.query_pair()), &[]);
    assert_eq!(r.status, 200);
    assert!(r.header("set-cookie").is_none());
    let body = r.text();
    let seg = body
        .lines()
        .find(|l| l.starts_with("seg0.ts?edge-cache-token="))
        .expect("rewritten segment URI")
        .to_string();
    assert_ne!(seg, format!("seg0.ts?{}", short.query_pair()));
    let r = edge.get(&format!("/mc/a/{seg}"), &[]);
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn mediacdn_signed_request_modes() {
    let dir = media("mcmode");
    let mut sigs = mc_route(false);
    sigs.signed_request_mode = Some("REQUIRE_SIGNATURES".to_string());
    sigs.prefix = "/sig/".to_string();
    let edge = start(vec![mc_route(false), sigs], &dir);
    let key =
        mediacdn::SigningKey::from_text(key("mediacdn-ed25519.seed.b64url-nopad").trim()).unwrap();
    let signer = mediacdn::Signer::new("app-key", key).unwrap();
    let o = edge.origin();
    let url = signer
        .sign_url(&format!("{o}/sig/a/seg0.ts"), now() + 60)
        .unwrap()
        .url;
    assert_eq!(edge.get(url.strip_prefix(&o).unwrap(), &[]).status, 200);
    // The same kind of signature on a REQUIRE_TOKENS route is refused.
    let url = signer
        .sign_url(&format!("{o}/mc/a/seg0.ts"), now() + 60)
        .unwrap()
        .url;
    let r = edge.get(url.strip_prefix(&o).unwrap(), &[]);
    assert_eq!(r.code(), "missing_credential", "{}", r.text());
    // Path-component signatures name the file without the token segment.
    let pc = signer
        .sign_path(&format!("{o}/sig/a/"), "seg0.ts", now() + 60)
        .unwrap()
        .url;
    assert_eq!(edge.get(pc.strip_prefix(&o).unwrap(), &[]).status, 200);
}

// ---- Cloud CDN ---------------------------------------------------------------------

#[test]
fn cloudcdn_urls_prefixes_and_cookies() {
    let dir = media("ccdn");
    let mut r = RouteConfig::new("/gc/", "cloudcdn");
    r.keys.push(KeyConfig {
        id: "k1".to_string(),
        shared_key: Some(key("cloudcdn-key.b64url")),
        ..KeyConfig::default()
    });
    let edge = start(vec![r], &dir);
    let o = edge.origin();
    let s = cloudcdn::Signer::new(
        "k1",
        cloudcdn::SigningKey::from_key_file(&key("cloudcdn-key.b64url")).unwrap(),
    )
    .unwrap();
    let t = now();
    let cookie = s
        .sign_cookie(&format!("{o}/gc/a/"), t + 300)
        .unwrap()
        .cookie_pair();
    assert_eq!(
        edge.get("/gc/a/seg0.ts", &[("Cookie", &cookie)]).status,
        200
    );
    assert_eq!(
        edge.get("/gc/a/index.m3u8", &[("Cookie", &cookie)]).status,
        200
    );
    // Another path.
    assert_eq!(
        edge.get("/gc/b/seg0.ts", &[("Cookie", &cookie)]).code(),
        "url_mismatch"
    );
    // Expired.
    let old = s
        .sign_cookie(&format!("{o}/gc/a/"), t - 1)
        .unwrap()
        .cookie_pair();
    let r = edge.get("/gc/a/seg0.ts", &[("Cookie", &old)]);
    assert_eq!(r.code(), "expired");
    assert!(r.text().contains("Expires"), "{}", r.text());
    // Tampered: the expiry pushed out under the same signature.
    let tampered = cookie.replace(
        &format!("Expires={}", t + 300),
        &format!("Expires={}", t + 9000),
    );
    assert_eq!(
        edge.get("/gc/a/seg0.ts", &[("Cookie", &tampered)]).code(),
        "bad_signature"
    );
    // Signed URL and prefix.
    let u = s
        .sign_url(&format!("{o}/gc/b/seg0.ts"), t + 60)
        .unwrap()
        .url;
    assert_eq!(edge.get(u.strip_prefix(&o).unwrap(), &[]).status, 200);
    let u = s
        .sign_prefix(&format!("{o}/gc/a/seg0.ts"), &format!("{o}/gc/a/"), t + 60)
        .unwrap()
        .url;
    assert_eq!(edge.get(u.strip_prefix(&o).unwrap(), &[]).status, 200);
    // Unsigned.
    assert_eq!(edge.get("/gc/a/seg0.ts", &[]).code(), "missing_credential");
    traversal(&edge, "/gc/", &[("Cookie", &cookie)]);
}

#[test]
fn open_route_and_content_types() {
    let dir = media("open");
    std::fs::write(dir.join("a/x.mpd"), "<MPD/>").unwrap();
    std::fs::write(dir.join("a/x.m4s"), "m4s").unwrap();
    std::fs::write(dir.join("a/x.mp4"), "mp4").unwrap();
    let edge = start(vec![RouteConfig::new("/", "none")], &dir);
    for (f, ct) in [
        ("x.mpd", "application/dash+xml"),
        ("x.m4s", "video/iso.segment"),
        ("x.mp4", "video/mp4"),
        ("index.m3u8", "application/vnd.apple.mpegurl"),
    ] {
        let r = edge.get(&format!("/a/{f}"), &[]);
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some(ct));
    }
    assert_eq!(edge.get("/a/nothing.ts", &[]).status, 404);
    // Request heads are bounded (max_header_bytes, enforced at hyper's buffer granularity).
    let big = "a".repeat(100_000);
    assert_eq!(edge.get("/a/x.mp4", &[("X-Big", &big)]).status, 431);
    // HEAD and Range.
    let r = edge.get("/a/x.mp4", &[("Range", "bytes=1-")]);
    assert_eq!((r.status, r.body.as_slice()), (206, &b"p4"[..]));
    assert_eq!(edge.get("/a/", &[]).status, 404);
}

#[test]
fn proxies_to_an_origin_behind_the_rules() {
    let dir = media("origin");
    // The origin: an open edge over the media folder.
    let origin = start(vec![RouteConfig::new("/", "none")], &dir);
    let mut r = RouteConfig::new("/gc/", "cloudcdn");
    r.origin = Some(format!("http://{}/a", origin.addr));
    r.keys.push(KeyConfig {
        id: "k1".to_string(),
        shared_key: Some(key("cloudcdn-key.b64url")),
        ..KeyConfig::default()
    });
    let empty = std::env::temp_dir();
    let edge = start(vec![r], &empty);
    let o = edge.origin();
    let s = cloudcdn::Signer::new(
        "k1",
        cloudcdn::SigningKey::from_key_file(&key("cloudcdn-key.b64url")).unwrap(),
    )
    .unwrap();
    let cookie = s
        .sign_cookie(&format!("{o}/gc/"), now() + 60)
        .unwrap()
        .cookie_pair();
    let r = edge.get("/gc/seg0.ts", &[("Cookie", &cookie)]);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.body.len(), 1880);
    assert_eq!(r.header("content-type"), Some("video/mp2t"));
    let r = edge.get(
        "/gc/seg0.ts",
        &[("Cookie", &cookie), ("Range", "bytes=0-9")],
    );
    assert_eq!((r.status, r.body.len()), (206, 10));
    let r = edge.get("/gc/index.m3u8", &[("Cookie", &cookie)]);
    assert_eq!(
        r.header("content-type"),
        Some("application/vnd.apple.mpegurl")
    );
    // Refused at the edge: the origin is not asked.
    assert_eq!(edge.get("/gc/seg0.ts", &[]).code(), "missing_credential");
    // The origin's own answers come through.
    assert_eq!(
        edge.get("/gc/nothing.ts", &[("Cookie", &cookie)]).status,
        404
    );
    // An origin that does not answer.
    let mut dead = RouteConfig::new("/", "none");
    dead.origin = Some("http://127.0.0.1:9".to_string());
    let e2 = start(vec![dead], &empty);
    let r = e2.get("/x.ts", &[]);
    assert_eq!((r.status, r.code()), (502, "origin_error"));
}

#[test]
fn slow_clients_time_out() {
    let dir = media("slow");
    let mut cfg = Config {
        listen: "127.0.0.1:0".to_string(),
        root: Some(dir.clone()),
        quiet: true,
        routes: vec![RouteConfig::new("/", "none")],
        ..Config::default()
    };
    cfg.limits.header_read_timeout_secs = 1;
    let edge = Edge::new(cfg).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let l = edge.bind().await.unwrap();
            tx.send(l.local_addr().unwrap()).unwrap();
            let _ = edge.serve(l).await;
        });
    });
    let addr = rx.recv().unwrap();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    // Half a request head, then nothing: the edge hangs up after about a second.
    s.write_all(b"GET /a/seg0.ts HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let waited = started.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(5),
        "still open after {waited:?}"
    );
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));
}
