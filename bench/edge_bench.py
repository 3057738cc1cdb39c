#!/usr/bin/env python3
"""Requests per second through `cdnsign edge` (issue 18): keep-alive GETs of a
1 KiB segment on loopback, one route per credential, against the same edge with
verification off. Not a test. Load generator: wrk (Debian package `wrk`),
bounded in connections and seconds, 127.0.0.1 only.

    python3 bench/edge_bench.py --cli target/release/cdnsign --json target/bench/edge.json

Prints a markdown table; bench/report.py --edge renders the JSON into BENCHMARKS.md.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parents[1]
KEYS = REPO / "tests" / "vectors" / "keys"


def run_json(cli: str, *args: str) -> dict:
    return json.loads(subprocess.run([cli, "--json", *args], check=True, capture_output=True, text=True).stdout)


def wrk(url: str, headers: Dict[str, str], seconds: int, connections: int, threads: int) -> dict:
    cmd = ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run(cmd + [url], check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def lat(p: str) -> float:
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        v, unit = float(m.group(1)), m.group(2)
        return v * {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {"rps": rps, "p50_us": lat("50"), "p99_us": lat("99"), "non_2xx": int(non2xx.group(1)) if non2xx else 0}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cli", default=str(REPO / "target" / "release" / "cdnsign"))
    p.add_argument("--seconds", type=int, default=5)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--wrk-threads", type=int, default=1)
    p.add_argument("--edge-threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median is reported")
    p.add_argument("--json")
    a = p.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="cdnsign-edge-bench-"))
    for d in ("open", "cf", "gc", "mc", "st/vid1"):
        (work / d).mkdir(parents=True)
        (work / d / "seg.ts").write_bytes(b"\x47" * 1024)
    config = work / "edge.toml"
    config.write_text(f"""
listen = "127.0.0.1:0"
root = "{work}"
quiet = true

[[route]]
prefix = "/open/"
provider = "none"
root = "{work}/open"

[[route]]
prefix = "/cf/"
provider = "cloudfront"
root = "{work}/cf"
keys = [{{ id = "K1", public_key_file = "{KEYS}/cloudfront-rsa2048.pub.pem" }}]

[[route]]
prefix = "/gc/"
provider = "cloudcdn"
root = "{work}/gc"
keys = [{{ id = "k1", shared_key_file = "{KEYS}/cloudcdn-key.b64url" }}]

[[route]]
prefix = "/mc/"
provider = "mediacdn"
root = "{work}/mc"
keys = [{{ id = "key-1", public_key_file = "{KEYS}/mediacdn-ed25519.pub.b64url" }}]

[[route]]
prefix = "/st/"
provider = "stream"
root = "{work}/st"
keys = [{{ public_key_file = "{KEYS}/stream-key.json" }}]
""")
    edge = subprocess.Popen([a.cli, "--json", "edge", "--config", str(config), "--threads", str(a.edge_threads)],
                            stdout=subprocess.PIPE, text=True)
    try:
        url = json.loads(edge.stdout.readline())["url"]
        cf = run_json(a.cli, "cloudfront", "sign-cookies", "--private-key", str(KEYS / "cloudfront-rsa2048.pem"),
                      "--key-pair-id", "K1", "--policy", "custom", "--expires", "+1h", f"{url}/cf/*")
        gc = run_json(a.cli, "cloudcdn", "sign-cookie", "--key", str(KEYS / "cloudcdn-key.b64url"), "--key-name", "k1",
                      "--prefix", f"{url}/gc/", "--expires", "+1h")
        mc = run_json(a.cli, "mediacdn", "sign", "--key", str(KEYS / "mediacdn-ed25519.seed.b64url-nopad"),
                      "--path-glob", "/mc/*", "--expires", "+1h")
        st = run_json(a.cli, "stream", "sign", "--key", str(KEYS / "stream-key.json"), "--video", "vid1", "--expires", "+1h")
        cases = [
            ("off", "verification off (provider none)", f"{url}/open/seg.ts", {}),
            ("cloudcdn_cookie", "Cloud CDN signed cookie (HMAC-SHA1)", f"{url}/gc/seg.ts", {"Cookie": gc["cookie"]}),
            ("mediacdn_token", "Media CDN token in the query (Ed25519)", f"{url}/mc/seg.ts?{mc['query']}", {}),
            ("cloudfront_cookie", "CloudFront signed cookies (RSA-2048 SHA-1, custom policy)", f"{url}/cf/seg.ts",
             {"Cookie": cf["cookie_header"]}),
            ("stream_token", "Stream token in the path (RS256)", f"{url}/st/{st['token']}/seg.ts", {}),
        ]
        for _, _, u, h in cases:  # every credential must be accepted before timing
            r = wrk(u, h, 1, 2, 1)
            if r["non_2xx"]:
                raise SystemExit(f"{u}: {r['non_2xx']} refusals")
        load_before = os.getloadavg()[0]
        runs: Dict[str, List[dict]] = {c[0]: [] for c in cases}
        for _ in range(a.rounds):
            for cid, _, u, h in cases:
                runs[cid].append(wrk(u, h, a.seconds, a.connections, a.wrk_threads))
                time.sleep(0.5)
        load_after = os.getloadavg()[0]
    finally:
        edge.terminate()
        edge.wait()
        shutil.rmtree(work, ignore_errors=True)

    def median(cid: str, key: str) -> float:
        vals = sorted(r[key] for r in runs[cid])
        return vals[len(vals) // 2]

    base = median("off", "rps")
    rows = []
    targets = {"cloudcdn_cookie": 0.7, "mediacdn_token": 0.7, "cloudfront_cookie": 0.5}
    for cid, label, _, _ in cases:
        rps = median(cid, "rps")
        rows.append({"id": cid, "label": label, "rps": rps, "ratio": rps / base, "p50_us": median(cid, "p50_us"),
                     "p99_us": median(cid, "p99_us"), "target": targets.get(cid)})
    result = {
        "command": " ".join(["python3", "bench/edge_bench.py"] + sys.argv[1:]),
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[0:1],
        "seconds": a.seconds, "connections": a.connections, "wrk_threads": a.wrk_threads,
        "edge_threads": a.edge_threads, "rounds": a.rounds, "cpus": os.cpu_count(),
        "loadavg_1min": [round(load_before, 2), round(load_after, 2)], "rows": rows,
    }
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(result, indent=2) + "\n")
    print(edge_table(result))
    return 0


def edge_table(result: dict) -> str:
    lines = ["| credential | requests/s | × verification off | target | p50 | p99 |", "|---|---:|---:|---|---:|---:|"]
    for r in result["rows"]:
        target: Optional[float] = r["target"]
        t = "—" if target is None else f"≥ {target}× {'met' if r['ratio'] >= target else 'MISSED'}"
        lines.append(f"| {r['label']} | {r['rps']:,.0f} | **{r['ratio']:.2f}×** | {t} | {r['p50_us']:.0f} µs | {r['p99_us']:.0f} µs |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
