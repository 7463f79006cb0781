# Shared settings for the MedAnchor scripts. Source it; do not run it.
#
# Every script builds with the same cargo profile, feature set and target
# directory, so the node, the runtime and the tests share one set of compiled
# crates and a second run is incremental.

MEDANCHOR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export MEDANCHOR_ROOT

# The target directory lives outside the checkout, so a fresh clone (CI's
# included) reuses an earlier build on the same machine.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/medanchor/target}"
# substrate-wasm-builder looks for Cargo.lock next to the target directory. With the target
# elsewhere it needs this hint, or else it resolves the runtime's WASM dependencies afresh
# instead of using the committed lock file.
export WASM_BUILD_WORKSPACE_HINT="$MEDANCHOR_ROOT"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# The one cargo profile every script builds with.
MEDANCHOR_PROFILE=release
export MEDANCHOR_PROFILE
MEDANCHOR_NODE="$CARGO_TARGET_DIR/$MEDANCHOR_PROFILE/medanchor-node"
export MEDANCHOR_NODE
MEDANCHOR_CLIENT="${MEDANCHOR_CLIENT:-$CARGO_TARGET_DIR/$MEDANCHOR_PROFILE/medanchor}"
export MEDANCHOR_CLIENT

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the system packages and Rust components a build needs, if missing.
ensure_prerequisites() {
    local missing=()
    command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
    command -v clang >/dev/null 2>&1 || missing+=(clang)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    # The client tests compare canonical XML with libxml2's, through xmlstarlet.
    command -v xmlstarlet >/dev/null 2>&1 || missing+=(xmlstarlet)
    dpkg -s libssl-dev >/dev/null 2>&1 || missing+=(libssl-dev)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing Debian packages: ${missing[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq >/dev/null \
            || die "apt-get update failed; install ${missing[*]} by hand"
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
            || die "apt-get install ${missing[*]} failed"
    fi
    command -v rustup >/dev/null 2>&1 || die "rustup not found; install it from the Rust project, then rerun"
    # rust-toolchain.toml names the toolchain, its targets and components;
    # installing them explicitly also works with rustup releases that do not
    # install them on first use.
    (cd "$MEDANCHOR_ROOT" && rustup toolchain install 1.95.0 --profile minimal \
        --component rustfmt,clippy,rust-src \
        --target wasm32v1-none,wasm32-unknown-unknown >/dev/null 2>&1) \
        || die "rustup could not install Rust 1.95.0 with the wasm32 targets and rust-src"
}

# Builds the node (which embeds the WASM runtime) and the medanchor client with the shared
# profile. Building every binary of the workspace in one invocation resolves the same feature
# set as the tests do, so no dependency is compiled a second time for the binaries.
build_node() {
    log "building medanchor-node and medanchor ($MEDANCHOR_PROFILE, target $CARGO_TARGET_DIR)"
    (cd "$MEDANCHOR_ROOT" && cargo build --locked --profile "$MEDANCHOR_PROFILE" --workspace --bins) \
        || die "cargo build of medanchor-node and medanchor failed"
}
