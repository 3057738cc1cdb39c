#!/usr/bin/env bash
# Runs every cdnsign fuzz target in turn, one process on one core, for
# MINUTES each (default 10), and prints one summary line per target.
#
#   fuzz/run-all.sh [MINUTES] [TARGET...]
#
# Needs cargo-fuzz; on a stable toolchain RUSTC_BOOTSTRAP=1 is set for it.
# Seeds come from tests/vectors/ (fuzz/seed.py); corpora grow in
# fuzz/corpus/<target>/, crash inputs land in fuzz/artifacts/<target>/,
# full libFuzzer output in fuzz/logs/<target>.log and the summary lines in
# fuzz/logs/summary.txt.
set -u
cd "$(dirname "$0")"

MINUTES=${1:-10}
shift || true
case "$MINUTES" in
'' | *[!0-9]*)
    echo "usage: $0 [MINUTES] [TARGET...]" >&2
    exit 2
    ;;
esac
# 20 s on top for start-up (loading the seed corpus).
SECONDS_PER_TARGET=$((MINUTES * 60 + 20))

ALL_TARGETS=(
    cloudfront_url
    cloudfront_cookie
    cloudfront_policy
    stream_token
    webhook
    mediacdn_verify
    cloudcdn_verify
    keys
    roundtrip
    manifest
)
if [ "$#" -gt 0 ]; then
    TARGETS=("$@")
else
    TARGETS=("${ALL_TARGETS[@]}")
fi

max_len() {
    case "$1" in
    cloudfront_url) echo 16384 ;;
    cloudfront_cookie | cloudfront_policy | webhook) echo 65536 ;;
    stream_token | mediacdn_verify | cloudcdn_verify) echo 32768 ;;
    keys) echo 70000 ;;
    roundtrip) echo 4096 ;;
    manifest) echo 65536 ;;
    *) echo 4096 ;;
    esac
}

export RUSTC_BOOTSTRAP=1
# -O: optimised; -a: debug assertions (integer overflow panics) on.
FUZZ_FLAGS=(-O -a)
if [ -n "${FUZZ_SANITIZER:-}" ]; then
    FUZZ_FLAGS+=(-s "$FUZZ_SANITIZER")
fi

mkdir -p logs corpus artifacts
python3 seed.py >/dev/null
cargo fuzz build "${FUZZ_FLAGS[@]}" || exit 1

SUMMARY=logs/summary.txt
printf '%s\n' "# $(date -u +%Y-%m-%dT%H:%M:%SZ) ${MINUTES} min per target" >>"$SUMMARY"
status=0
for t in "${TARGETS[@]}"; do
    log="logs/$t.log"
    mkdir -p "corpus/$t" "artifacts/$t"
    before=$(find "artifacts/$t" -type f | wc -l)
    start=$(date +%s)
    # -jobs=1 -workers=1: one fuzzing process; libFuzzer then writes its
    # output to fuzz-0.log in the working directory, appended to the log below.
    rm -f fuzz-0.log
    cargo fuzz run "${FUZZ_FLAGS[@]}" "$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_PER_TARGET" -jobs=1 -workers=1 \
        -rss_limit_mb=2048 -timeout=10 -max_len="$(max_len "$t")" \
        -print_final_stats=1 >"$log" 2>&1
    rc=$?
    if [ -f fuzz-0.log ]; then
        cat fuzz-0.log >>"$log"
        rm -f fuzz-0.log
    fi
    elapsed=$(($(date +%s) - start))
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    last=$(grep -E '^#[0-9]+.*cov: [0-9]+' "$log" | tail -1)
    cov=$(printf '%s' "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*')
    ft=$(printf '%s' "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
    corpus=$(find "corpus/$t" -type f | wc -l)
    after=$(find "artifacts/$t" -type f | wc -l)
    crashes=$((after - before))
    if [ "$crashes" -gt 0 ] || ! grep -q 'Done [0-9]* runs' "$log"; then
        status=1
    fi
    line=$(printf 'target=%s minutes=%s elapsed_s=%s executions=%s cov=%s ft=%s corpus=%s crashes=%s rc=%s' \
        "$t" "$MINUTES" "$elapsed" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$crashes" "$rc")
    echo "$line"
    echo "$line" >>"$SUMMARY"
done
exit $status
