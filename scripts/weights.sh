#!/usr/bin/env bash
# Regenerates the weights of MedAnchor's pallets from frame-benchmarking runs.
#
# Installs frame-omni-bencher (stable2609 line) if missing, builds the WASM runtime with the
# runtime-benchmarks feature in a target directory of its own (so the production build is not
# rebuilt), runs every benchmark of each pallet and writes `pallets/<name>/src/weights.rs`
# from scripts/templates/weights.hbs.
#
# Usage: scripts/weights.sh [PALLET]...    e.g. scripts/weights.sh pallet_validator_set
#   Without arguments every MedAnchor pallet is benchmarked. Takes about 40 minutes the
#   first time (installing the bencher and building the runtime), a few minutes later on.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$MEDANCHOR_ROOT"

OMNI_BENCHER_VERSION=0.28.0
TOOLS_DIR="$HOME/.cache/medanchor/tools"
BENCH_TARGET_DIR="$HOME/.cache/medanchor/bench-target"
bencher="$TOOLS_DIR/bin/frame-omni-bencher"

# pallet name → crate folder under pallets/
declare -A PALLET_DIRS=(
    [pallet_validator_set]=validator-set
    [pallet_institutions]=institutions
    [pallet_anchors]=anchors
    [pallet_reputation]=reputation
    [pallet_judicial]=judicial
)

pallets=("$@")
[ ${#pallets[@]} -gt 0 ] || pallets=("${!PALLET_DIRS[@]}")
for pallet in "${pallets[@]}"; do
    [ -n "${PALLET_DIRS[$pallet]:-}" ] \
        || die "unknown pallet '$pallet'; known: ${!PALLET_DIRS[*]}"
done

ensure_prerequisites
# frame-omni-bencher links RocksDB, whose bindings are generated with libclang.
if ! dpkg -s libclang-dev >/dev/null 2>&1; then
    log "installing Debian package: libclang-dev"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libclang-dev >/dev/null \
        || die "apt-get install libclang-dev failed"
fi

installed=""
[ -x "$bencher" ] && installed=$("$bencher" --version 2>/dev/null | awk '{print $2}')
if [ "$installed" != "$OMNI_BENCHER_VERSION" ]; then
    log "installing frame-omni-bencher $OMNI_BENCHER_VERSION into $TOOLS_DIR"
    # The workspace hint names this repository; the bencher's own WASM test runtime must
    # resolve against the bencher's lock file instead.
    env -u WASM_BUILD_WORKSPACE_HINT CARGO_TARGET_DIR="$HOME/.cache/medanchor/tools-target" \
        cargo install --locked --root "$TOOLS_DIR" "frame-omni-bencher@$OMNI_BENCHER_VERSION" \
        || die "cargo install frame-omni-bencher failed"
fi

# `cargo check` still runs the runtime's build script, which compiles the WASM runtime; the
# native side is only type-checked.
log "building the WASM runtime with runtime-benchmarks into $BENCH_TARGET_DIR"
CARGO_TARGET_DIR="$BENCH_TARGET_DIR" cargo check --locked --release -p medanchor-runtime \
    --features runtime-benchmarks || die "building the benchmark runtime failed"
wasm="$BENCH_TARGET_DIR/release/wbuild/medanchor-runtime/medanchor_runtime.compact.compressed.wasm"
[ -f "$wasm" ] || die "the benchmark runtime was not written to $wasm"

for pallet in "${pallets[@]}"; do
    output="pallets/${PALLET_DIRS[$pallet]}/src/weights.rs"
    log "benchmarking $pallet into $output"
    "$bencher" v1 benchmark pallet \
        --runtime "$wasm" \
        --genesis-builder-preset development \
        --pallet "$pallet" \
        --extrinsic '*' \
        --steps 50 \
        --repeat 20 \
        --template scripts/templates/weights.hbs \
        --output "$output" \
        || die "benchmarking $pallet failed"
    rustfmt --edition 2021 "$output"
done
log "weights written; review them with 'git diff pallets/*/src/weights.rs'"
