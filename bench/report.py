"""Writes BENCHMARKS.md from one `make bench` run; never edit the file by hand.

    python bench/report.py --python target/bench/python.json \
        --node target/bench/node.json --criterion target/criterion > BENCHMARKS.md

Reads criterion's estimates (median of each bench function, both crypto
backends) and the JSON the Python and Node scripts wrote, and appends
bench/ANALYSIS.md (where the time goes, written by people) verbatim.
"""

import argparse
import json
import os
import platform
import subprocess
from typing import Dict, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Which bare primitive bounds each cross-language operation (criterion names,
# aws-lc backend): the "floor" column.
FLOORS = {
    "CloudFront canned URL (RSA-2048 SHA-1)": "rsa2048_pkcs1v15_sha1_sign",
    "Stream token (RS256 JWT)": "rsa2048_pkcs1v15_sha256_sign",
    "Media CDN Ed25519 token (URLPrefix)": "ed25519_sign_200B",
    "Stream webhook verify (1 KiB body)": "hmac_sha256_verify_1KiB",
}

# Provider benches set against the primitive they rest on, with the issue's
# bound on our overhead where it states one.
OVERHEAD = [
    ("cloudfront_sign_url_canned_sha1", "rsa2048_pkcs1v15_sha1_sign", 1.10),
    ("stream_token_sign", "rsa2048_pkcs1v15_sha256_sign", None),
    ("mediacdn_token_ed25519", "ed25519_sign_200B", None),
    ("webhook_verify_1KiB", "hmac_sha256_verify_1KiB", None),
]


def criterion(root: str) -> Dict[Tuple[str, str, str], float]:
    """{(kind, backend, function): median ns} from target/criterion."""
    out: Dict[Tuple[str, str, str], float] = {}
    for dirpath, _dirs, files in os.walk(root):
        if os.path.basename(dirpath) != "new" or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json"), encoding="utf-8") as f:
            meta = json.load(f)
        with open(os.path.join(dirpath, "estimates.json"), encoding="utf-8") as f:
            est = json.load(f)
        group = meta["group_id"]  # "providers/aws-lc"
        if "/" not in group:
            continue
        kind, backend = group.split("/", 1)
        out[(kind, backend, meta["function_id"])] = est["median"]["point_estimate"]
    return out


def fmt_ops(ops: float) -> str:
    return f"{ops:,.0f}"


def fmt_time(ns: Optional[float]) -> str:
    if ns is None:
        return "—"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def machine() -> List[str]:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(cmd: List[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "not found"

    return [
        f"- CPU: {os.cpu_count()} × {cpu}",
        f"- OS: {platform.system()} {platform.release()}",
        f"- {version(['rustc', '--version'])}",
    ]


def peers_table(results: List[dict], crit: Dict[Tuple[str, str, str], float]) -> List[str]:
    lines = [
        "| language | operation | peer | peer ops/s | cdnsign ops/s | ratio | target | | floor ops/s |",
        "|---|---|---|---:|---:|---:|---:|---|---:|",
    ]
    for res in results:
        for r in res["rows"]:
            floor_ns = crit.get(("primitives", "aws-lc", FLOORS.get(r["operation"], "")))
            floor = fmt_ops(1e9 / floor_ns) if floor_ns else "—"
            # Rows without a target are context (e.g. the peer with a pre-parsed key).
            target = "—" if r["target"] is None else f"≥ {r['target']:g}×"
            verdict = "" if r["met"] is None else ("met" if r["met"] else "MISSED")
            lines.append(
                f"| {res['language']} | {r['operation']} | {r['peer']} | {fmt_ops(r['peer_ops'])} "
                f"| {fmt_ops(r['ours_ops'])} | **{r['ratio']:.2f}×** | {target} | {verdict} | {floor} |"
            )
    return lines


def threads_table(results: List[dict]) -> List[str]:
    lines = [
        "| language | what | 1 thread ops/s | 2 cores ops/s | scaling | target | |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for res in results:
        for t in res["threads"]:
            met = "met" if t["met"] else "MISSED"
            lines.append(
                f"| {res['language']} | {t['who']} | {fmt_ops(t['one'])} | {fmt_ops(t['two'])} "
                f"| **{t['ratio']:.2f}×** | ≥ {t['target']:g}× | {met} |"
            )
    return lines


def rust_tables(crit: Dict[Tuple[str, str, str], float]) -> List[str]:
    lines: List[str] = []
    for kind in ("primitives", "providers"):
        names = sorted({f for (k, _b, f) in crit if k == kind})
        if not names:
            continue
        lines += [
            "",
            f"### `{kind}` (criterion median per call)",
            "",
            "| bench | aws-lc | rust-crypto |",
            "|---|---:|---:|",
        ]
        for name in names:
            a = crit.get((kind, "aws-lc", name))
            b = crit.get((kind, "rust-crypto", name))
            lines.append(f"| `{name}` | {fmt_time(a)} | {fmt_time(b)} |")
    lines += [
        "",
        "### Our overhead over the bare primitive (aws-lc)",
        "",
        "| operation | primitive | operation time | primitive time | ratio | bound | |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for op, prim, bound in OVERHEAD:
        a = crit.get(("providers", "aws-lc", op))
        p = crit.get(("primitives", "aws-lc", prim))
        if a is None or p is None:
            continue
        ratio = a / p
        verdict = "" if bound is None else ("met" if ratio <= bound else "MISSED")
        lines.append(
            f"| `{op}` | `{prim}` | {fmt_time(a)} | {fmt_time(p)} | {ratio:.2f}× "
            f"| {'—' if bound is None else f'≤ {bound:.2f}×'} | {verdict} |"
        )
    return lines


def edge_section(path: Optional[str]) -> List[str]:
    """The `cdnsign edge` rows (bench/edge_bench.py's JSON), when it was run."""
    if not path or not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        e = json.load(f)
    lines = [
        "## `cdnsign edge`: requests per second with a credential",
        "",
        f"Command: `{e['command']}`: a release build of the edge ({e['edge_threads']} worker"
        f" thread{'s' if e['edge_threads'] != 1 else ''}, no access log) and wrk ({e['wrk_threads']}"
        f" thread, {e['connections']} keep-alive connections, {e['seconds']} s per run, {e['rounds']}"
        " alternating rounds, median) on the same 2 cores, loopback, a 1 KiB `.ts` file. The ratio is",
        "against the same edge serving the same file on a route with verification off. Every credential",
        "is checked on every request (CloudFront: a custom-policy cookie header whose signature verified",
        "once is remembered; its policy is re-checked per request).",
        *([f"1-minute load average before and after: {e['loadavg_1min'][0]} → {e['loadavg_1min'][1]} on"
           f" {e['cpus']} CPUs (other work on the machine makes single runs noisy; compare ratios of one run)."]
          if e.get("loadavg_1min") else []),
        "",
        "| credential | requests/s | × verification off | target | p50 | p99 |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for r in e["rows"]:
        t = r.get("target")
        verdict = "—" if t is None else f"≥ {t}× {'met' if r['ratio'] >= t else 'MISSED'}"
        lines.append(f"| {r['label']} | {r['rps']:,.0f} | **{r['ratio']:.2f}×** | {verdict}"
                     f" | {r['p50_us']:.0f} µs | {r['p99_us']:.0f} µs |")
    return lines + [""]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--python", required=True)
    p.add_argument("--node", required=True)
    p.add_argument("--criterion", required=True)
    p.add_argument("--command", default="make bench")
    p.add_argument("--edge", help="bench/edge_bench.py --json output (optional)")
    args = p.parse_args()

    results = []
    for path in (args.python, args.node):
        with open(path, encoding="utf-8") as f:
            results.append(json.load(f))
    crit = criterion(args.criterion)

    out = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/report.py from one `make bench` run. Do not edit by hand:",
        "     change the scripts in bench/ or bench/ANALYSIS.md and rerun `make bench`. -->",
        "",
        f"Command: `{args.command}` (criterion on both crypto backends, then the Python and Node",
        "scripts against release builds, then this report). Benchmarks are not tests and are not",
        "part of `make test`.",
        "",
        "## Machine",
        "",
        *machine(),
        *[f"- {r['language']}: {r['runtime']}, cdnsign {r['cdnsign']}, `{r['command']}`"
          f" ({r['rounds']} alternating rounds, median)" for r in results],
        "",
        "## cdnsign against the peers, one process, one thread",
        "",
        "Ratio = cdnsign ops/s ÷ peer ops/s; every pair was checked to produce the same bytes",
        "(or to verify) before timing. Floor = the bare crypto primitive the operation rests on",
        "(criterion, aws-lc, Rust, no formatting): no binding can beat it.",
        "",
        *peers_table(results, crit),
        "",
        "## Signing on both cores",
        "",
        "Python releases the GIL around the RSA signature; Node runs `*Async` calls on the libuv",
        "pool. Scaling = calls/s with two workers ÷ calls/s with one, same process.",
        "",
        *threads_table(results),
        "",
        *edge_section(args.edge),
        "## Rust (criterion), both crypto backends",
        *rust_tables(crit),
        "",
    ]
    analysis = os.path.join(ROOT, "bench", "ANALYSIS.md")
    if os.path.exists(analysis):
        with open(analysis, encoding="utf-8") as f:
            out += [f.read().rstrip(), ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
