# AfterSales — the two commands of the README:
#   make run    install what is missing, build, start on SQLite with demo data
#   make test   install what is missing, then run every check
# and `make bench` for the size and throughput figures.
#
# Nothing is downloaded outside the package registries (crates.io, npm, Debian): Trunk runs
# --offline with wasm-bindgen-cli from crates.io and wasm-opt from npm's binaryen; the portal is
# then split by tools/split-wasm (python3) with wasm-split-cli from crates.io; both apps'
# JavaScript is minified by terser from npm.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

TOOLS := $(CURDIR)/.tools
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(TOOLS)/node_modules/.bin:$(CARGO_BIN):$(HOME)/.cargo/bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)

TRUNK_VERSION := 0.21.14
BINARYEN_VERSION := 132.0.0
TERSER_VERSION := 5.51.4
WASM_SPLIT_VERSION := 0.2.4
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)
RUN_ADDR ?= 127.0.0.1:3000
RUN_DATABASE_URL ?= sqlite://data/aftersales.db
WASM_PROFILE := wasm-release

.PHONY: help run test bench fetch tools e2e-tools client server check unit-and-integration e2e screenshots

help:
	@echo "make run    build and start AfterSales on SQLite with demo data"
	@echo "make test   fmt, clippy (both feature sets), unit, integration (SQLite; PostgreSQL with TEST_POSTGRES_URL), end-to-end"
	@echo "make bench  app sizes, Lighthouse on a phone, booking throughput, live fan-out, KPIs at 1,000,000 orders"

# ---------- Tools (installed only when missing) ----------
# Every crate in Cargo.lock, for every target: Trunk's browser build runs --offline, and the
# crates only the browser build uses are otherwise never downloaded on a fresh machine.
tools: fetch
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@trunk --version 2>/dev/null | grep -q "$(TRUNK_VERSION)" || cargo install trunk --version $(TRUNK_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@wasm-opt --version 2>/dev/null | grep -q "version 132" || npm install --no-audit --no-fund --prefix $(TOOLS) binaryen@$(BINARYEN_VERSION)
	@terser --version 2>/dev/null | grep -qx "terser $(TERSER_VERSION)" || npm install --no-audit --no-fund --prefix $(TOOLS) terser@$(TERSER_VERSION)
	@command -v python3 >/dev/null || (apt-get update -qq && apt-get install -y -qq python3)
	@cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):" \
		|| cargo install wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary --locked

fetch:
	cargo fetch

e2e-tools:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	@test -d end2end/node_modules/@playwright/test -a -d end2end/node_modules/@axe-core/playwright \
		|| (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)

# ---------- Builds ----------
# The two browser apps, each its own bundle optimised for size (opt-level z, LTO, wasm-opt -Oz,
# Leptos's type erasure from .cargo/config.toml): the portal (index.html, served at /) and the
# console (staff.html, served at /staff), built without the portal's pages (feature `portal`).
# tools/split-wasm splits the portal into its main module and a pack per group of pages. Both
# apps' JavaScript is minified by terser (Trunk's own minifier gives up on wasm-bindgen's
# module; the JavaScript keeps its name, and neither page checks its integrity). Then every
# text asset gets its brotli (quality 11) and gzip (-9) twin, which the server sends to
# browsers that accept them.
client: tools
	trunk build --offline --release --cargo-profile $(WASM_PROFILE) --dist dist/portal index.html
	tools/split-wasm portal dist/portal $(TARGET_DIR)/wasm32-unknown-unknown/$(WASM_PROFILE)/portal.wasm src/ui/portal/mod.rs
	trunk build --offline --release --cargo-profile $(WASM_PROFILE) --dist dist/console --public-url /staff/ staff.html
	for script in dist/portal/*.js dist/console/*.js; do terser "$$script" --module --compress --mangle --output "$$script"; done
	@command -v brotli >/dev/null || (apt-get update -qq && apt-get install -y -qq brotli)
	find dist/portal dist/console -type f \( -name '*.wasm' -o -name '*.pack' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' \) -print0 \
		| xargs -0 -P 2 -n 1 sh -c 'brotli -f -q 11 -w 24 "$$1" && gzip -9 -k -f "$$1"' _

server:
	cargo build --release --bin aftersales

# ---------- make run ----------
run: client server
	@echo
	@echo "  AfterSales is starting at  http://$(RUN_ADDR)/        (customer portal)"
	@echo "                             http://$(RUN_ADDR)/staff   (staff console)"
	@echo
	@echo "  Demo logins (password demo1234 for all):"
	@echo "    customer portal   13800138000 (王先生)"
	@echo "    staff console     advisor (service advisor, Pudong) · advisor2 (service advisor, Minhang)"
	@echo "                      tech · inspector · admin (outlet manager, Pudong) · csm (customer service, HQ)"
	@echo "                      regional (regional manager, Shanghai) · hqadmin (headquarters)"
	@echo "  Registering needs a texted code: the demo shows it at http://$(RUN_ADDR)/dev/outbox"
	@echo "  The demo group starts with two years of past orders (3,000): see 服务绩效 as admin."
	@echo
	@echo "  Database: $(RUN_DATABASE_URL)   Stop with Ctrl-C."
	@echo
	@mkdir -p data
	DATABASE_URL="$(RUN_DATABASE_URL)" APP_ADDR="$(RUN_ADDR)" DEMO_DATA=true DEMO_HISTORY_ORDERS=3000 \
		STATIC_DIR=dist $(TARGET_DIR)/release/aftersales

# ---------- make test ----------
test: tools e2e-tools check unit-and-integration e2e
	@echo "make test: all checks passed"

check:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --no-default-features --features portal -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --no-default-features --features csr -- -D warnings

# Unit tests beside the rules, and the API tests over HTTP (SQLite always; PostgreSQL when
# TEST_POSTGRES_URL is set, which .ci/run does).
unit-and-integration:
	@if [ -z "$${TEST_POSTGRES_URL:-}" ]; then echo "note: TEST_POSTGRES_URL is not set: PostgreSQL tests will be skipped"; fi
	cargo test

# Playwright in Chromium against the real server (debug build) and the release client.
e2e: client
	cargo build --bin aftersales
	cd end2end && AFTERSALES_BIN="$(TARGET_DIR)/debug/aftersales" npx playwright test

# ---------- make bench ----------
# Prints what a phone meets first (each app's size as served, and Lighthouse's mobile preset on
# the portal's home, sign-in and a tracking link, against a release server), booking throughput
# on SQLite, and the live fan-out: staff step → 1,000 customer event streams (median, p95) and
# the server's memory (SQLite; also two instances on PostgreSQL when TEST_POSTGRES_URL is set).
LIGHTHOUSE_VERSION := 12.8.2

bench: client e2e-tools
	@lighthouse --version 2>/dev/null | grep -qx "$(LIGHTHOUSE_VERSION)" || npm install --no-audit --no-fund --prefix $(TOOLS) lighthouse@$(LIGHTHOUSE_VERSION)
	cargo bench --bench first_load
	cargo bench --bench booking_throughput
	cargo bench --bench live_fanout
	cargo bench --bench sign_in_memory
	cargo bench --bench kpis_at_scale

# The README's screenshots, from a fresh demo server (needs `make client`, the e2e tools and a
# Chinese font, which it installs when missing).
screenshots: client e2e-tools
	@fc-list | grep -qi wqy || (apt-get update -qq && apt-get install -y -qq fonts-wqy-zenhei)
	cargo build --bin aftersales
	rm -rf target/screenshot-data && mkdir -p target/screenshot-data
	DATABASE_URL=sqlite://target/screenshot-data/demo.db APP_ADDR=127.0.0.1:3200 DEMO_DATA=true STATIC_DIR=dist \
		$(TARGET_DIR)/debug/aftersales & pid=$$!; \
		trap "kill $$pid" EXIT; \
		for _ in $$(seq 1 30); do curl -sf http://127.0.0.1:3200/healthz >/dev/null && break; sleep 1; done; \
		cd end2end && node screenshots.mjs http://127.0.0.1:3200
